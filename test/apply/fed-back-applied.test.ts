// A results file fed back after `--wait` (or `status`) has rows `applied`: the device took its policy.
// They are kept as they are, like `accepted` and `unchanged` rows (SPEC §2, README "Fix and send again"),
// including rows that were found by serial number: the IDs the earlier run resolved stand, so nothing is
// looked up for them, an offline run keeps them, and a listing that cannot be read does not undo them.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '../../src/simulator/start.js';
import type { SimulatorOptions } from '../../src/simulator/options.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';
import { readJsonResults } from './inputs.js';
import { C1, C1_SALES, writeVendorCsv } from '../resolve/vendor-data.js';

const TOKEN = 'fed-back-applied-token-41c2';
const env = { env: { PARTNER_CENTER_TOKEN: TOKEN } };
const serial = (n: number): string => `AP7X${String(n).padStart(5, '0')}`;

async function simulator(t: TestContext, options: Partial<SimulatorOptions> = {}): Promise<Simulator> {
  const devices = [1, 2, 3].map((n) => ({ id: `ctso-${n}`, serialNumber: serial(n) }));
  const sim = await startSimulator({
    token: TOKEN,
    jobStepMs: 10,
    jobSteps: 1,
    data: { customers: { [C1]: { policies: [{ id: C1_SALES, name: 'Sales Laptops' }], batches: { 'Contoso refresh': devices } } } },
    ...options,
  });
  t.after(() => sim.close());
  return sim;
}

/** The sheet by serial numbers, applied and waited for: every row `applied`. */
async function appliedResults(t: TestContext, sim: Simulator): Promise<{ dir: string; results: string }> {
  const dir = tempDir(t);
  const input = writeVendorCsv(dir, [1, 2, 3].map((n) => ({ customer: C1, serial: serial(n), profile: 'Sales Laptops' })));
  const results = join(dir, 'vendor.results.xlsx');
  const run = await runCli(['apply', input, '--out', results, '--endpoint', sim.url, '--wait', '--quiet'], env);
  assert.equal(run.code, 0, run.stderr);
  return { dir, results };
}

const statuses = (path: string): string[] => readJsonResults(path).rows.map((r) => r.status);

test('a results file of applied rows found by serial, fed back, keeps them applied: nothing looked up or sent, and the first line says no row will be sent', async (t) => {
  const sim = await simulator(t);
  const { dir, results } = await appliedResults(t, sim);
  const before = sim.requests.length;
  const out = join(dir, 'again.json');
  const run = await runCli(['apply', results, '--out', out, '--endpoint', sim.url], env);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(statuses(out), ['applied', 'applied', 'applied']);
  assert.deepEqual(sim.requests.slice(before).map((r) => `${r.method} ${r.path}`), [], 'nothing asked of the service');
  assert.match(run.stderr, /^LIVE run: up to 0 rows of 0 customers will be sent/m);
});

test('applied rows fed back offline, or to a service whose device listing cannot be read, stay applied (never turned invalid)', async (t) => {
  const sim = await simulator(t);
  const { dir, results } = await appliedResults(t, sim);

  const offline = join(dir, 'offline.json');
  const run1 = await runCli(['apply', results, '--out', offline, '--endpoint', sim.url, '--offline', '--quiet'], env);
  assert.equal(run1.code, 0, run1.stderr);
  assert.deepEqual(statuses(offline), ['applied', 'applied', 'applied']);

  // The listing now names a next page forever: a run that looked the rows up would fail them all.
  sim.setOptions({ paging: 'endless' });
  const broken = join(dir, 'broken.json');
  const run2 = await runCli(['apply', results, '--out', broken, '--endpoint', sim.url, '--quiet'], env);
  assert.equal(run2.code, 0, run2.stderr);
  assert.deepEqual(statuses(broken), ['applied', 'applied', 'applied']);
});
