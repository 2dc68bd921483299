// Device upload (SPEC §1 Registering devices, §3): batches created and added to, upload jobs that give
// new device IDs or 806/808, devices joining the batch's listing when their job is done, and
// MS-RequestId replays that create nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BatchJobStatus, Collection, Device, DeviceBatch, DeviceUpload } from '../../src/partner-center/wire.js';
import type { Simulator } from '../../src/simulator/start.js';
import { DOC_CUSTOMER, DOC_POLICY, gate, get, headers, manualClock, patch, start, until, updateBody } from './harness.js';

const OTHER_CUSTOMER = '0b1c2d3e-4f50-4617-8283-94a5b6c7d8e9';
const base = `/customers/${DOC_CUSTOMER}/deviceBatches`;

function post(sim: Simulator, path: string, body: unknown, requestId?: string): Promise<Response> {
  return fetch(`${sim.url}/v1${path}`, {
    method: 'POST',
    headers: headers(requestId === undefined ? {} : { 'ms-requestid': requestId }),
    body: JSON.stringify(body),
  });
}

function create(sim: Simulator, batchId: string, devices: DeviceUpload[], requestId?: string): Promise<Response> {
  return post(sim, base, { BatchId: batchId, Devices: devices, Attributes: { ObjectType: 'DeviceBatchCreationRequest' } }, requestId);
}

async function json<T>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

const laptop = (n: number): DeviceUpload => ({
  HardwareHash: `T0Fhb${n}AAAAAA==`,
  ProductKey: `PK${n}`,
  SerialNumber: `SN-${n}`,
  OemManufacturerName: 'Contoso',
  ModelName: 'Surface Laptop 5',
});

test('documented shapes: a new batch is 202 + Location; the job gives each device a new ID, and the devices join the batch when it is done', async (t) => {
  const clock = manualClock();
  const sim = await start(t, { now: clock.now, jobSteps: 2, jobStepMs: 1000, shapes: 'documented' });
  const res = await create(sim, 'Q3 laptops', [laptop(1), { SerialNumber: 'SN-2', OemManufacturerName: 'Contoso', ModelName: 'X1' }]);
  assert.equal(res.status, 202);
  const location = res.headers.get('location') ?? '';
  assert.match(location, new RegExp(`^/customers/${DOC_CUSTOMER}/batchJobStatus/[0-9a-f-]{36}$`));

  const pending = await json<BatchJobStatus>(await get(sim, location));
  assert.equal(pending.status, 'queued');
  assert.deepEqual(pending.devicesStatus.map((d) => [d.deviceId, d.serialNumber, d.status]), [
    [null, 'SN-1', 'in-progress'],
    [null, 'SN-2', 'in-progress'],
  ]);
  // The batch exists at once, its devices only once the job is done.
  assert.deepEqual((await json<Collection<DeviceBatch>>(await get(sim, base))).items, [{ id: 'Q3 laptops', devicesCount: 0 }]);
  assert.deepEqual((await json<Collection<Device>>(await get(sim, `${base}/Q3%20laptops/devices`))).items, []);

  clock.advance(2000);
  const done = await json<BatchJobStatus>(await get(sim, location));
  assert.equal(done.status, 'finished');
  const ids = done.devicesStatus.map((d) => d.deviceId);
  assert.ok(ids.every((id) => typeof id === 'string' && id !== ''), `new IDs, got ${JSON.stringify(ids)}`);
  assert.notEqual(ids[0], ids[1]);
  const listed = (await json<Collection<Device>>(await get(sim, `${base}/Q3%20laptops/devices`))).items;
  assert.deepEqual(listed, [
    { id: ids[0], hardwareHash: 'T0Fhb1AAAAAA==', productKey: 'PK1', serialNumber: 'SN-1', oemManufacturerName: 'Contoso', modelName: 'Surface Laptop 5', policies: [] },
    { id: ids[1], hardwareHash: null, productKey: null, serialNumber: 'SN-2', oemManufacturerName: 'Contoso', modelName: 'X1', policies: [] },
  ]);
  assert.equal(sim.jobs()[0]?.batchId, 'Q3 laptops');
});

