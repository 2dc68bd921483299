// Batch jobs over time (an injected clock, no sleeping) and the per-device errors the data decides.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BatchJobStatus } from '../../src/partner-center/wire.js';
import type { Simulator } from '../../src/simulator/start.js';
import { DOC_CUSTOMER, get, manualClock, patch, start, updateBody } from './harness.js';

async function submit(sim: Simulator, deviceIds: string[], customer = DOC_CUSTOMER): Promise<string> {
  const res = await patch(sim, updateBody(deviceIds), { customer });
  assert.equal(res.status, 202);
  return res.headers.get('location') ?? '';
}

async function read(sim: Simulator, location: string): Promise<BatchJobStatus> {
  const res = await get(sim, location);
  assert.equal(res.status, 200);
  return (await res.json()) as BatchJobStatus;
}

test('a job goes queued → processing → finished_with_errors as the clock moves; 808 for another tenant’s device', async (t) => {
  const clock = manualClock();
  const sim = await start(t, {
    now: clock.now,
    jobSteps: 3,
    jobStepMs: 1000,
    data: { customers: {}, otherTenantDevices: ['dev-b'] },
  });
  const location = await submit(sim, ['dev-a', 'dev-b']);
  const created = clock.now();

  const queued = await read(sim, location);
  assert.equal(queued.status, 'queued');
  assert.equal(queued.startedTime, null);
  assert.equal(queued.completedTime, null);
  assert.deepEqual(queued.devicesStatus.map((d) => d.status), ['in-progress', 'in-progress']);

  clock.advance(1000);
  const processing = await read(sim, location);
  assert.equal(processing.status, 'processing');
  assert.equal(processing.startedTime, new Date(created + 1000).toISOString());
  clock.advance(1999);
  assert.equal((await read(sim, location)).status, 'processing');

  clock.advance(1);
  const done = await read(sim, location);
  assert.equal(done.status, 'finished_with_errors');
  assert.equal(done.completedTime, new Date(created + 3000).toISOString());
  assert.deepEqual(done.devicesStatus, [
    { deviceId: 'dev-a', serialNumber: null, productKey: null, status: 'finished', errorCode: null, errorDescription: null },
    {
      deviceId: 'dev-b',
      serialNumber: null,
      productKey: null,
      status: 'finished_with_errors',
      errorCode: '808',
      errorDescription: 'ZtdDeviceAssignedToOtherTenant',
    },
  ]);
});

test('a job with no failing device ends finished', async (t) => {
  const sim = await start(t, { jobSteps: 0 });
  const done = await read(sim, await submit(sim, ['x']));
  assert.equal(done.status, 'finished');
  assert.equal(done.devicesStatus[0]?.status, 'finished');
});

test('when the data lists the customer’s devices, any other device fails with ZtdDeviceNotFound', async (t) => {
  const sim = await start(t, {
    jobSteps: 0,
    data: {
      customers: {
        [DOC_CUSTOMER]: {
          devices: ['listed'],
          batches: { 'Batch 1': [{ id: 'in-batch', serialNumber: 'SN-1', productKey: 'PK-1' }] },
        },
      },
      deviceErrors: { 'already-there': { errorCode: '806', errorDescription: 'ZtdDeviceAlreadyAssigned' } },
    },
  });
  const done = await read(sim, await submit(sim, ['listed', 'in-batch', 'stranger', 'already-there']));
  assert.equal(done.status, 'finished_with_errors');
  assert.deepEqual(
    done.devicesStatus.map((d) => [d.deviceId, d.status, d.errorCode ?? null]),
    [
      ['listed', 'finished', null],
      ['in-batch', 'finished', null],
      ['stranger', 'finished_with_errors', 'ZtdDeviceNotFound'],
      ['already-there', 'finished_with_errors', '806'],
    ],
  );
  // A device the data knows from a batch reports its serial number and product key.
  assert.deepEqual([done.devicesStatus[1]?.serialNumber, done.devicesStatus[1]?.productKey], ['SN-1', 'PK-1']);
});

test('omitDeviceIds leaves deviceId out, keeping the order of the request', async (t) => {
  const sim = await start(t, { jobSteps: 0, omitDeviceIds: true, data: { customers: {}, otherTenantDevices: ['d2'] } });
  const done = await read(sim, await submit(sim, ['d1', 'd2', 'd3']));
  assert.ok(done.devicesStatus.every((d) => !('deviceId' in d)));
  assert.deepEqual(
    done.devicesStatus.map((d) => d.status),
    ['finished', 'finished_with_errors', 'finished'],
  );
});

test('jobStatusOnDeviceErrors: finished lets a job read finished while a device failed', async (t) => {
  const sim = await start(t, {
    jobSteps: 0,
    jobStatusOnDeviceErrors: 'finished',
    data: { customers: {}, otherTenantDevices: ['bad'] },
  });
  const done = await read(sim, await submit(sim, ['good', 'bad']));
  assert.equal(done.status, 'finished');
  assert.equal(done.devicesStatus[1]?.errorCode, '808');
});

test('an unknown tracking ID, or another customer’s job, is 404', async (t) => {
  const sim = await start(t);
  const location = await submit(sim, ['x']);
  const trackingId = location.split('/').pop() ?? '';
  assert.equal((await get(sim, `/customers/${DOC_CUSTOMER}/batchJobStatus/00000000-0000-0000-0000-000000000000`)).status, 404);
  const other = '0b1c2d3e-4f50-4617-8283-94a5b6c7d8e9';
  assert.equal((await get(sim, `/customers/${other}/batchJobStatus/${trackingId}`)).status, 404);
});

test('polling can be throttled too: a scripted 429 for a GET, then the job reads', async (t) => {
  const sim = await start(t, { jobSteps: 0, failNextRequests: [{ kind: 'throttle', method: 'GET', retryAfter: 2 }] });
  const location = await submit(sim, ['x']);
  const throttled = await get(sim, location);
  assert.equal(throttled.status, 429);
  assert.equal(throttled.headers.get('retry-after'), '2');
  assert.equal((await read(sim, location)).status, 'finished');
});
