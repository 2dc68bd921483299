// `device-policy status` run as a user would, on results files that `apply` wrote against the simulator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSimulator } from '../../src/simulator/start.js';
import { runCli, startCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';
import { devices, registered, writeDeviceCsv } from '../apply/inputs.js';

const TOKEN = 'status-token-31c8';
const env = { PARTNER_CENTER_TOKEN: TOKEN };

interface Json {
  summary: { devices?: Record<string, number>; byStatus: Record<string, number> };
  rows: Array<{ row: number; status: string; deviceStatus?: string; deviceError?: string; jobStatus?: string; input: Record<string, string> }>;
}

test('status asks once, then --wait records every device, keeping every other cell; exit 3 while devices are pending, 1 once one failed', async (t) => {
  const lines = devices(30, 2);
  const other = lines[7]?.device ?? '';
  // Jobs finish by the simulator's clock, which moves on events rather than with the wall clock: the jobs
  // are done from the 3rd batch-job request on (the first round of --wait), however slowly processes start.
  const START = Date.parse('2025-03-01T10:00:00Z');
  const gets = (): number => sim.requests.filter((r) => r.method === 'GET' && /\/batchJobStatus\//i.test(r.path)).length;
  const sim = await startSimulator({ token: TOKEN, jobStepMs: 1500, now: () => START + (gets() >= 3 ? 60_000 : 0), data: registered(lines, { customers: {}, otherTenantDevices: [other] }) });
  t.after(() => sim.close());
  const dir = tempDir(t);
  const input = writeDeviceCsv(dir, lines);
  const out = join(dir, 'r.json');
  const applied = await runCli(['apply', input, '--out', out, '--endpoint', sim.url, '--quiet'], { env });
  assert.equal(applied.code, 0, applied.stderr);
  const before = JSON.parse(readFileSync(out, 'utf8')) as Json;

  // The endpoint is taken from the results file, since it is this machine's simulator.
  const once = await runCli(['status', out, '--quiet'], { env });
  assert.equal(once.code, 3, 'devices still pending, nothing for the user to fix');
  const pending = JSON.parse(readFileSync(out, 'utf8')) as Json;
  assert.ok(pending.rows.every((r) => r.deviceStatus === 'pending'), JSON.stringify(pending.rows.map((r) => [r.status, r.deviceStatus, r.jobStatus])));

  const waited = await runCli(['status', out, '--wait', '--wait-timeout', '60', '--json'], { env });
  assert.equal(waited.code, 1, `one device failed: ${waited.stderr}`);
  assert.deepEqual((JSON.parse(waited.stdout) as Json['summary']).devices, { succeeded: 29, failed: 1, pending: 0 });
  const after = JSON.parse(readFileSync(out, 'utf8')) as Json;
  const failed = after.rows.filter((r) => r.deviceStatus === 'failed');
  assert.deepEqual(failed.map((r) => r.input['Device ID']), [other]);
  assert.match(failed[0]?.deviceError ?? '', /808/);
  assert.match(failed[0]?.deviceError ?? '', /another tenant/i);
  // Every other cell is as apply wrote it; Status follows each device's outcome.
  assert.deepEqual(after.rows.map((r) => [r.row, r.input]), before.rows.map((r) => [r.row, r.input]));
  assert.deepEqual(after.rows.map((r) => r.status), before.rows.map((r) => (r.input['Device ID'] === other ? 'failed' : 'applied')));
  assert.deepEqual(pending.rows.map((r) => r.status), before.rows.map((r) => r.status), 'pending devices stay accepted');
  // Economical: once for `status`, then one round of --wait, for two jobs; no more.
  assert.equal(gets(), 4, 'one request per job per round');
});

test('status exits 0 when every device succeeded, and exits 2 listing the ways to sign in when there are no credentials', async (t) => {
  const sim = await startSimulator({ token: TOKEN, jobSteps: 0, data: registered(devices(10, 1)) });
  t.after(() => sim.close());
  const dir = tempDir(t);
  const input = writeDeviceCsv(dir, devices(10, 1));
  const out = join(dir, 'r.xlsx');
  const applied = await runCli(['apply', input, '--out', out, '--endpoint', sim.url, '--quiet'], { env });
  assert.equal(applied.code, 0, applied.stderr);
  const status = await runCli(['status', out], { env });
  assert.equal(status.code, 0, status.stderr);
  assert.match(status.stderr, /10 devices succeeded, 0 failed, 0 pending/);

  const noCredentials = await runCli(['status', out]);
  assert.equal(noCredentials.code, 2);
  assert.match(noCredentials.stderr, /PARTNER_CENTER_TOKEN/);
});

test('a file status cannot read ends with exit 2 and one plain line naming it: missing, not a results file', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'in.csv'), 'Customer ID,Device ID,Policy ID\r\nc,d,p\r\n');
  mkdirSync(join(dir, 'folder.xlsx'));
  const cases: Array<[string, RegExp]> = [
    // Before the fix these two crashed with an unhandled 'error' event (exit 1, "devices failed").
    ['nonexist.csv', /nonexist\.csv: no such file/],
    ['nonexist.xlsx', /nonexist\.xlsx: no such file/],
    ['nonexist.json', /nonexist\.json: no such file/],
    ['folder.xlsx', /folder\.xlsx as an XLSX workbook: it is a folder/],
    ['in.csv', /in\.csv is not a results file/],
  ];
  for (const [name, message] of cases) {
    const run = await runCli(['status', join(dir, name)], { env });
    assert.equal(run.code, 2, `${name}: ${run.stderr}`);
    assert.match(run.stderr, message, name);
    assert.equal(run.stderr.trim().split('\n').length, 1, `${name}: one line, no stack: ${run.stderr}`);
    assert.doesNotMatch(run.stderr, /unexpected error|\n\s+at /, name);
  }
});

