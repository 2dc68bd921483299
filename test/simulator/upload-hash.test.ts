// Devices uploaded by hardware hash alone (SPEC §1, §3): once their job is done the service lists them
// with the serial number, manufacturer and model it read from the hash, and it knows a hash-only upload
// of a device it holds by serial number for the same device.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BatchJobStatus, Collection, Device } from '../../src/partner-center/wire.js';
import { encodeHardwareHash } from '../../src/hardware-hash/encode.js';
import { DOC_CUSTOMER, get, headers, manualClock, start } from './harness.js';

const base = `/customers/${DOC_CUSTOMER}/deviceBatches`;

async function create(url: string, batchId: string, devices: unknown[]): Promise<Response> {
  return fetch(`${url}/v1${base}`, {
    method: 'POST',
    headers: headers(),
    body: JSON.stringify({ BatchId: batchId, Devices: devices, Attributes: { ObjectType: 'DeviceBatchCreationRequest' } }),
  });
}

test('a device uploaded by its hash alone is listed, once its job is done, with the serial, manufacturer and model inside the hash', async (t) => {
  const clock = manualClock();
  const sim = await start(t, { now: clock.now, jobSteps: 2, jobStepMs: 1000 });
  const hash = encodeHardwareHash({ serial: '5CG2841QWX', manufacturer: 'HP', model: 'HP EliteBook 840 G10' });
  const res = await create(sim.url, 'hash only', [{ HardwareHash: hash }]);
  assert.equal(res.status, 202);
  clock.advance(2000);
  const job = (await (await get(sim, res.headers.get('location') ?? '')).json()) as BatchJobStatus;
  assert.equal(job.status, 'finished');
  const listed = ((await (await get(sim, `${base}/hash%20only/devices`)).json()) as Collection<Device>).items;
  assert.equal(listed.length, 1);
  assert.deepEqual(
    [listed[0]?.serialNumber, listed[0]?.oemManufacturerName, listed[0]?.modelName],
    ['5CG2841QWX', 'HP', 'HP EliteBook 840 G10'],
  );
});

test('a hash-only upload of a device the customer has by serial number is that device (806); a hash that does not read is taken as it came', async (t) => {
  const clock = manualClock();
  const sim = await start(t, {
    now: clock.now,
    data: { customers: { [DOC_CUSTOMER]: { batches: { old: [{ id: 'dev-old', serialNumber: 'PF4OLD01' }] } } } },
  });
  const res = await create(sim.url, 'new', [
    { HardwareHash: encodeHardwareHash({ serial: 'pf4old01', manufacturer: 'LENOVO', model: '21HD' }) },
    { HardwareHash: 'T0Fhb1AAAAAA==', SerialNumber: 'SN-AS-GIVEN', OemManufacturerName: 'Contoso', ModelName: 'X1' },
  ]);
  clock.advance(10_000);
  const job = (await (await get(sim, res.headers.get('location') ?? '')).json()) as BatchJobStatus;
  assert.deepEqual(job.devicesStatus.map((d) => d.errorCode ?? null), ['806', null]);
  const listed = ((await (await get(sim, `${base}/new/devices`)).json()) as Collection<Device>).items;
  assert.deepEqual(listed.map((d) => [d.serialNumber, d.oemManufacturerName, d.modelName]), [['SN-AS-GIVEN', 'Contoso', 'X1']]);
});
