// End to end over loopback: a real simulator, the real client, a real results file. Time is the test's:
// the simulator's jobs age on the same fake clock the tracker sleeps on, so nothing really waits.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { test } from 'node:test';
import type { RowResult } from '../../src/model.js';
import { createPartnerCenterClient } from '../../src/partner-center/client.js';
import type { PartnerCenterApi, TokenSource } from '../../src/partner-center/contract.js';
import { readResultsFile, writeResultsFile, type ResultRow } from '../../src/record/results-file.js';
import { startSimulator, type Simulator } from '../../src/simulator/start.js';
import type { SimulatorOptions } from '../../src/simulator/options.js';
import { runStatus } from '../../src/status/update-results.js';
import { tempDir } from '../helpers/paths.js';
import { fakeClock } from '../track/fake-api.js';
import { accepted, CUSTOMER, POLICY, summaryFor } from '../track/fixtures.js';

const tokens: TokenSource = { getToken: async () => 'test-token', invalidate: () => {}, renewable: false, description: 'test token' };
const HEADERS = ['Customer ID', 'Device ID', 'Policy ID', 'Status', 'Notes'];

async function setUp(t: { after(fn: () => unknown): void }, options: SimulatorOptions = {}) {
  const clock = fakeClock();
  const sim = await startSimulator({
    data: { customers: { [CUSTOMER]: {} }, otherTenantDevices: ['DEV-808'] },
    jobSteps: 2,
    jobStepMs: 1000,
    now: clock.now,
    ...options,
  });
  t.after(() => sim.close());
  const api = createPartnerCenterClient({ tokens, endpoint: sim.url, maxRetries: 0, now: clock.now, sleep: async () => {} });
  return { sim, api, clock };
}

/** Sends the devices in one PATCH, as apply would, and gives the rows apply would have recorded. */
async function send(api: PartnerCenterApi, devices: string[], firstRow: number): Promise<ResultRow[]> {
  const sent = await api.updateDevicePolicies(CUSTOMER, devices.map((deviceId) => ({ deviceId, policyId: POLICY })), { requestId: randomUUID() });
  return devices.map((device, i) => ({
    // An input column named like a result column, and cells a CSV or a sheet could mangle: all must survive.
    input: [CUSTOMER, device, POLICY, 'from vendor', `=SUM(1;2) "row ${firstRow + i}"`],
    result: accepted(firstRow + i, sent.batchJobUri, { requestId: sent.requestId, trackingId: sent.trackingId }),
  }));
}

const gets = (sim: Simulator) => sim.requests.filter((r) => r.method === 'GET').length;

for (const ext of ['xlsx', 'json', 'csv'] as const) {
  test(`status --wait over loopback (${ext}): every device's outcome, other cells unchanged, exit 1 for the 808`, async (t) => {
    const { sim, api, clock } = await setUp(t);
    const invalid: ResultRow = { input: ['not-a-guid', 'dev-x', POLICY, '', ''], result: { row: 4, status: 'invalid', detail: 'customer is not a GUID' } satisfies RowResult };
    const rows = [...(await send(api, ['dev-1', 'DEV-808'], 2)), invalid, ...(await send(api, ['dev-3'], 5))];
    const file = join(tempDir(t), `devices.results.${ext}`);
    await writeResultsFile(file, { headers: HEADERS, rows, summary: summaryFor(rows) });
    const before = await readResultsFile(file);

    const rounds: string[] = [];
    const result = await runStatus({
      file, api, wait: true, waitTimeoutMs: 600_000, sleep: clock.sleep, now: clock.now,
      onProgress: (p) => rounds.push(`${p.jobsDone}/${p.jobsTotal} ${p.succeeded}+${p.failed}+${p.pending}`),
    });

    assert.equal(result.exitCode, 1);
    assert.deepEqual(rounds, ['0/2 0+0+3', '2/2 2+1+0']);
    // Economical: each job asked once while queued and once when done.
    assert.equal(gets(sim), 4);
    assert.equal(result.report.requests, 4);

    const after = await readResultsFile(file);
    assert.deepEqual(after.headers, before.headers);
    assert.deepEqual(after.rows.map((r) => r.input), before.rows.map((r) => r.input));
    const outcome = after.rows.map((r) => [r.result.status, r.result.jobStatus, r.result.deviceStatus]);
    assert.deepEqual(outcome, [
      ['applied', 'finished_with_errors', 'succeeded'],
      ['failed', 'finished_with_errors', 'failed'],
      ['invalid', undefined, undefined],
      ['applied', 'finished', 'succeeded'],
    ]);
    assert.match(after.rows[1]?.result.deviceError ?? '', /^808 ZtdDeviceAssignedToOtherTenant — .*must deregister/);
    assert.deepEqual(after.rows[2]?.result, before.rows[2]?.result);
    for (const [i, row] of after.rows.entries()) {
      // Status and Detail follow the device; the request-level columns stay as apply wrote them.
      const { jobStatus: _j, deviceStatus: _d, deviceError: _e, checkedAt: _c, status: _s, detail: _t, ...rest } = row.result;
      const { jobStatus: _j2, deviceStatus: _d2, deviceError: _e2, checkedAt: _c2, status: _s2, detail: _t2, ...was } = before.rows[i]?.result ?? row.result;
      assert.deepEqual(rest, was, `row ${i}: the result columns apply wrote are kept`);
    }
    if (ext !== 'csv') assert.deepEqual(after.summary?.devices, { succeeded: 2, failed: 1, pending: 0 });
  });
}

