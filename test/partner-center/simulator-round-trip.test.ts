// The client against the project's own simulator (SPEC §3), over real loopback HTTP: SPEC §1's
// documented example round-trips, and each retry rule ends in one accepted job per MS-RequestId.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { isPartnerCenterError } from '../../src/partner-center/errors.js';
import { startSimulator, type Simulator } from '../../src/simulator/start.js';
import type { SimulatorOptions } from '../../src/simulator/options.js';
import { CUSTOMER, ONE_DEVICE, REQUEST_ID, TOKEN, makeClient } from './client-kit.js';

async function simulator(t: TestContext, options: SimulatorOptions = {}): Promise<Simulator> {
  const sim = await startSimulator({ token: TOKEN, ...options });
  t.after(() => sim.close());
  return sim;
}

/** SPEC §1's documented request example, byte for byte, null fields and all. */
const DOCUMENTED_BODY =
  '{"Devices":[{"Id":"9993-8627-3608-6844-6369-4361-72","SerialNumber":null,"ProductKey":null,' +
  '"HardwareHash":null,"Policies":[{"Key":"o_o_b_e","Value":"15a04610-9229-4e80-94e0-0e826a09c9e2"}],' +
  '"CreatedBy":null,"UploadedDate":"0001-01-01T00:00:00","AllowedOperations":null,' +
  '"Attributes":{"ObjectType":"Device"}}],"Attributes":{"ObjectType":"DevicePolicyUpdateRequest"}}';

test("the documented example gets 202 + Location, and the client reads that batch job through to finished", async (t) => {
  let now = Date.UTC(2025, 0, 1);
  const sim = await simulator(t, { now: () => now, jobSteps: 2, jobStepMs: 1000 });
  const response = await fetch(`${sim.url}/v1/customers/${CUSTOMER}/DevicePolicyUpdates`, {
    method: 'PATCH',
    headers: {
      Authorization: `Bearer ${TOKEN}`,
      Accept: 'application/json',
      'Content-Type': 'application/json',
      'MS-RequestId': REQUEST_ID,
      'MS-CorrelationId': '49b1e7b2-82e7-4403-b63b-8765269b448d',
    },
    body: DOCUMENTED_BODY,
  });
  assert.equal(response.status, 202);
  const location = response.headers.get('location') ?? '';
  assert.match(location, new RegExp(`^/customers/${CUSTOMER}/batchJobStatus/[^/]+$`));

  const { client } = makeClient(sim.url);
  const queued = await client.getBatchJobStatus(location);
  assert.equal(queued.status, 'queued');
  now += 10_000;
  const finished = await client.getBatchJobStatus(location);
  assert.equal(finished.status, 'finished');
  assert.deepEqual(finished.devicesStatus.map((d) => [d.deviceId, d.status]), [['9993-8627-3608-6844-6369-4361-72', 'finished']]);
  assert.equal(sim.requests[1]?.path, `/v1${location}`);
});

test("the client's own request is accepted and its batch job URI is readable", async (t) => {
  const sim = await simulator(t);
  const { client } = makeClient(sim.url);

  const result = await client.updateDevicePolicies(CUSTOMER, ONE_DEVICE, { requestId: REQUEST_ID });

  assert.equal(result.status, 202);
  assert.ok(result.batchJobUri.startsWith(`${sim.url}/v1/customers/${CUSTOMER}/batchJobStatus/`));
  const job = await client.getBatchJobStatus(result.batchJobUri);
  assert.equal(job.batchTrackingId, result.trackingId);
  assert.equal(sim.jobs().length, 1);
});

const faults: Array<[string, NonNullable<SimulatorOptions['failNextRequests']>]> = [
  ['429 with Retry-After seconds', [{ kind: 'throttle', retryAfter: 2 }]],
  ['429 with Retry-After as an HTTP date', [{ kind: 'throttle', retryAfter: new Date(Date.now() + 30_000) }]],
  ['503', [{ kind: 'error', status: 503 }]],
  ['a dropped connection after the job was created', [{ kind: 'drop', afterHandling: true }]],
  ['an answer slower than the timeout', [{ kind: 'delay', ms: 60_000 }]],
];

for (const [name, failNextRequests] of faults) {
  test(`${name}: retried with one MS-RequestId, one job`, async (t) => {
    const sim = await simulator(t, { failNextRequests });
    // Only the slow answer needs a short timeout; a short one everywhere would time out a loaded machine.
    const kit = makeClient(sim.url, { timeoutMs: failNextRequests[0]?.kind === 'delay' ? 2000 : 60_000 });

    const result = await kit.client.updateDevicePolicies(CUSTOMER, ONE_DEVICE, { requestId: REQUEST_ID });

    assert.equal(result.status, 202);
    assert.equal(sim.requests.length, 2);
    assert.deepEqual(sim.requests.map((r) => r.headers['ms-requestid']), [REQUEST_ID, REQUEST_ID]);
    assert.equal(sim.jobs().length, 1, 'the retry did not create a second job');
    assert.equal(kit.retries.length, 1);
  });
}

test('a malformed request surfaces the simulator\'s code and description, unretried', async (t) => {
  const sim = await simulator(t);
  const { client } = makeClient(sim.url);
  await assert.rejects(client.updateDevicePolicies('not-a-guid', ONE_DEVICE, { requestId: REQUEST_ID }), (e: unknown) => {
    assert.ok(isPartnerCenterError(e));
    assert.equal(e.kind, 'http');
    assert.equal(e.status, 400);
    assert.ok(e.code !== undefined && e.description !== undefined && e.description !== '');
    return true;
  });
  assert.equal(sim.requests.length, 1);
});

for (const [renewable, attempts] of [[true, 2], [false, 1]] as const) {
  test(`a wrong ${renewable ? 'renewable' : 'fixed'} token is refused with 401 after ${attempts} attempt(s)`, async (t) => {
    const sim = await simulator(t);
    const { client } = makeClient(sim.url, { tokens: { description: 'wrong', getToken: async () => 'wrong-token-value', invalidate() {}, renewable } });
    await assert.rejects(client.listPolicies(CUSTOMER), (e: unknown) => isPartnerCenterError(e) && e.status === 401 && e.attempts === attempts);
    assert.equal(sim.requests.length, attempts);
  });
}

for (const shapes of ['real', 'documented'] as const) {
  test(`paging through the simulator returns every device of a batch (${shapes} shapes: ${shapes === 'real' ? 'links.next' : 'continuationToken'})`, async (t) => {
    const devices = Array.from({ length: 250 }, (_, i) => ({ id: `dev-${i}`, serialNumber: `SN${i}` }));
    const sim = await simulator(t, { shapes, data: { customers: { [CUSTOMER]: { batches: { 'batch one/2': devices } } } } });
    const { client } = makeClient(sim.url);

    assert.deepEqual((await client.listDeviceBatches(CUSTOMER)).map((b) => b.id), ['batch one/2']);
    const listed = await client.listBatchDevices(CUSTOMER, 'batch one/2');

    assert.deepEqual(listed.map((d) => d.id), devices.map((d) => d.id));
    const pages = sim.requests.filter((r) => r.path.includes('/devices'));
    assert.equal(pages.length, 3);
    assert.equal(pages[0]?.headers['ms-continuationtoken'], undefined);
    assert.ok(pages[1]?.headers['ms-continuationtoken']);
  });
}
