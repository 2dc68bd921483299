// `device-policy status` run as a user would, on results files that `apply` wrote against the simulator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSimulator } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';
import { devices, writeDeviceCsv } from '../apply/inputs.js';

const TOKEN = 'status-token-31c8';
const env = { PARTNER_CENTER_TOKEN: TOKEN };

interface Json {
  summary: { devices?: Record<string, number>; byStatus: Record<string, number> };
  rows: Array<{ row: number; status: string; deviceStatus?: string; deviceError?: string; jobStatus?: string; input: Record<string, string> }>;
}

test('status asks once, then --wait records every device, keeping every other cell; exit 1 while any failed or is pending', async (t) => {
  const lines = devices(30, 2);
  const other = lines[7]?.device ?? '';
  const sim = await startSimulator({ token: TOKEN, jobStepMs: 1500, data: { customers: {}, otherTenantDevices: [other] } });
  t.after(() => sim.close());
  const dir = tempDir(t);
  const input = writeDeviceCsv(dir, lines);
  const out = join(dir, 'r.json');
  const applied = await runCli(['apply', input, '--out', out, '--endpoint', sim.url, '--quiet'], { env });
  assert.equal(applied.code, 0, applied.stderr);
  const before = JSON.parse(readFileSync(out, 'utf8')) as Json;

  // The endpoint is taken from the results file, since it is this machine's simulator.
  const once = await runCli(['status', out, '--quiet'], { env });
  assert.equal(once.code, 1, 'devices still pending');
  const pending = JSON.parse(readFileSync(out, 'utf8')) as Json;
  assert.ok(pending.rows.every((r) => r.deviceStatus === 'pending'));

  const waited = await runCli(['status', out, '--wait', '--wait-timeout', '60', '--json'], { env });
  assert.equal(waited.code, 1, `one device failed: ${waited.stderr}`);
  assert.deepEqual((JSON.parse(waited.stdout) as Json['summary']).devices, { succeeded: 29, failed: 1, pending: 0 });
  const after = JSON.parse(readFileSync(out, 'utf8')) as Json;
  const failed = after.rows.filter((r) => r.deviceStatus === 'failed');
  assert.deepEqual(failed.map((r) => r.input['Device ID']), [other]);
  assert.match(failed[0]?.deviceError ?? '', /808/);
  assert.match(failed[0]?.deviceError ?? '', /another tenant/i);
  // Every other cell is as apply wrote it.
  assert.deepEqual(
    after.rows.map((r) => [r.row, r.status, r.input]),
    before.rows.map((r) => [r.row, r.status, r.input]),
  );
  // Economical: a few requests per job, not one per second.
  const gets = sim.requests.filter((r) => r.method === 'GET').length;
  assert.ok(gets <= 2 * 5, `${gets} GETs for 2 jobs`);
});

test('status exits 0 when every device succeeded, and exits 2 listing the ways to sign in when there are no credentials', async (t) => {
  const sim = await startSimulator({ token: TOKEN, jobSteps: 0 });
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
