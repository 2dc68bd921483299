// The scan's hash reader: each distinct hash decoded once, two hashes never mistaken for each other,
// and no more remembered than its bound.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createHashReader } from '../../src/hardware-hash/cache.js';
import { encodeHardwareHash } from '../../src/hardware-hash/encode.js';

const hashOf = (serial: string): string => encodeHardwareHash({ serial, manufacturer: 'HP', model: 'EliteBook 840 G10' });

test('a hash seen again is not decoded again, and reads the same', () => {
  const reader = createHashReader();
  const [a, b] = [hashOf('5CG0001'), hashOf('5CG0002')];
  const first = reader.read(a);
  reader.read(b);
  assert.equal(reader.read(a), first);
  // The same text as a string of its own (as a second row's cell is) is still the same hash.
  assert.equal(reader.read(Buffer.from(a).toString()), first);
  assert.equal(reader.decoded, 2);
});

test('two hashes that end alike are two hashes', () => {
  const reader = createHashReader();
  const a = hashOf('5CG0001');
  // The same record under another device's serial, then the first hash's signature bytes: the same end.
  const b = `${hashOf('5CG0002').slice(0, 2000)}${a.slice(2000)}`;
  assert.equal(a.slice(-100), b.slice(-100));
  const readA = reader.read(a);
  const readB = reader.read(b);
  assert.deepEqual([readA.kind === 'read' && readA.facts.serial, readB.kind === 'read' && readB.facts.serial], ['5CG0001', '5CG0002']);
  assert.equal(reader.read(a), reader.read(a));
  assert.equal(reader.decoded, 3, 'the second replaced the first under their shared key; the first was read again, once');
});

test('no more hashes are remembered than the bound: the oldest go first', () => {
  const reader = createHashReader(2);
  const hashes = ['A1', 'A2', 'A3'].map(hashOf);
  for (const h of hashes) reader.read(h);
  reader.read(hashes[2] ?? '');
  reader.read(hashes[1] ?? '');
  assert.equal(reader.decoded, 3);
  reader.read(hashes[0] ?? '');
  assert.equal(reader.decoded, 4, 'the first was forgotten');
});