test('over loopback: devices listed without IDs are matched by position', async (t) => {
  const { api, clock } = await setUp(t, { omitDeviceIds: true, jobStatusOnDeviceErrors: 'finished' });
  const rows = await send(api, ['dev-1', 'DEV-808', 'dev-2'], 2);
  const file = join(tempDir(t), 'devices.results.json');
  await writeResultsFile(file, { headers: HEADERS, rows, summary: summaryFor(rows) });
  const result = await runStatus({ file, api, wait: true, waitTimeoutMs: 600_000, sleep: clock.sleep, now: clock.now });
  assert.deepEqual(result.summary.devices, { succeeded: 2, failed: 1, pending: 0 });
  const after = await readResultsFile(file);
  assert.deepEqual(after.rows.map((r) => r.result.deviceStatus), ['succeeded', 'failed', 'succeeded']);
});

test('over loopback: a 429 while polling holds off 30 s, then the job is read', async (t) => {
  const { sim, api, clock } = await setUp(t);
  const rows = await send(api, ['dev-1'], 2);
  const file = join(tempDir(t), 'devices.results.json');
  await writeResultsFile(file, { headers: HEADERS, rows, summary: summaryFor(rows) });
  sim.setOptions({ failNextRequests: [{ kind: 'throttle', method: 'GET', retryAfter: 5 }] });
  const result = await runStatus({ file, api, wait: true, waitTimeoutMs: 600_000, sleep: clock.sleep, now: clock.now });
  assert.equal(result.exitCode, 0);
  assert.deepEqual(clock.sleeps, [30_000]);
  assert.equal(sim.requests.filter((r) => r.method === 'GET' && r.status === 429).length, 1);
});

test('over loopback: a timeout leaves devices pending and exits 3 (nothing to fix; run status later)', async (t) => {
  const { sim, api, clock } = await setUp(t, { jobStepMs: 3_600_000 });
  const rows = await send(api, ['dev-1', 'dev-2'], 2);
  const file = join(tempDir(t), 'devices.results.json');
  await writeResultsFile(file, { headers: HEADERS, rows, summary: summaryFor(rows) });
  const result = await runStatus({ file, api, wait: true, waitTimeoutMs: 60_000, sleep: clock.sleep, now: clock.now });
  assert.equal(result.exitCode, 3);
  assert.equal(result.report.timedOut, true);
  assert.deepEqual(result.summary.devices, { succeeded: 0, failed: 0, pending: 2 });
  assert.ok(gets(sim) <= 8, `${gets(sim)} GETs in one minute`);
  const after = await readResultsFile(file);
  assert.deepEqual(after.rows.map((r) => [r.result.jobStatus, r.result.deviceStatus]), [['queued', 'pending'], ['queued', 'pending']]);
});

test('over loopback: rows whose Batch Job URI is no URI fail and are written; the other rows are tracked', async (t) => {
  const { sim, api, clock } = await setUp(t);
  const good = await send(api, ['dev-1'], 2);
  // As a hand-edited file could hold them: a broken %-escape, and a broken host.
  const broken = ['http://127.0.0.1:1/v1/customers/%ZZ/batchJobStatus/x', 'http://[bad/x'].map((uri, i): ResultRow => ({
    input: [CUSTOMER, `dev-b${i}`, POLICY, '', ''],
    result: accepted(3 + i, uri),
  }));
  const rows = [...good, ...broken];
  const file = join(tempDir(t), 'devices.results.json');
  await writeResultsFile(file, { headers: HEADERS, rows, summary: summaryFor(rows) });

  const result = await runStatus({ file, api, wait: true, waitTimeoutMs: 600_000, sleep: clock.sleep, now: clock.now });

  assert.equal(result.written, true);
  assert.equal(result.exitCode, 1);
  assert.deepEqual(result.summary.devices, { succeeded: 1, failed: 2, pending: 0 });
  // Only the good job was asked: twice (queued, then done); the broken ones never reach the wire.
  assert.equal(gets(sim), 2);
  const after = await readResultsFile(file);
  assert.deepEqual(after.rows.map((r) => [r.result.jobStatus, r.result.deviceStatus, r.result.deviceError]), [
    ['finished', 'succeeded', undefined],
    ['error', 'failed', 'not a valid batch job URI: http://127.0.0.1:1/v1/customers/%ZZ/batchJobStatus/x'],
    ['error', 'failed', 'not a valid batch job URI: http://[bad/x'],
  ]);
});
