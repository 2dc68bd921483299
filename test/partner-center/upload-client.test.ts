// The client's device uploads against the simulator over loopback (SPEC §1 Registering devices): the
// documented bodies and headers, the job's new device IDs, the same MS-RequestId on every retry (one
// job), and the service's refusals as typed errors.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { isPartnerCenterError } from '../../src/partner-center/errors.js';
import { startSimulator, type Simulator } from '../../src/simulator/start.js';
import type { SimulatorOptions } from '../../src/simulator/options.js';
import { CORRELATION_ID, CUSTOMER, REQUEST_ID, TOKEN, makeClient } from './client-kit.js';

async function simulator(t: TestContext, options: SimulatorOptions = {}): Promise<Simulator> {
  const sim = await startSimulator({ token: TOKEN, ...options });
  t.after(() => sim.close());
  return sim;
}

const HASH = 'T0HzAgEAHAAAAAoAfQ1=';
const full = { hardwareHash: HASH, productKey: '3XBCN-2QVKX-9YYJ3-TRT3F-M8J6H', serialNumber: 'PF3WXYZ1', manufacturer: 'LENOVO', model: '21HD' };

test('createDeviceBatch sends the DeviceBatchCreationRequest with only the fields a device has; the job gives its new ID (documented shapes)', async (t) => {
  let now = Date.UTC(2025, 0, 1);
  const sim = await simulator(t, { now: () => now, shapes: 'documented' });
  const { client } = makeClient(sim.url);
  const result = await client.createDeviceBatch(CUSTOMER, 'Q3 / laptops', [full, { productKey: 'PK-ONLY' }], { requestId: REQUEST_ID });
  assert.equal(result.status, 202);
  assert.equal(result.requestId, REQUEST_ID);
  assert.ok(result.batchJobUri.startsWith(`${sim.url}/v1/customers/${CUSTOMER}/batchJobStatus/`));

  const [request] = sim.requests;
  assert.equal(request?.method, 'POST');
  assert.equal(request?.path, `/v1/customers/${CUSTOMER}/deviceBatches`);
  assert.equal(request?.headers['ms-requestid'], REQUEST_ID);
  assert.equal(request?.headers['ms-correlationid'], CORRELATION_ID);
  assert.equal(request?.headers['content-type'], 'application/json');
  assert.deepEqual(request?.body, {
    BatchId: 'Q3 / laptops',
    Devices: [
      { HardwareHash: HASH, ProductKey: full.productKey, SerialNumber: 'PF3WXYZ1', OemManufacturerName: 'LENOVO', ModelName: '21HD' },
      { ProductKey: 'PK-ONLY' },
    ],
    Attributes: { ObjectType: 'DeviceBatchCreationRequest' },
  });

  now += 10_000;
  const job = await client.getBatchJobStatus(result.batchJobUri);
  assert.equal(job.status, 'finished');
  assert.ok(job.devicesStatus.every((d) => typeof d.deviceId === 'string'));
  // The batch name travels URL-encoded, '/' included, and the devices are listed under it.
  const listed = await client.listBatchDevices(CUSTOMER, 'Q3 / laptops');
  assert.deepEqual(listed.map((d) => d.id), job.devicesStatus.map((d) => d.deviceId));
});

test('addDevicesToBatch sends a bare array to the batch named in the path', async (t) => {
  const sim = await simulator(t);
  const { client } = makeClient(sim.url);
  await client.createDeviceBatch(CUSTOMER, 'B 1', [{ productKey: 'PK-1' }], { requestId: REQUEST_ID });
  const added = await client.addDevicesToBatch(CUSTOMER, 'B 1', [{ serialNumber: 'S2', manufacturer: 'HP', model: 'EliteBook' }], {
    requestId: '0f3b8a62-5d1c-4e9a-b7f0-2c4d6e8a1b3c',
  });
  assert.equal(added.status, 202);
  assert.equal(sim.requests[1]?.path, `/v1/customers/${CUSTOMER}/deviceBatches/B%201/devices`);
  assert.deepEqual(sim.requests[1]?.body, [{ SerialNumber: 'S2', OemManufacturerName: 'HP', ModelName: 'EliteBook' }]);
});

test('an upload retried after a 503 and a reset answered late keeps its MS-RequestId: one job', async (t) => {
  const sim = await simulator(t, {
    failNextRequests: [
      { kind: 'error', method: 'POST', status: 503 },
      { kind: 'drop', method: 'POST', afterHandling: true },
    ],
  });
  const { client, sleeps } = makeClient(sim.url);
  const result = await client.createDeviceBatch(CUSTOMER, 'B', [full], { requestId: REQUEST_ID });
  assert.equal(result.status, 202);
  assert.equal(sim.requests.length, 3);
  assert.ok(sim.requests.every((r) => r.headers['ms-requestid'] === REQUEST_ID));
  assert.equal(sleeps.length, 2);
  // The dropped attempt created the batch; its retry is answered as the first was, not with a 409.
  assert.equal(sim.jobs().length, 1);
  assert.equal(sim.stats().replays, 1);
});

test('a batch that exists is a 409 and a missing one a 404, as typed errors with the service code', async (t) => {
  const sim = await simulator(t, { data: { customers: { [CUSTOMER]: { batches: { existing: [] } } } } });
  const { client } = makeClient(sim.url);
  const conflict = await client.createDeviceBatch(CUSTOMER, 'existing', [full], { requestId: REQUEST_ID }).catch((e: unknown) => e);
  assert.ok(isPartnerCenterError(conflict));
  assert.deepEqual([conflict.kind, conflict.status, conflict.code], ['http', 409, 'DeviceBatchAlreadyExists']);
  const missing = await client.addDevicesToBatch(CUSTOMER, 'nope', [full], { requestId: REQUEST_ID }).catch((e: unknown) => e);
  assert.ok(isPartnerCenterError(missing));
  assert.deepEqual([missing.status, missing.code], [404, 'DeviceBatchNotFound']);
});

test('a device that nothing identifies, or no devices, is refused before anything is sent', async (t) => {
  const sim = await simulator(t);
  const { client } = makeClient(sim.url);
  await assert.rejects(client.createDeviceBatch(CUSTOMER, 'B', [{ serialNumber: 'S1', model: 'X' }], { requestId: REQUEST_ID }), {
    name: 'RangeError',
    message: /devices\[0\]: expected a hardware hash, a product key, or a serial number with manufacturer and model, got SerialNumber, ModelName/,
  });
  await assert.rejects(client.addDevicesToBatch(CUSTOMER, 'B', [], { requestId: REQUEST_ID }), RangeError);
  await assert.rejects(client.createDeviceBatch(CUSTOMER, ' ', [full], { requestId: REQUEST_ID }), RangeError);
  assert.equal(sim.requests.length, 0);
});
