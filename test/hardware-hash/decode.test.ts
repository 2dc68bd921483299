// The hardware hash reader (SPEC §2 Input): what it reads out of a record, what it calls no hash or a
// hash cut short, and that nothing — random bytes, random text — makes it throw.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { readHardwareHash, readHashRecord, type HashReading } from '../../src/hardware-hash/decode.js';
import { encodeHardwareHash, encodeHashRecord, type HashEntry } from '../../src/hardware-hash/encode.js';

const LENOVO = { serial: 'PF4ABCDE', manufacturer: 'LENOVO', model: '21HMCTO1WW' };
const WHOLE = encodeHardwareHash(LENOVO);
/** The record's length as its header declares it (bytes 2–3, little-endian). */
const DECLARED = Buffer.from(WHOLE.slice(0, 8), 'base64').readUInt16LE(2);

/** A record of the given entries, as base64, with `trailer` bytes after it (a real hash's signature). */
function hash(entries: HashEntry[], trailer = 0): string {
  return Buffer.concat([encodeHashRecord(entries), Buffer.alloc(trailer, 0x5a)]).toString('base64');
}

const cases: Array<{ name: string; text: string; expected: HashReading }> = [
  {
    name: 'the serial, manufacturer, model and product key ID entries, whatever else the record holds',
    text: hash([
      { type: 1, value: new Uint8Array(24) },
      { type: 8, value: new Uint8Array(10) },
      { type: 14, value: 'PF4ABCDE' },
      { type: 16, value: 'LENOVO' },
      { type: 17, value: '21HMCTO1WW' },
      { type: 24, value: '3305210143275' },
      { type: 25, value: new Uint8Array(280) },
    ], 40),
    expected: { kind: 'read', facts: { serial: 'PF4ABCDE', manufacturer: 'LENOVO', model: '21HMCTO1WW', productKeyId: '3305210143275' }, bytes: 427, declared: 387, partial: false },
  },
  {
    name: 'entry types no decoder knows are skipped',
    text: hash([{ type: 200, value: 'whatever' }, { type: 14, value: 'SN1' }, { type: 99, value: new Uint8Array(0) }]),
    expected: { kind: 'read', facts: { serial: 'SN1' }, bytes: 29, declared: 29, partial: false },
  },
  {
    name: 'SMBIOS padding and anything after the NUL are not part of the value; a blank value is no value',
    text: hash([{ type: 14, value: Buffer.from('  PF-9   \u0000junk') }, { type: 16, value: '   ' }]),
    expected: { kind: 'read', facts: { serial: 'PF-9' }, bytes: 30, declared: 30, partial: false },
  },
  {
    name: 'a control character in a value is shown as a replacement character, not passed on',
    text: hash([{ type: 17, value: 'Model\u0007X' }]),
    expected: { kind: 'read', facts: { model: 'Model\ufffdX' }, bytes: 16, declared: 16, partial: false },
  },
  {
    name: 'a hash wrapped over lines, as sheets paste it, is the same hash',
    text: hash([{ type: 14, value: 'WRAPPED-SERIAL' }], 30).replace(/(.{16})/g, '$1\r\n '),
    expected: { kind: 'read', facts: { serial: 'WRAPPED-SERIAL' }, bytes: 53, declared: 23, partial: false },
  },
  {
    name: 'an entry that runs past the record stops the reading; what came before stands',
    text: (() => {
      const record = encodeHashRecord([{ type: 14, value: 'SN2' }, { type: 16, value: 'Dell Inc.' }]);
      record.writeUInt16LE(200, 14); // the manufacturer entry now claims 200 bytes
      return record.toString('base64');
    })(),
    expected: { kind: 'read', facts: { serial: 'SN2' }, bytes: 26, declared: 26, partial: true },
  },
  {
    name: 'an entry shorter than its own header stops the reading (it would never move on)',
    text: (() => {
      const record = encodeHashRecord([{ type: 14, value: 'SN3' }, { type: 16, value: 'HP' }]);
      record.writeUInt16LE(0, 14);
      return record.toString('base64');
    })(),
    expected: { kind: 'read', facts: { serial: 'SN3' }, bytes: 19, declared: 19, partial: true },
  },
  {
    name: 'a hash cut off in its record says how many bytes of how many are there',
    text: WHOLE.slice(0, 1200),
    expected: { kind: 'cut-short', bytes: 900, declared: DECLARED },
  },
  {
    name: 'a cut that leaves a dangling base64 character is still a cut, not a wrong character',
    text: WHOLE.slice(0, 1201),
    expected: { kind: 'cut-short', bytes: 900, declared: DECLARED },
  },
  {
    name: 'text that holds characters base64 never has',
    text: 'not-a-hash-at-all',
    expected: { kind: 'not-a-hash', why: 'it holds "-", which base64 never does' },
  },
  {
    name: 'base64 of something else',
    text: Buffer.from('<?xml version="1.0"?><HardwareReport/>').toString('base64'),
    expected: { kind: 'not-a-hash', why: 'it does not begin with the "OA" of a hardware hash record' },
  },
  {
    name: 'padding in the middle is not base64',
    text: 'T0E=BQEA',
    expected: { kind: 'not-a-hash', why: 'its "=" padding stands in the middle, so it is not base64' },
  },
  {
    name: 'an empty cell',
    text: ' \t ',
    expected: { kind: 'not-a-hash', why: 'it is empty' },
  },
  {
    name: 'a record that declares less than its own header',
    text: Buffer.from([0x4f, 0x41, 2, 0, 14, 0, 5, 0]).toString('base64'),
    expected: { kind: 'not-a-hash', why: 'its record declares 2 bytes, fewer than its own header' },
  },
];

