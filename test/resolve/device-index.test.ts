// Matching a vendor sheet's identifiers against a customer's registered devices (SPEC §2 Resolution).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DeviceIndex, type DeviceMatch } from '../../src/resolve/device-index.js';
import type { DeviceIdentifiers } from '../../src/model.js';
import type { Device } from '../../src/partner-center/wire.js';

const HASH_A = 'T0FnAgEAHAAAAAoAzQoAAAAAAAA' + 'Q'.repeat(4000);
const HASH_B = 'T0FnAgEAHAAAAAoAzQoAAAAAAAB' + 'R'.repeat(4000);

const devices = [
  { id: 'dev-a', serialNumber: 'PF3ABC12', productKey: '00330-80000-00000-AA123', hardwareHash: HASH_A },
  { id: 'dev-b', serialNumber: 'PF3ABC13', productKey: null, hardwareHash: HASH_B },
  // Two devices sharing a serial number: refurbished stock re-registered, or a vendor's typo.
  { id: 'dev-c1', serialNumber: 'DUP-001', productKey: null, hardwareHash: null },
  { id: 'dev-c2', serialNumber: 'dup-001 ', productKey: null, hardwareHash: null },
] satisfies Device[];

function index(): DeviceIndex {
  const i = new DeviceIndex();
  i.addBatch(devices.slice(0, 2));
  i.addBatch(devices.slice(2));
  return i;
}

const cases: Array<{ name: string; find: DeviceIdentifiers; expected: DeviceMatch }> = [
  { name: 'a serial number, whatever its case and surrounding spaces', find: { serial: '  pf3abc12 ' }, expected: { kind: 'found', deviceId: 'dev-a', by: ['serial'] } },
  { name: 'a product key', find: { productKey: '00330-80000-00000-aa123' }, expected: { kind: 'found', deviceId: 'dev-a', by: ['productKey'] } },
  {
    name: 'a hardware hash wrapped over lines and indented',
    find: { hardwareHash: `${HASH_B.slice(0, 100)}\r\n  ${HASH_B.slice(100, 2000)} ${HASH_B.slice(2000)}` },
    expected: { kind: 'found', deviceId: 'dev-b', by: ['hardwareHash'] },
  },
  { name: 'a hash in another case is another hash (base64)', find: { hardwareHash: HASH_B.toLowerCase() }, expected: { kind: 'not-found' } },
  { name: 'an unknown serial number', find: { serial: 'NOPE-404' }, expected: { kind: 'not-found' } },
  { name: 'a serial number two devices carry', find: { serial: 'DUP-001' }, expected: { kind: 'ambiguous', deviceIds: ['dev-c1', 'dev-c2'] } },
  {
    name: 'an identifier the listing lacks is passed over when another finds the device',
    find: { serial: 'PF3ABC13', productKey: 'XXXXX-NOT-LISTED' },
    expected: { kind: 'found', deviceId: 'dev-b', by: ['serial'] },
  },
  {
    name: 'an ambiguous serial number and a hash of a third device conflict',
    find: { serial: 'DUP-001', hardwareHash: HASH_A },
    expected: { kind: 'conflicting', found: [{ by: 'serial', deviceIds: ['dev-c1', 'dev-c2'] }, { by: 'hardwareHash', deviceIds: ['dev-a'] }] },
  },
  {
    name: 'identifiers that find different devices conflict',
    find: { serial: 'PF3ABC12', hardwareHash: HASH_B },
    expected: { kind: 'conflicting', found: [{ by: 'serial', deviceIds: ['dev-a'] }, { by: 'hardwareHash', deviceIds: ['dev-b'] }] },
  },
];

for (const c of cases) {
  test(`device index: ${c.name}`, () => {
    assert.deepEqual(index().find(c.find), c.expected);
  });
}

test('device index: one identifier among several candidates picks the one they share', () => {
  const i = new DeviceIndex();
  i.addBatch([
    { id: 'x1', serialNumber: 'SAME', productKey: 'PK-1' },
    { id: 'x2', serialNumber: 'SAME', productKey: 'PK-2' },
  ]);
  assert.deepEqual(i.find({ serial: 'same', productKey: 'pk-2' }), { kind: 'found', deviceId: 'x2', by: ['serial', 'productKey'] });
});

test('device index: counts devices and batches, keeps a device listed twice once, and reads its Autopilot policy', () => {
  const i = index();
  i.add({ id: 'dev-a', serialNumber: 'OTHER' });
  assert.equal(i.size, 4);
  assert.equal(i.batches, 2);
  i.add({ id: 'dev-new', serialNumber: 'NEW-1', policies: [{ key: 'O_O_B_E', value: '15A04610-9229-4E80-94E0-0E826A09C9E2' }, { key: 'other', value: 'x' }] });
  assert.deepEqual(i.get('dev-new')?.policies, ['15a04610-9229-4e80-94e0-0e826a09c9e2']);
  assert.deepEqual(i.find({ serial: 'new-1' }), { kind: 'found', deviceId: 'dev-new', by: ['serial'] });
  assert.deepEqual(i.find({ serial: 'OTHER' }), { kind: 'not-found' }, 'the second listing of dev-a is ignored');
});

test('device index: a batch name is matched exactly first, else without regard to case when only one batch answers to it', () => {
  const i = new DeviceIndex();
  i.addBatch([], 'Contoso Q3');
  i.addBatch([], 'Microsoft365Managed_Standard');
  i.addBatch([], 'twin');
  i.addBatch([], 'TWIN');
  assert.equal(i.batchNamed('contoso q3'), 'Contoso Q3');
  assert.equal(i.batchNamed('MICROSOFT365MANAGED_STANDARD'), 'Microsoft365Managed_Standard');
  assert.equal(i.batchNamed('TWIN'), 'TWIN');
  assert.equal(i.batchNamed('Twin'), undefined, 'two batches answer to it ignoring case');
  assert.equal(i.batchNamed('Contoso Q4'), undefined);
});
