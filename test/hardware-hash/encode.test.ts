// The hash maker used by the simulator, the fixtures and the tests: what it makes reads back as the
// device it was made for, and looks like a real hash (size, layout) to anyone who reads one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { readHardwareHash } from '../../src/hardware-hash/decode.js';
import { encodeHardwareHash, encodeHashRecord } from '../../src/hardware-hash/encode.js';

/** SMBIOS-like strings: no NUL (it ends a string), no padding or controls (the reader trims and masks them). */
const smbios = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 64 }).filter((s) => s === s.trim() && !/[\u0000-\u001f\u007f-\u009f]/.test(s));

test('encode → read: the serial, manufacturer, model and product key ID come back as given', () => {
  fc.assert(
    fc.property(smbios, smbios, smbios, fc.option(fc.stringMatching(/^\d{13}$/), { nil: undefined }), fc.integer(), (serial, manufacturer, model, productKeyId, seed) => {
      const device = productKeyId === undefined ? { serial, manufacturer, model } : { serial, manufacturer, model, productKeyId };
      const reading = readHardwareHash(encodeHardwareHash(device, { seed }));
      assert.equal(reading.kind, 'read');
      assert.deepEqual(reading.kind === 'read' && { facts: reading.facts, partial: reading.partial }, { facts: device, partial: false });
    }),
    { numRuns: 300 },
  );
});

test('a made hash is the size of a real one: about 4,000 base64 characters, a record of about 1,300 bytes', () => {
  const reading = (serial: string): { length: number; declared: number } => {
    const text = encodeHardwareHash({ serial, manufacturer: 'Microsoft Corporation', model: 'Surface Laptop 7' });
    const r = readHardwareHash(text);
    return { length: text.length, declared: r.kind === 'read' ? r.declared : 0 };
  };
  for (const serial of ['0F3K2LM01', 'PF4ABCDE', 'X'.repeat(40)]) {
    const { length, declared } = reading(serial);
    assert.ok(length >= 3990 && length <= 4100, `${length} characters`);
    assert.ok(declared >= 1250 && declared <= 1450, `a record of ${declared} bytes`);
  }
});

test('one device, one hash; two devices, two hashes (they differ well before their ends)', () => {
  const a = encodeHardwareHash({ serial: 'SN-0001', manufacturer: 'HP', model: 'EliteBook 840 G11' });
  assert.equal(encodeHardwareHash({ serial: 'SN-0001', manufacturer: 'HP', model: 'EliteBook 840 G11' }), a);
  const b = encodeHardwareHash({ serial: 'SN-0002', manufacturer: 'HP', model: 'EliteBook 840 G11' });
  assert.notEqual(a.slice(0, 200), b.slice(0, 200));
  assert.notEqual(a.slice(-16), b.slice(-16), 'messages tell hashes apart by their last characters');
});

test('the encoder refuses what a record cannot hold, rather than making a hash that reads otherwise', () => {
  assert.throws(() => encodeHardwareHash({ serial: 'A\u0000B', manufacturer: 'HP', model: 'X' }), /serial: a hardware hash string cannot hold a NUL/);
  assert.throws(() => encodeHashRecord([{ type: 300, value: 'x' }]), /entry type must be a byte, got 300/);
  assert.throws(() => encodeHashRecord([{ type: 14, value: new Uint8Array(40_000) }, { type: 16, value: new Uint8Array(40_000) }]), /does not fit a hardware hash/);
});