for (const c of cases) {
  test(`readHardwareHash: ${c.name}`, () => {
    assert.deepEqual(readHardwareHash(c.text), c.expected);
  });
}

test('readHardwareHash: the record\'s length is read little-endian, so a record over 255 bytes is not cut short', () => {
  const text = hash([{ type: 14, value: 'S'.repeat(300) }]);
  const reading = readHardwareHash(text);
  assert.equal(reading.kind, 'read');
  assert.equal(reading.kind === 'read' && reading.declared, 4 + 4 + 301);
});

test('readHashRecord: never throws, whatever the bytes, and its numbers agree with them', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 600 }), fc.boolean(), (random, withHeader) => {
      // Half the cases look like a record (OA and a plausible length), so the entry walk is what is tried.
      const bytes = withHeader ? Buffer.concat([Buffer.from([0x4f, 0x41, random.length & 0xff, random.length >> 8]), random]) : random;
      const reading = readHashRecord(bytes);
      if (reading.kind === 'cut-short') assert.ok(reading.bytes < reading.declared);
      if (reading.kind === 'read') assert.ok(reading.declared <= reading.bytes && reading.bytes === bytes.length);
    }),
    { numRuns: 2000 },
  );
});

test('readHardwareHash: never throws on any text, base64 or not', () => {
  const base64ish = fc.stringMatching(/^[A-Za-z0-9+/=\s]{0,200}$/);
  fc.assert(
    fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), base64ish), (text) => {
      const reading = readHardwareHash(text);
      assert.ok(['read', 'not-a-hash', 'cut-short'].includes(reading.kind));
    }),
    { numRuns: 2000 },
  );
});

test('readHardwareHash: a text is refused as no base64 exactly when it is not base64 (a cut that leaves a character dangling aside)', () => {
  const strict = (text: string): boolean => {
    const data = text.replace(/={1,2}$/, '');
    if (!/^[A-Za-z0-9+/]+$/.test(data)) return false;
    const padded = text.length - data.length;
    return padded === 0 || (text.length % 4 === 0 && data.length % 4 === 4 - padded);
  };
  const text = fc.string({ unit: fc.constantFrom(...'AQgw09+/=-$_'.split('')), minLength: 1, maxLength: 24 });
  fc.assert(
    fc.property(text, (candidate) => {
      const reading = readHardwareHash(candidate);
      const refused = reading.kind === 'not-a-hash' && reading.why.includes('base64');
      assert.equal(refused, !strict(candidate), JSON.stringify(reading));
    }),
    { numRuns: 3000 },
  );
});

test('readHardwareHash: every cut of a real-sized hash inside its record is cut short, never misread', () => {
  fc.assert(
    fc.property(fc.integer({ min: 8, max: Math.floor((DECLARED - 1) / 3) * 4 }), (cut) => {
      const reading = readHardwareHash(WHOLE.slice(0, cut));
      assert.equal(reading.kind, 'cut-short');
    }),
    { numRuns: 300 },
  );
});