test('real shapes (the default): the upload job names no device ID; the batch then lists each new device with what the upload carried, without hash or product key', async (t) => {
  const clock = manualClock();
  const sim = await start(t, { now: clock.now, jobSteps: 2, jobStepMs: 1000 });
  const res = await create(sim, 'Q3 laptops', [laptop(1), { SerialNumber: 'SN-2', OemManufacturerName: 'Contoso', ModelName: 'X1' }]);
  assert.equal(res.status, 202);
  clock.advance(2000);
  const done = await json<BatchJobStatus>(await get(sim, res.headers.get('location') ?? ''));
  assert.equal(done.status, 'finished');
  assert.deepEqual(done.devicesStatus.map((d) => ['deviceId' in d, d.serialNumber, d.status]), [
    [false, 'SN-1', 'finished'],
    [false, 'SN-2', 'finished'],
  ]);
  const page = await json<Collection<Device> & { links?: unknown }>(await get(sim, `${base}/Q3%20laptops/devices`));
  const ids = sim.jobs()[0]?.devices.map((d) => d.deviceId);
  assert.deepEqual(page.links, {});
  assert.deepEqual(page.items, [
    { id: ids?.[0], serialNumber: 'SN-1', oemManufacturerName: 'Contoso', modelName: 'Surface Laptop 5', policies: [{ key: 'o_o_b_e', value: null }], uploadedDate: '2020-01-30T09:10:33.2417951+01:00', attributes: { objectType: 'Device' } },
    { id: ids?.[1], serialNumber: 'SN-2', oemManufacturerName: 'Contoso', modelName: 'X1', policies: [{ key: 'o_o_b_e', value: null }], uploadedDate: '2020-01-30T09:10:33.2417951+01:00', attributes: { objectType: 'Device' } },
  ]);
});

test('creating a batch that exists is 409; adding to it is 202; adding to a batch that does not exist is 404', async (t) => {
  const sim = await start(t, { data: { customers: { [DOC_CUSTOMER]: { batches: { 'from data': [] } } } } });
  assert.equal((await create(sim, 'from data', [laptop(1)])).status, 409);
  assert.equal((await create(sim, 'new', [laptop(2)])).status, 202);
  const again = await create(sim, 'new', [laptop(3)]);
  assert.equal(again.status, 409);
  assert.equal(((await again.json()) as { code: string }).code, 'DeviceBatchAlreadyExists');
  assert.equal((await post(sim, `${base}/new/devices`, [laptop(3)])).status, 202);
  assert.equal((await post(sim, `${base}/from%20data/devices`, [laptop(4)])).status, 202);
  const missing = await post(sim, `${base}/nope/devices`, [laptop(5)]);
  assert.equal(missing.status, 404);
  assert.equal(((await missing.json()) as { code: string }).code, 'DeviceBatchNotFound');
  assert.equal(sim.jobs().length, 3);
});

test('a repeated MS-RequestId gets the first answer and no second job, even once its batch exists', async (t) => {
  const sim = await start(t);
  const requestId = '2c9e4d1a-8f3b-4b6e-9a7d-5e1f0c3b2a19';
  const first = await create(sim, 'B', [laptop(1)], requestId);
  const second = await create(sim, 'B', [laptop(1)], requestId);
  assert.deepEqual([first.status, second.status], [202, 202]);
  assert.equal(second.headers.get('location'), first.headers.get('location'));
  const addId = '7d0a1b2c-3e4f-4a5b-8c6d-7e8f9a0b1c2d';
  const added = await post(sim, `${base}/B/devices`, [laptop(2)], addId);
  const addedAgain = await post(sim, `${base}/B/devices`, [laptop(2)], addId);
  assert.equal(addedAgain.headers.get('location'), added.headers.get('location'));
  assert.equal(sim.jobs().length, 2);
  assert.equal(sim.stats().replays, 2);
});

