// `apply` against the simulator over loopback, run as a user runs it: the built CLI in a child process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '../../src/simulator/start.js';
import { mulberry32 } from '../../src/hardware-hash/random.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';
import { CUSTOMERS, OTHER_POLICY, POLICY, acceptedDevices, devices, readJsonResults, registered, writeDeviceCsv, type JsonResults } from './inputs.js';

const TOKEN = 'test-token-7f3a9c';

async function simulator(t: { after(fn: () => Promise<void>): void }, options: Parameters<typeof startSimulator>[0]): Promise<Simulator> {
  const sim = await startSimulator({ token: TOKEN, ...options });
  t.after(() => sim.close());
  return sim;
}

function applyArgs(input: string, out: string, sim: Simulator, extra: string[] = []): string[] {
  return ['apply', input, '--out', out, '--endpoint', sim.url, '--quiet', ...extra];
}

test('429s, 503s and dropped connections still end with every row accepted and each device accepted once', async (t) => {
  const lines = devices(300, 3);
  const sim = await simulator(t, { throttleRate: 0.15, errorRate: 0.1, dropRate: 0.05, retryAfterSeconds: 0, random: mulberry32(42), data: registered(lines) });
  const dir = tempDir(t);
  const input = writeDeviceCsv(dir, lines);
  const out = join(dir, 'r.json');
  const run = await runCli(applyArgs(input, out, sim, ['--chunk-size', '15', '--concurrency', '6']), { env: { PARTNER_CENTER_TOKEN: TOKEN } });
  assert.equal(run.code, 0, run.stderr);
  const results = readJsonResults(out);
  assert.equal(results.summary.byStatus['accepted'], 300);
  assert.ok(results.rows.every((r) => r.status === 'accepted' && r.batchJobUri?.startsWith(`${sim.url}/v1/customers/`)));
  const stats = sim.stats();
  assert.ok(stats.throttled > 0 && stats.failed > 0 && stats.dropped > 0, `faults were injected: ${JSON.stringify(stats)}`);
  const accepted = acceptedDevices(sim);
  assert.equal(accepted.size, 300);
  assert.ok([...accepted.values()].every((n) => n === 1), 'no device accepted twice');
  // Every attempt of one chunk carried the same MS-RequestId: 3 customers × 100 devices in chunks of
  // 15 make 7 chunks each, so 21 request ids however many attempts there were.
  const patches = sim.requests.filter((r) => r.method === 'PATCH');
  assert.ok(patches.length > 21, 'some chunks were retried');
  assert.equal(new Set(patches.map((r) => r.headers['ms-requestid'])).size, 21);
  assert.equal(new Set(results.rows.map((r) => r.requestId)).size, 21);
});

test('a bad device in a chunk of 50, named by the service, is tried alone and fails, and the other 49 go again at once: 3 requests', async (t) => {
  const customer = CUSTOMERS[0];
  const lines = devices(50, 1);
  lines[16] = { customer, device: 'DEV-00017', policy: OTHER_POLICY };
  const sim = await simulator(t, { data: registered(lines, { customers: { [customer]: { policies: [{ id: POLICY, name: 'Standard' }] } } }) });
  const dir = tempDir(t);
  const input = writeDeviceCsv(dir, lines);
  const out = join(dir, 'r.json');
  // Without the policy check (which would refuse the row before sending), the service's 400 is narrowed down.
  const run = await runCli(applyArgs(input, out, sim, ['--chunk-size', '50', '--no-check-policies']), { env: { PARTNER_CENTER_TOKEN: TOKEN } });
  assert.equal(run.code, 1, run.stderr);
  const results = readJsonResults(out);
  const failed = results.rows.filter((r) => r.status === 'failed');
  assert.deepEqual(failed.map((r) => r.row), [18]);
  assert.equal(failed[0]?.httpStatus, 400);
  assert.ok(failed[0]?.errorCode, 'the service error code is recorded');
  assert.match(failed[0]?.detail ?? '', /DEV-00017/);
  assert.equal(results.summary.byStatus['accepted'], 49);
  // Named, so no halving: halving would take 13 requests and send good devices several times.
  const sent = sim.requests.filter((r) => r.method === 'PATCH').map((r) => ((r.body as { Devices: Array<{ Id: string }> }).Devices).map((d) => d.Id));
  assert.deepEqual(sent.map((devices) => devices.length), [50, 1, 49]);
  assert.deepEqual(sent[1], ['DEV-00017'], 'named only in the description, it is tried alone before it fails');
  assert.ok(!sent[2]?.includes('DEV-00017'), 'the refused device is not sent again');
  assert.equal(new Set(sent[2]).size, 49);
});

