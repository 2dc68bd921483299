// A sheet of device IDs is checked too (SPEC §2 Resolution): when signed in, each customer's devices are
// listed whenever any of its rows will be sent, so a device ID the customer does not have is invalid
// before anything is sent, and a device that already carries its policy (by ID or, as the portal leaves
// it, by name) is unchanged: running the same sheet twice sends nothing the second time. The built CLI
// against the simulator over loopback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '../../src/simulator/start.js';
import type { SimulatorData } from '../../src/simulator/data.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';
import { CUSTOMERS, OTHER_POLICY, POLICY, readJsonResults } from './inputs.js';

const TOKEN = 'verify-token-61d0';
const env = { PARTNER_CENTER_TOKEN: TOKEN };
const CUSTOMER = CUSTOMERS[0];

const DATA: SimulatorData = {
  customers: {
    [CUSTOMER]: {
      policies: [
        { id: POLICY, name: 'Contoso Standard' },
        { id: OTHER_POLICY, name: 'Contoso Kiosk' },
      ],
      batches: {
        'Q1 laptops': [
          { id: 'DEV-1', serialNumber: 'SN-1' },
          // Assigned in the portal: the listing names the profile, in its own case.
          { id: 'DEV-2', serialNumber: 'SN-2', policies: [{ key: 'o_o_b_e', value: 'contoso STANDARD' }] },
          { id: 'DEV-3', serialNumber: 'SN-3', policies: [{ key: 'o_o_b_e', value: POLICY.toUpperCase() }] },
          // Carries the other profile: a row asking for the standard one moves it, so it is sent.
          { id: 'DEV-4', serialNumber: 'SN-4', policies: [{ key: 'o_o_b_e', value: 'Contoso Kiosk' }] },
        ],
      },
    },
  },
};

function sheet(dir: string): string {
  const path = join(dir, 'ids.csv');
  const rows = ['DEV-1', 'DEV-2', 'DEV-3', 'DEV-4', 'DEV-404'].map((d) => `${CUSTOMER},${d},${POLICY}`);
  writeFileSync(path, `Customer ID,Device ID,Policy ID\r\n${rows.join('\r\n')}\r\n`);
  return path;
}

async function simulator(t: { after(fn: () => Promise<void>): void }): Promise<Simulator> {
  const sim = await startSimulator({ token: TOKEN, data: DATA, jobSteps: 0 });
  t.after(() => sim.close());
  return sim;
}

const patched = (sim: Simulator, from = 0): string[] =>
  sim.requests.slice(from).filter((r) => r.method === 'PATCH').flatMap((r) => (r.body as { Devices: Array<{ Id: string }> }).Devices.map((d) => d.Id));

test('device IDs: one the customer lacks is invalid before sending, one carrying its policy by ID or by name is unchanged; a second run sends nothing', async (t) => {
  const sim = await simulator(t);
  const dir = tempDir(t);
  const input = sheet(dir);
  const out = join(dir, 'r.json');
  const run = await runCli(['apply', input, '--out', out, '--endpoint', sim.url, '--quiet'], { env });
  assert.equal(run.code, 1, run.stderr);
  const rows = readJsonResults(out).rows;
  assert.deepEqual(rows.map((r) => r.status), ['accepted', 'unchanged', 'unchanged', 'accepted', 'invalid']);
  assert.match(rows[4]?.detail ?? '', /^device DEV-404 is not one of customer c7f3c849-\S+'s 4 registered devices \(in 1 device batch\), so the service would refuse it/);
  assert.deepEqual(patched(sim), ['DEV-1', 'DEV-4'], 'nothing sent that must fail or that is already done');

  // The jobs have finished: the listing now shows the policy on both; only the unknown device stays.
  const before = sim.requests.length;
  const again = await runCli(['apply', input, '--out', join(dir, 'again.json'), '--endpoint', sim.url, '--quiet'], { env });
  assert.equal(again.code, 1, again.stderr);
  assert.deepEqual(readJsonResults(join(dir, 'again.json')).rows.map((r) => r.status), ['unchanged', 'unchanged', 'unchanged', 'unchanged', 'invalid']);
  assert.deepEqual(patched(sim, before), [], 'the second run sends nothing');
});

for (const [how, args, extraEnv] of [
  ['--no-verify-devices', ['--no-verify-devices'], {}],
  ['DEVICE_POLICY_NO_VERIFY_DEVICES=true', [], { DEVICE_POLICY_NO_VERIFY_DEVICES: 'true' }],
] as const) {
  test(`${how}: the devices are not listed, every row is sent, and the service has the last word`, async (t) => {
    const sim = await simulator(t);
    const dir = tempDir(t);
    const out = join(dir, 'r.json');
    const run = await runCli(['apply', sheet(dir), '--out', out, '--endpoint', sim.url, '--quiet', '--no-check-policies', ...args], { env: { ...env, ...extraEnv } });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(sim.requests.filter((r) => r.method === 'GET').map((r) => r.path), [], 'nothing listed');
    assert.deepEqual(patched(sim).sort(), ['DEV-1', 'DEV-2', 'DEV-3', 'DEV-4', 'DEV-404']);
    assert.ok(readJsonResults(out).rows.every((r) => r.status === 'accepted'));
  });
}
