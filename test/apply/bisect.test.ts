// Splitting a refused chunk, end to end against the simulator over loopback (the built CLI in a child
// process): a refusal of the whole chunk is not chased down to every device, while a single refused
// device among good ones still is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';
import { CUSTOMERS, OTHER_POLICY, POLICY, devices, readJsonResults, writeDeviceCsv } from './inputs.js';

const TOKEN = 'test-token-b1sect';
const CUSTOMER = CUSTOMERS[0];

async function simulator(t: { after(fn: () => Promise<void>): void }, policies: string[]): Promise<Simulator> {
  const sim = await startSimulator({
    token: TOKEN,
    data: { customers: { [CUSTOMER]: { policies: policies.map((id, i) => ({ id, name: `Profile ${i + 1}` })) } } },
  });
  t.after(() => sim.close());
  return sim;
}

function patches(sim: Simulator): number {
  return sim.requests.filter((r) => r.method === 'PATCH').length;
}

test('a policy the customer does not have fails all 100 rows with the service code in 5 requests, not 199', async (t) => {
  // The customer has a policy, just not the one every row asks for: each request is refused
  // PolicyNotFound, naming the first device it holds.
  const sim = await simulator(t, [OTHER_POLICY]);
  const dir = tempDir(t);
  const input = writeDeviceCsv(dir, devices(100, 1));
  const out = join(dir, 'r.json');
  const run = await runCli(['apply', input, '--out', out, '--endpoint', sim.url, '--quiet', '--chunk-size', '100'], { env: { PARTNER_CENTER_TOKEN: TOKEN } });
  assert.equal(run.code, 1, run.stderr);
  // 100, then both halves refused alike, then both quarters of the first half refused alike again.
  assert.equal(patches(sim), 5);
  const results = readJsonResults(out);
  assert.equal(results.rows.length, 100);
  for (const row of results.rows) {
    assert.equal(row.status, 'failed', `row ${row.row}`);
    assert.equal(row.httpStatus, 400);
    assert.equal(row.errorCode, 'PolicyNotFound');
    assert.match(row.detail, new RegExp(`policy ${POLICY} was not found`));
  }
  assert.equal(results.summary.requests, 5);
});

test('one device with a policy the customer lacks, among 100: only it fails, the rest are accepted', async (t) => {
  const sim = await simulator(t, [POLICY]);
  const dir = tempDir(t);
  const lines = devices(100, 1);
  lines[70] = { customer: CUSTOMER, device: 'DEV-00071', policy: OTHER_POLICY };
  const input = writeDeviceCsv(dir, lines);
  const out = join(dir, 'r.json');
  const run = await runCli(['apply', input, '--out', out, '--endpoint', sim.url, '--quiet', '--chunk-size', '100'], { env: { PARTNER_CENTER_TOKEN: TOKEN } });
  assert.equal(run.code, 1, run.stderr);
  const results = readJsonResults(out);
  assert.deepEqual(results.rows.filter((r) => r.status === 'failed').map((r) => r.row), [72]);
  assert.equal(results.summary.byStatus['accepted'], 99);
  // 100 → 50 → 25 → 13 → 7 → 4 → 2 → 1: seven splits of two requests each, after the first.
  assert.ok(patches(sim) <= 15, `bisection took ${patches(sim)} requests`);
});