test('a results CSV that Excel saved with blank rows at the end is tracked as it is', async (t) => {
  const sim = await startSimulator({ token: TOKEN, jobSteps: 0, data: registered(devices(3, 1)) });
  t.after(() => sim.close());
  const dir = tempDir(t);
  const out = join(dir, 'r.csv');
  const applied = await runCli(['apply', writeDeviceCsv(dir, devices(3, 1)), '--out', out, '--endpoint', sim.url, '--quiet'], { env });
  assert.equal(applied.code, 0, applied.stderr);
  const width = readFileSync(out, 'utf8').split('\r\n')[0]?.split(',').length ?? 0;
  appendFileSync(out, `${','.repeat(width - 1)}\r\n${','.repeat(width - 1)}\r\n\r\n`);
  const status = await runCli(['status', out, '--endpoint', sim.url], { env });
  assert.equal(status.code, 0, status.stderr);
  assert.match(status.stderr, /3 devices succeeded, 0 failed, 0 pending/);
});

test('status --map device=COLUMN: the column apply --map used, for a CSV that does not record it', async (t) => {
  const sim = await startSimulator({ token: TOKEN, jobSteps: 0, data: registered(devices(4, 1)) });
  t.after(() => sim.close());
  const dir = tempDir(t);
  // "Device" is the model and "Device ID" the vendor's own number; the Partner Center ID is "HW Ref".
  const input = join(dir, 'vendor.csv');
  const lines = devices(4, 1).map((l, i) => `${l.customer},Surface Pro,V-${i},${l.device},${l.policy}`);
  writeFileSync(input, `Customer ID,Device,Device ID,HW Ref,Policy ID\r\n${lines.join('\r\n')}\r\n`);
  const out = join(dir, 'r.csv');
  const applied = await runCli(['apply', input, '--map', 'device=HW Ref', '--out', out, '--endpoint', sim.url, '--quiet'], { env });
  assert.equal(applied.code, 0, applied.stderr);

  const guessed = await runCli(['status', out, '--endpoint', sim.url, '--quiet'], { env });
  assert.equal(guessed.code, 2, guessed.stderr);
  assert.match(guessed.stderr, /"Device" \(column B\) and "Device ID" \(column C\).*--map device=COLUMN/);

  const mapped = await runCli(['status', out, '--map', 'device=HW Ref', '--endpoint', sim.url], { env });
  assert.equal(mapped.code, 0, mapped.stderr);
  assert.match(mapped.stderr, /4 devices succeeded, 0 failed, 0 pending/);

  const policy = await runCli(['status', out, '--map', 'policy=Policy ID', '--endpoint', sim.url], { env });
  assert.equal(policy.code, 2);
  assert.match(policy.stderr, /status --map takes device and customer/);
});

test('Ctrl-C during status --wait writes what is known and exits 130', async (t) => {
  // Jobs that take far longer than the test: only the signal ends the wait.
  const sim = await startSimulator({ token: TOKEN, jobStepMs: 600_000, data: registered(devices(2, 1)) });
  t.after(() => sim.close());
  const dir = tempDir(t);
  const out = join(dir, 'r.json');
  const applied = await runCli(['apply', writeDeviceCsv(dir, devices(2, 1)), '--out', out, '--endpoint', sim.url, '--quiet'], { env });
  assert.equal(applied.code, 0, applied.stderr);

  const child = startCli(['status', out, '--wait', '--endpoint', sim.url], { env });
  // The first round's progress line: the job has been asked once and the tracker is waiting for the next.
  await new Promise<void>((resolve) => {
    let seen = '';
    child.stderr?.on('data', (d: Buffer | string) => {
      seen += String(d);
      if (/tracking: /.test(seen)) resolve();
    });
  });
  child.kill('SIGINT');
  const result = await child.result;
  assert.equal(result.code, 130, result.stderr);
  assert.match(result.stderr, /SIGINT: stopping after this round/);
  const after = JSON.parse(readFileSync(out, 'utf8')) as Json;
  assert.ok(after.rows.every((r) => r.deviceStatus === 'pending' && r.jobStatus !== undefined), 'the round’s answers are written');
});

test('status --wait while every poll answers 500: it stops at --wait-timeout (not after the client\'s retries), devices pending, exit 3', async (t) => {
  const sim = await startSimulator({ token: TOKEN, jobStepMs: 600_000 });
  t.after(() => sim.close());
  const dir = tempDir(t);
  const out = join(dir, 'r.json');
  const applied = await runCli(['apply', writeDeviceCsv(dir, devices(3, 1)), '--out', out, '--endpoint', sim.url, '--quiet', '--no-check-policies', '--no-verify-devices'], { env });
  assert.equal(applied.code, 0, applied.stderr);
  sim.setOptions({ failNextRequests: Array.from({ length: 5000 }, () => ({ kind: 'error' as const, method: 'GET', status: 500 })) });
  // 50 retries with backoff would keep one poll going for many minutes: only the deadline ends it.
  const run = await runCli(['status', out, '--wait', '--wait-timeout', '2', '--max-retries', '50'], { env });
  // 3: nothing needs the user, devices the service has not finished remain.
  assert.equal(run.code, 3, run.stderr);
  assert.match(run.stderr, /0 devices succeeded, 0 failed, 3 pending/);
  assert.ok(sim.requests.filter((r) => r.method === 'GET').length >= 1);
});
