// Reading an upload job's devicesStatus (SPEC §1): each uploaded device's new ID, or the service's refusal
// in words; entries paired by serial number or product key, else by position.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DeviceStatusEntry } from '../../src/partner-center/wire.js';
import type { UploadItem } from '../../src/register/plan-uploads.js';
import { matchUploadEntries, uploadOutcome } from '../../src/register/upload-outcomes.js';

const item = (index: number, device: UploadItem['device']): UploadItem => ({ index, rowNumber: index + 2, device, key: `k${index}`, label: `d${index}` });
const ok = (deviceId: string, fields: Partial<DeviceStatusEntry> = {}): DeviceStatusEntry => ({ deviceId, status: 'finished', ...fields });

test('entries are paired by serial number or product key even out of order, else by position', () => {
  const items = [item(0, { serialNumber: 'SN-A' }), item(1, { productKey: 'pk-b' }), item(2, { hardwareHash: 'H' })];
  const entries = [
    ok('id-b', { productKey: 'PK-B' }),
    ok('id-a', { serialNumber: 'sn-a' }),
    ok('id-c'),
  ];
  const matched = matchUploadEntries(items, entries);
  assert.deepEqual([0, 1, 2].map((i) => matched.get(i)?.deviceId), ['id-a', 'id-b', 'id-c']);
});

test('a serial number two entries share decides nothing; with counts that differ, position is not trusted', () => {
  const items = [item(0, { serialNumber: 'S' }), item(1, { serialNumber: 'S' })];
  const twice = matchUploadEntries(items, [ok('x', { serialNumber: 'S' }), ok('y', { serialNumber: 'S' })]);
  // Both fall back on position, which the equal counts allow.
  assert.deepEqual([twice.get(0)?.deviceId, twice.get(1)?.deviceId], ['x', 'y']);
  const short = matchUploadEntries([item(0, { hardwareHash: 'H1' }), item(1, { hardwareHash: 'H2' })], [ok('x')]);
  assert.equal(short.size, 0);
});

// Pairing by position when the job lists more entries than were sent (or entries naming other devices)
// would give a device another's outcome: a planted bug doing so once passed the whole suite.
test('extra entries, or entries naming other devices, pair nothing by position', () => {
  const hashOnly = [item(0, { hardwareHash: 'H1' }), item(1, { hardwareHash: 'H2' })];
  const extra = matchUploadEntries(hashOnly, [ok('x'), ok('y'), ok('z')]);
  assert.equal(extra.size, 0, 'three entries for two devices: which are ours is not known');
  const others = matchUploadEntries([item(0, { serialNumber: 'SN-1' }), item(1, { serialNumber: 'SN-2' })], [ok('x', { serialNumber: 'SN-9' }), ok('y', { serialNumber: 'SN-2' })]);
  assert.deepEqual([others.get(0)?.deviceId, others.get(1)?.deviceId], [undefined, 'y'], 'SN-9 is not SN-1: the first entry pairs nothing');
  const keys = matchUploadEntries([item(0, { productKey: 'PK-1' })], [ok('x', { productKey: 'PK-2' })]);
  assert.equal(keys.size, 0);
  // A serial the service read from a hash the row did not have contradicts nothing.
  const read = matchUploadEntries([item(0, { hardwareHash: 'H1' })], [ok('x', { serialNumber: 'FROM-HASH' })]);
  assert.equal(read.get(0)?.deviceId, 'x');
});

test('what each entry means: a new ID, a refusal explained, still pending, or missing from a finished job', () => {
  assert.deepEqual(uploadOutcome(ok('new-id'), true), { kind: 'registered', deviceId: 'new-id' });
  const refused = uploadOutcome({ deviceId: null, status: 'finished_with_errors', errorCode: 808, errorDescription: 'ZtdDeviceAssignedToOtherTenant' }, true);
  assert.equal(refused.kind, 'refused');
  assert.ok(refused.kind === 'refused');
  assert.equal(refused.errorCode, '808');
  assert.match(refused.detail, /^808 ZtdDeviceAssignedToOtherTenant — the device is registered to another tenant\. That tenant .* must deregister it/);
  const already = uploadOutcome({ status: 'finished_with_errors', errorCode: '806', errorDescription: 'ZtdDeviceAlreadyAssigned' }, true);
  assert.ok(already.kind === 'refused' && /already registered/.test(already.detail));
  assert.deepEqual(uploadOutcome({ deviceId: null, status: 'in-progress' }, false), { kind: 'pending' });
  assert.deepEqual(uploadOutcome(undefined, false), { kind: 'pending' });
  assert.deepEqual(uploadOutcome(undefined, true), { kind: 'refused', errorCode: undefined, detail: 'the finished upload job does not list this device' });
  // The docs' status example names no deviceId: the device is registered, its ID found by listing its batch.
  assert.deepEqual(uploadOutcome({ deviceId: '', status: 'finished' }, true), { kind: 'unnamed' });
  assert.deepEqual(uploadOutcome({ status: 'finished', serialNumber: 'SN-1' }, true), { kind: 'unnamed' });
});
