// What must hold however a run ends: output problems are found before anything is sent, and a failure
// after sending never costs the results file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSimulator } from '../../src/simulator/start.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';
import { devices, readJsonResults, registered, writeDeviceCsv } from './inputs.js';

const TOKEN = 'safety-token-88a2';
const env = { PARTNER_CENTER_TOKEN: TOKEN };

test('an --out, --report or --log that cannot be written stops the run before any request, with exit 2', async (t) => {
  const sim = await startSimulator({ token: TOKEN });
  t.after(() => sim.close());
  const dir = tempDir(t);
  const input = writeDeviceCsv(dir, devices(5));
  const cases: Array<{ args: string[]; says: RegExp }> = [
    { args: ['--out', join(dir, 'r.txt')], says: /--out: cannot tell the results format/ },
    { args: ['--out', join(dir, 'missing', 'r.csv')], says: /--out .*does not exist/ },
    { args: ['--out', join(dir, 'r.csv'), '--report', join(dir, 'missing', 'ticket.md')], says: /--report .*does not exist/ },
    { args: ['--out', join(dir, 'r.csv'), '--report', join(dir, 'ticket.txt')], says: /--report .*Markdown/ },
    { args: ['--out', join(dir, 'r.csv'), '--log', join(dir, 'missing', 'http.ndjson')], says: /--log .*does not exist/ },
    // A folder named like a results file, and a log that would be appended to the input itself.
    { args: ['--out', join(dir, 'folder.xlsx')], says: /--out .*folder\.xlsx is a folder/ },
    { args: ['--out', join(dir, 'r.csv'), '--log', input], says: /--log .*devices\.csv is the input file itself/ },
  ];
  mkdirSync(join(dir, 'folder.xlsx'));
  const before = readFileSync(input, 'utf8');
  for (const c of cases) {
    const run = await runCli(['apply', input, '--endpoint', sim.url, ...c.args], { env });
    assert.equal(run.code, 2, `${c.args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, c.says);
    assert.doesNotMatch(run.stderr, /unexpected error|\n\s+at /);
  }
  assert.equal(sim.requests.length, 0, 'nothing was sent');
  assert.ok(!existsSync(join(dir, 'r.csv.journal')));
  assert.equal(readFileSync(input, 'utf8'), before, 'the input is untouched');
});

test('a sign-in refused while --wait polls still writes the results: every row accepted, devices pending', async (t) => {
  const sim = await startSimulator({ token: TOKEN, jobStepMs: 100, data: registered(devices(20, 2)) });
  t.after(() => sim.close());
  const dir = tempDir(t);
  const input = writeDeviceCsv(dir, devices(20, 2));
  const out = join(dir, 'r.json');
  // Every GET is refused: the token "expired" right after sending.
  sim.setOptions({ failNextRequests: Array.from({ length: 10 }, () => ({ kind: 'error' as const, method: 'GET', status: 401 })) });
  // No policy or device check: their GETs would meet the refusal meant for tracking.
  const run = await runCli(['apply', input, '--out', out, '--endpoint', sim.url, '--wait', '--quiet', '--no-check-policies', '--no-verify-devices'], { env });
  // Nothing to fix, the devices not known yet: exit 3, run status later.
  assert.equal(run.code, 3, run.stderr);
  assert.match(run.stderr, /tracking stopped: .*401/);
  assert.match(run.stderr, /device-policy status .* --wait/);
  const results = readJsonResults(out);
  assert.equal(results.rows.length, 20);
  assert.ok(results.rows.every((r) => r.status === 'accepted' && r.batchJobUri !== undefined));
  const rows = results.rows as Array<{ deviceStatus?: string; deviceError?: string }>;
  assert.ok(rows.every((r) => r.deviceStatus === 'pending' && /not checked/.test(r.deviceError ?? '')));
  assert.ok(!existsSync(`${out}.journal`), 'everything was sent: the journal is done');
});

test('--map may come before the file; a fed-back results file whose devices are still pending sends nothing and exits 3, as status does', async (t) => {
  // Jobs that stay queued: `status` records every device as pending.
  const sim = await startSimulator({ token: TOKEN, jobStepMs: 600_000, data: registered(devices(6)) });
  t.after(() => sim.close());
  const dir = tempDir(t);
  const input = writeDeviceCsv(dir, devices(6));
  const first = join(dir, 'first.xlsx');
  const run1 = await runCli(['apply', '--map', 'device=Device ID', input, '--out', first, '--endpoint', sim.url, '--quiet'], { env });
  assert.equal(run1.code, 0, run1.stderr);
  const status = await runCli(['status', first], { env });
  assert.equal(status.code, 3, 'devices pending');
  assert.match(status.stderr, /0 devices succeeded, 0 failed, 6 pending/);

  const before = sim.requests.length;
  const second = join(dir, 'second.json');
  const run2 = await runCli(['apply', first, '--out', second, '--endpoint', sim.url, '--quiet'], { env });
  // The rows are accepted and kept as they were, their devices still pending: the same code status gives.
  assert.equal(run2.code, 3, run2.stderr);
  assert.equal(sim.requests.slice(before).filter((r) => r.method === 'PATCH').length, 0, 'nothing sent again');
  const rows = readJsonResults(second).rows as Array<{ status: string; deviceStatus?: string }>;
  assert.ok(rows.every((r) => r.status === 'accepted' && r.deviceStatus === 'pending'));
});
