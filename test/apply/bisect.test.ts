// Splitting a refused chunk, end to end against the simulator over loopback (the built CLI in a child
// process): a device the service names in its description is sent alone and fails only when refused
// again, and the rest go again at once: two more requests per named device; good devices never fail
// with a neighbour's error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '../../src/simulator/start.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';
import { CUSTOMERS, OTHER_POLICY, POLICY, devices, readJsonResults, registered, writeDeviceCsv, type DeviceLine } from './inputs.js';

const TOKEN = 'test-token-b1sect';
const CUSTOMER = CUSTOMERS[0];

async function simulator(t: { after(fn: () => Promise<void>): void }, policies: string[], lines: DeviceLine[]): Promise<Simulator> {
  const sim = await startSimulator({
    token: TOKEN,
    data: registered(lines, { customers: { [CUSTOMER]: { policies: policies.map((id, i) => ({ id, name: `Profile ${i + 1}` })) } } }),
  });
  t.after(() => sim.close());
  return sim;
}

/** The device IDs of each update request the simulator received, in order. */
function sentDevices(sim: Simulator): string[][] {
  return sim.requests.filter((r) => r.method === 'PATCH').map((r) => (r.body as { Devices: Array<{ Id: string }> }).Devices.map((d) => d.Id));
}

test('three devices with a policy the customer lacks, among 100: only they fail, each with its own words, in 4 requests', async (t) => {
  // The simulator refuses a request PolicyNotFound naming the first such device it meets; the good
  // devices must never fail with their neighbours' error, and feeding the results back must work.
  const lines = devices(100, 1);
  for (const i of [0, 30, 60]) lines[i] = { ...lines[i]!, policy: OTHER_POLICY };
  const sim = await simulator(t, [POLICY], lines);
  const dir = tempDir(t);
  const input = writeDeviceCsv(dir, lines);
  const out = join(dir, 'r.json');
  const run = await runCli(['apply', input, '--out', out, '--endpoint', sim.url, '--quiet', '--chunk-size', '100', '--no-check-policies'], { env: { PARTNER_CENTER_TOKEN: TOKEN } });
  assert.equal(run.code, 1, run.stderr);
  const sent = sentDevices(sim);
  // Named only in the description: each is sent alone (and refused again) before the rest go on.
  assert.deepEqual(sent.map((ids) => ids.length), [100, 1, 99, 1, 98, 1, 97], '100, then each named device alone and the rest');
  assert.deepEqual([sent[1], sent[3], sent[5]], [['DEV-00001'], ['DEV-00031'], ['DEV-00061']]);
  // Each refused device leaves the rest; none is sent after it was refused alone.
  assert.deepEqual(['DEV-00001', 'DEV-00031', 'DEV-00061'].map((d) => sent.findLastIndex((ids) => ids.includes(d))), [1, 3, 5]);
  const results = readJsonResults(out);
  const failed = results.rows.filter((r) => r.status === 'failed');
  assert.deepEqual(failed.map((r) => r.row), [2, 32, 62]);
  for (const row of failed) {
    assert.equal(row.errorCode, 'PolicyNotFound');
    assert.match(row.detail, new RegExp(`Device ${row.input['Device ID']}\\b`));
  }
  assert.equal(results.summary.byStatus['accepted'], 97);
});

test('one device with a policy the customer lacks, among 100: only it fails, the rest are accepted in one more request', async (t) => {
  const lines = devices(100, 1);
  lines[70] = { customer: CUSTOMER, device: 'DEV-00071', policy: OTHER_POLICY };
  const sim = await simulator(t, [POLICY], lines);
  const dir = tempDir(t);
  const input = writeDeviceCsv(dir, lines);
  const out = join(dir, 'r.json');
  const run = await runCli(['apply', input, '--out', out, '--endpoint', sim.url, '--quiet', '--chunk-size', '100', '--no-check-policies'], { env: { PARTNER_CENTER_TOKEN: TOKEN } });
  assert.equal(run.code, 1, run.stderr);
  const results = readJsonResults(out);
  assert.deepEqual(results.rows.filter((r) => r.status === 'failed').map((r) => r.row), [72]);
  assert.equal(results.summary.byStatus['accepted'], 99);
  // The service names the device, so it is tried alone and the other 99 go again at once; halving
  // (100 → 50 → … → 1) would take 15 requests.
  const sent = sentDevices(sim);
  assert.deepEqual(sent.map((ids) => ids.length), [100, 1, 99]);
  assert.deepEqual(sent[1], ['DEV-00071']);
  assert.ok(!sent[2]?.includes('DEV-00071'));
});
