// Finding the devices an upload job registered without naming them (SPEC §2 Registration): one listing
// of the batch, the new devices only, matched by serial number or product key. Through an injected API.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findRegistered, type UnnamedDevice } from '../../src/register/find-registered.js';
import type { UploadItem } from '../../src/register/plan-uploads.js';
import type { Device } from '../../src/partner-center/wire.js';
import { PartnerCenterError } from '../../src/partner-center/errors.js';

const A = 'c7f3c849-129f-4b85-a96d-4f8e88b315a3';

function unnamed(index: number, device: UploadItem['device'], batch = 'Q3'): UnnamedDevice {
  return { customer: A, batch, item: { index, rowNumber: index + 2, device, key: `k${index}`, label: `d${index}` } };
}

function api(listing: Record<string, Device[] | Error>) {
  const calls: string[] = [];
  return {
    calls,
    listBatchDevices(_customer: string, batch: string): Promise<Device[]> {
      calls.push(batch);
      const answer = listing[batch];
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer ?? []);
    },
  };
}

test('each device found among the new ones by serial number (any case) or product key; one listing per batch', async () => {
  const fake = api({
    Q3: [
      // Listed before the upload: an old registration of the same serial (a board swapped) is not the new one.
      { id: 'old-1', serialNumber: 'SN-1' },
      { id: 'new-1', serialNumber: 'sn-1' },
      { id: 'new-2', serialNumber: 'SN-2' },
    ],
    Kiosks: [{ id: 'new-3', serialNumber: 'SN-3', productKey: 'PK-3' }],
  });
  const found = await findRegistered(
    [unnamed(0, { serialNumber: 'SN-1', hardwareHash: 'H1' }), unnamed(1, { serialNumber: 'SN-2' }), unnamed(2, { productKey: 'pk-3' }, 'Kiosks')],
    { api: fake, listedBefore: (_c, id) => id === 'old-1' },
  );
  assert.deepEqual([...found], [
    [0, { kind: 'registered', deviceId: 'new-1' }],
    [1, { kind: 'registered', deviceId: 'new-2' }],
    [2, { kind: 'registered', deviceId: 'new-3' }],
  ]);
  assert.deepEqual(fake.calls, ['Q3', 'Kiosks']);
});

test('a device the batch does not list, or that several new devices could be, is refused in words; a listing that fails says so', async () => {
  const fake = api({
    Q3: [{ id: 'x', serialNumber: 'DUP' }, { id: 'y', serialNumber: 'dup' }],
    Broken: new PartnerCenterError({ kind: 'http', status: 500, message: 'GET … answered 500', method: 'GET', url: 'https://pc/v1/x' }),
  });
  const found = await findRegistered(
    [unnamed(0, { serialNumber: 'MISSING' }), unnamed(1, { hardwareHash: 'ONLY-A-HASH' }), unnamed(2, { serialNumber: 'DUP' }), unnamed(3, { serialNumber: 'S' }, 'Broken')],
    { api: fake, listedBefore: () => false },
  );
  const detail = (i: number): string => {
    const o = found.get(i);
    return o?.kind === 'refused' ? o.detail : String(o?.kind);
  };
  assert.match(detail(0), /^the upload job reports the device registered without its ID, and batch "Q3" does not list it after the job finished \(2 new devices there\); look for it/);
  assert.match(detail(1), /: nothing in the row \(no serial number or product key\) can find it;/);
  assert.match(detail(2), /batch "Q3" lists 2 new devices that could be it: x, y; give the row's Device ID/);
  assert.match(detail(3), /batch "Broken" could not be listed to find it: GET … answered 500/);
});