test('a refused token stops after a handful of requests; the rest are not-sent and the reason is printed once', async (t) => {
  const sim = await simulator(t, { data: registered(devices(200, 2)) });
  const dir = tempDir(t);
  const input = writeDeviceCsv(dir, devices(200, 2));
  const out = join(dir, 'r.json');
  const wrong = 'wrong-token-0b1d';
  const run = await runCli(applyArgs(input, out, sim, ['--chunk-size', '10', '--concurrency', '4']), { env: { PARTNER_CENTER_TOKEN: wrong } });
  assert.equal(run.code, 1);
  // The refusal meets the policy check's first listing, before any PATCH: either way, a handful at most.
  assert.ok(sim.requests.length > 0 && sim.requests.length <= 10, `sent ${sim.requests.length} requests`);
  const results = readJsonResults(out);
  assert.equal(results.summary.byStatus['not-sent'], 200);
  assert.match(results.summary.stoppedBecause ?? '', /sign-in was refused/);
  assert.equal(run.stdout.concat(run.stderr).split('sign-in was refused').length - 1, 1, run.stdout + run.stderr);
  assert.ok(!run.stdout.includes(wrong) && !run.stderr.includes(wrong) && !readFileSync(out, 'utf8').includes(wrong));
});

test('a results workbook fed back in sends nothing for its accepted rows', async (t) => {
  const [c1, c2] = [CUSTOMERS[0], CUSTOMERS[1]];
  const sim = await simulator(t, { data: registered(devices(40, 2), { customers: {}, unknownCustomers: [c2] }) });
  const dir = tempDir(t);
  const input = writeDeviceCsv(dir, devices(40, 2));
  const first = join(dir, 'first.results.xlsx');
  const run1 = await runCli(applyArgs(input, first, sim, ['--chunk-size', '10', '--json']), { env: { PARTNER_CENTER_TOKEN: TOKEN } });
  assert.equal(run1.code, 1, run1.stderr);
  const summary1 = JSON.parse(run1.stdout) as JsonResults['summary'];
  // The unknown customer's policies cannot be listed, so its rows are refused before any request.
  assert.deepEqual([summary1.byStatus['accepted'], summary1.byStatus['invalid']], [20, 20]);

  sim.setOptions({ data: registered(devices(40, 2)) });
  const before = sim.requests.length;
  const second = join(dir, 'second.results.json');
  const run2 = await runCli(applyArgs(first, second, sim, ['--chunk-size', '10']), { env: { PARTNER_CENTER_TOKEN: TOKEN } });
  assert.equal(run2.code, 0, run2.stderr);
  const sentAgain = sim.requests.slice(before).filter((r) => r.method === 'PATCH');
  const customersSent = new Set(sentAgain.map((r) => r.path.split('/')[3]));
  assert.deepEqual([...customersSent], [c2], 'only the failed customer is sent again');
  const results = readJsonResults(second);
  assert.equal(results.rows.length, 40);
  assert.ok(results.rows.every((r) => r.status === 'accepted'));
  // The Row column still names the rows of the original sheet, and the kept rows keep their batch job.
  assert.deepEqual(results.rows.map((r) => r.row), Array.from({ length: 40 }, (_, i) => i + 2));
  assert.equal(results.rows.filter((r) => r.input['Customer ID'] === c1 && r.batchJobUri !== undefined).length, 20);
  assert.ok(!Object.keys(results.rows[0]?.input ?? {}).some((h) => /^(Status|Row)( \(input\))?$/.test(h)), 'result columns replaced, not renamed');
});