test('806 for a device the customer already has, 808 for another tenant’s; the others still register', async (t) => {
  const clock = manualClock();
  const sim = await start(t, {
    now: clock.now,
    // Documented shapes: the job names the new device's ID.
    shapes: 'documented',
    data: {
      customers: {
        [DOC_CUSTOMER]: { batches: { old: [{ id: 'dev-old', serialNumber: 'SN-OLD' }] } },
        [OTHER_CUSTOMER]: { batches: { theirs: [{ id: 'dev-theirs', hardwareHash: 'HASH-THEIRS' }] } },
      },
      otherTenantDevices: ['SN-ELSEWHERE'],
    },
  });
  const res = await create(sim, 'new', [
    { SerialNumber: 'sn-old', OemManufacturerName: 'Contoso', ModelName: 'X1' },
    { HardwareHash: 'HASH-THEIRS' },
    { SerialNumber: 'SN-ELSEWHERE', OemManufacturerName: 'Contoso', ModelName: 'X1' },
    laptop(7),
    laptop(7),
  ]);
  clock.advance(10_000);
  const done = await json<BatchJobStatus>(await get(sim, res.headers.get('location') ?? ''));
  assert.equal(done.status, 'finished_with_errors');
  assert.deepEqual(
    done.devicesStatus.map((d) => [d.status, d.errorCode ?? null, d.deviceId === null ? 'no id' : 'id']),
    [
      ['finished_with_errors', '806', 'no id'],
      ['finished_with_errors', '808', 'no id'],
      ['finished_with_errors', '808', 'no id'],
      ['finished', null, 'id'],
      // The same device twice in one upload: the second is already registered.
      ['finished_with_errors', '806', 'no id'],
    ],
  );
  const listed = (await json<Collection<Device>>(await get(sim, `${base}/new/devices`))).items;
  assert.deepEqual(listed.map((d) => d.serialNumber), ['SN-7']);
});

test('a device the upload cannot identify is a 400 naming it; an add that is not a bare array is a 400', async (t) => {
  const sim = await start(t);
  const res = await create(sim, 'B', [laptop(1), { SerialNumber: 'SN-2', ModelName: 'X1' }]);
  assert.equal(res.status, 400);
  const body = (await res.json()) as { description: string };
  assert.match(body.description, /index 1 has neither a hardware hash, a product key, nor a serial number with manufacturer and model/);
  assert.equal((await create(sim, 'B', [laptop(1)])).status, 202);
  assert.equal((await post(sim, `${base}/B/devices`, { Devices: [laptop(2)] })).status, 400);
  assert.equal((await create(sim, '', [laptop(3)])).status, 400);
  assert.equal(sim.jobs().length, 1);
});

test('a registered device can be assigned a policy, even where the data lists the customer’s devices', async (t) => {
  const clock = manualClock();
  const sim = await start(t, { now: clock.now, shapes: 'documented', data: { customers: { [DOC_CUSTOMER]: { devices: ['dev-known'] } } } });
  const upload = await create(sim, 'B', [laptop(1)]);
  clock.advance(10_000);
  const [entry] = (await json<BatchJobStatus>(await get(sim, upload.headers.get('location') ?? ''))).devicesStatus;
  const id = entry?.deviceId ?? '';
  const assign = await patch(sim, updateBody([id, 'dev-unknown'], DOC_POLICY));
  assert.equal(assign.status, 202);
  clock.advance(10_000);
  const done = await json<BatchJobStatus>(await get(sim, assign.headers.get('location') ?? ''));
  assert.deepEqual(done.devicesStatus.map((d) => [d.deviceId, d.errorCode ?? null]), [
    [id, null],
    ['dev-unknown', 'ZtdDeviceNotFound'],
  ]);
  assert.equal(done.devicesStatus[0]?.serialNumber, 'SN-1');
});

test('uploads count against the in-flight limit as policy updates do', async (t) => {
  const held = gate();
  const sim = await start(t, { maxInFlight: 1, latencyMs: 5, sleep: held.sleep });
  const first = create(sim, 'B', [laptop(1)]);
  await until(() => sim.requests.length === 1);
  const second = await post(sim, `${base}/B/devices`, [laptop(2)]);
  assert.equal(second.status, 429);
  held.open();
  assert.equal((await first).status, 202);
});
