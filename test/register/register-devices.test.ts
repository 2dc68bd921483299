// The registration stage against the simulator over loopback, with a real journal on disk: batches
// created then added to, a 409 turned into an addition, each job tracked to new IDs, and what an earlier
// run left unanswered sent again under its MS-RequestId so nothing is uploaded twice.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { connect, type Connection } from '../../src/setup/connect.js';
import type { TokenSource } from '../../src/partner-center/contract.js';
import { openJournal, type Journal } from '../../src/journal/journal.js';
import type { RegistrationCandidate } from '../../src/register/plan-uploads.js';
import { registerDevices, type RegisterSettings } from '../../src/register/register-devices.js';
import { startSimulator, type Simulator } from '../../src/simulator/start.js';
import type { SimulatorOptions } from '../../src/simulator/options.js';
import { tempDir } from '../helpers/paths.js';

const A = 'c7f3c849-129f-4b85-a96d-4f8e88b315a3';
const B = '1ecedaec-f4fc-461a-a132-6c7861dfc534';
const tokens: TokenSource = { description: 'test', renewable: false, getToken: async () => 'tok', invalidate: () => {} };
const settings: RegisterSettings = { batch: 'Q3', chunkSize: 2, concurrency: 4, perCustomer: 2, waitTimeoutMs: 60_000 };

interface Rig {
  sim: Simulator;
  connection: Connection;
  journal: Journal;
  path: string;
}

async function rig(t: TestContext, options: SimulatorOptions = {}, path?: string, existing?: Simulator): Promise<Rig> {
  // Jobs finish at once, so tracking needs one round and no sleep.
  const sim = existing ?? (await startSimulator({ jobSteps: 0, ...options }));
  if (existing === undefined) t.after(() => sim.close());
  const connection = await connect(
    { endpoint: sim.url, auth: 'token', tokenFile: undefined, clientId: undefined, tenantId: undefined, maxRetries: 2, timeoutMs: 10_000, log: undefined },
    { correlationId: '49b1e7b2-82e7-4403-b63b-8765269b448d', env: {}, stderr: process.stderr, tokens },
  );
  const file = path ?? join(tempDir(t), 'out.json.journal');
  const journal = await openJournal(file, { inputSha256: 'a'.repeat(64), out: 'out.json', correlationId: 'c', startedAt: '2025-01-01T00:00:00.000Z' }, { restart: false });
  t.after(() => journal.close());
  return { sim, connection, journal, path: file };
}

function run(r: Rig, candidates: RegistrationCandidate[], existingBatch: (customer: string, batch: string) => string | undefined = () => undefined) {
  const never = new AbortController().signal;
  return registerDevices(candidates, settings, {
    connection: r.connection,
    journal: r.journal,
    stop: never,
    abort: never,
    now: () => new Date(),
    existingBatch,
    listedBefore: () => false,
    onSendProgress: () => {},
    onTrackProgress: () => {},
  });
}

const laptop = (index: number, customer = A): RegistrationCandidate => ({
  index,
  rowNumber: index + 2,
  customer,
  serial: `SN-${index}`,
  manufacturer: 'LENOVO',
  model: '21HD',
});

const uploadsOf = (sim: Simulator) => sim.requests.filter((r) => r.method === 'POST');

test('the first chunk creates the batch, later chunks add to it; every device gets the ID its job gave', async (t) => {
  const r = await rig(t);
  const report = await run(r, [laptop(0), laptop(1), laptop(2), laptop(3, B), { index: 4, rowNumber: 6, customer: A, serial: 'SN-4' }]);
  assert.deepEqual(
    uploadsOf(r.sim).map((q) => q.path.replace(/customers\/[^/]+/, 'customers/…')),
    ['/v1/customers/…/deviceBatches', '/v1/customers/…/deviceBatches', '/v1/customers/…/deviceBatches/Q3/devices'],
  );
  assert.equal(report.requests, 3);
  assert.deepEqual([...report.invalid.keys()], [4]);
  assert.match(report.invalid.get(4) ?? '', /serial number "SN-4" has no manufacturer and model/);
  const jobIds = new Map(r.sim.jobs().flatMap((job) => job.devices.map((d) => [d.serialNumber, d.deviceId] as const)));
  for (const index of [0, 1, 2, 3]) {
    assert.deepEqual(report.rows.get(index), { kind: 'registered', deviceId: jobIds.get(`SN-${index}`), batch: 'Q3' });
  }
  // The journal holds each upload's intent and answer, under its op.
  assert.deepEqual(r.journal.earlier, []);
  const reopened = await openJournal(r.path, { inputSha256: 'a'.repeat(64), out: 'out.json', correlationId: 'c2', startedAt: '' }, { restart: false });
  t.after(() => reopened.close());
  assert.deepEqual(reopened.earlier.map((e) => [e.intent.op, e.answer?.kind]).sort(), [
    ['add-devices', 'accepted'],
    ['create-batch', 'accepted'],
    ['create-batch', 'accepted'],
  ]);
});

test('a batch that exists though the listing did not show it: the 409 on create becomes an addition', async (t) => {
  const r = await rig(t, { data: { customers: { [A]: { batches: { Q3: [] } } } } });
  const report = await run(r, [laptop(0), laptop(1)]);
  assert.deepEqual(uploadsOf(r.sim).map((q) => q.status), [409, 202]);
  assert.ok(uploadsOf(r.sim)[1]?.path.endsWith('/deviceBatches/Q3/devices'));
  assert.deepEqual([...report.rows.values()].map((v) => v.kind), ['registered', 'registered']);
});

test('a device the upload refuses fails with the code and a plain explanation; the others register', async (t) => {
  const r = await rig(t, { data: { customers: {}, otherTenantDevices: ['SN-1'] } });
  const report = await run(r, [laptop(0), laptop(1)]);
  assert.equal(report.rows.get(0)?.kind, 'registered');
  const refused = report.rows.get(1);
  assert.ok(refused?.kind === 'stopped');
  assert.equal(refused.result.status, 'failed');
  assert.equal(refused.result.errorCode, '808');
  assert.match(refused.result.detail, /^not registered \(upload job [0-9a-f-]+\): 808 ZtdDeviceAssignedToOtherTenant — the device is registered to another tenant/);
});

test('an upload an earlier run recorded but never heard back from is sent again under its MS-RequestId: one job', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'out.json.journal');
  // The earlier run: its intent on disk, its request reached the service, the answer was lost (kill -9).
  const first = await rig(t, {}, path);
  const requestId = '5f0c2b1e-7a3d-4c9e-8b6f-1d2e3f4a5b6c';
  await first.journal.record({
    kind: 'intent', requestId, op: 'create-batch', customer: A, at: '2025-01-01T00:00:00.000Z',
    items: [0, 1].map((i) => ({ index: i, rowNumber: i + 2, key: `sn:sn-${i}|lenovo|21hd`, label: `SN-${i}`, batch: 'Q3', device: { serialNumber: `SN-${i}`, manufacturer: 'LENOVO', model: '21HD' } })),
  });
  await first.journal.close();
  await first.connection.api.createDeviceBatch(A, 'Q3', [0, 1].map((i) => ({ serialNumber: `SN-${i}`, manufacturer: 'LENOVO', model: '21HD' })), { requestId });
  assert.equal(first.sim.jobs().length, 1);

  // The same input again, against the same service: the request goes out again, under the same ID.
  const again = await rig(t, {}, path, first.sim);
  const { sim } = again;
  const report = await run(again, [laptop(0), laptop(1), laptop(2)]);
  assert.equal(report.resumed, 1);
  const posts = uploadsOf(sim);
  assert.deepEqual(posts.map((p) => p.headers['ms-requestid'] === requestId), [true, true, false]);
  // The third device is new: the batch exists (the earlier create), so it is added.
  assert.ok(posts[2]?.path.endsWith('/deviceBatches/Q3/devices'));
  assert.equal(sim.stats().replays, 1);
  const perSerial = new Map<string, number>();
  for (const job of sim.jobs()) for (const d of job.devices) perSerial.set(d.serialNumber ?? '', (perSerial.get(d.serialNumber ?? '') ?? 0) + 1);
  assert.deepEqual(Object.fromEntries(perSerial), { 'SN-0': 1, 'SN-1': 1, 'SN-2': 1 });
  assert.deepEqual([...report.rows.values()].map((v) => v.kind), ['registered', 'registered', 'registered']);
});
