// `--policy NAME` (or ID) is checked once per customer that uses it, before anything is registered or
// sent: a profile the customer lacks is one exit 2 naming the customer's closest profiles, not one
// invalid row per line. Real CLI runs against the simulator with the sample's data.
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { startSimulator } from '../../src/simulator/start.js';
import { checkPolicyOption, customersUsing } from '../../src/apply/policy-option-check.js';
import { PolicyIndex } from '../../src/resolve/policy-index.js';
import type { RowCheck } from '../../src/model.js';
import { runCli } from '../helpers/cli.js';
import { FIXTURES, tempDir } from '../helpers/paths.js';
import { laptops, writeAutopilotFile } from '../register/autopilot-file.js';

const CONTOSO = 'c7f3c849-129f-4b85-a96d-4f8e88b315a3';
const FABRIKAM = '1ecedaec-f4fc-461a-a132-6c7861dfc534';
const FABRIKAM_KIOSK = '9ab79dc7-6858-4998-a1a0-c1e008d78b8c';

async function sampleSimulator(t: { after(fn: () => Promise<void>): void }) {
  const sim = await startSimulator({ data: join(FIXTURES, 'simulator', 'sample-data.json'), jobStepMs: 100 });
  t.after(() => sim.close());
  return sim;
}

const writes = (requests: ReadonlyArray<{ method: string }>): number => requests.filter((r) => r.method !== 'GET').length;

test('--policy "Standard user", which the customer calls "Contoso - Standard user-driven": exit 2 before any upload or update, with that name', async (t) => {
  const sim = await sampleSimulator(t);
  const dir = tempDir(t);
  const file = writeAutopilotFile(dir, laptops(7));
  const out = join(dir, 'r.xlsx');
  const cli = await runCli(['apply', file, '--customer', CONTOSO, '--policy', 'Standard user', '--register', '--out', out], {
    env: { PARTNER_CENTER_TOKEN: 'anything', PARTNER_CENTER_ENDPOINT: sim.url },
  });
  assert.equal(cli.code, 2, cli.stderr);
  assert.match(cli.stderr, /^device-policy: --policy "Standard user": customer c7f3c849-129f-4b85-a96d-4f8e88b315a3 has no policy of that name \(did you mean "Contoso - Standard user-driven"\?\)$/m);
  assert.equal(cli.stderr.match(/has no policy/g)?.length, 1, 'said once, not once per row');
  assert.equal(writes(sim.requests), 0, 'nothing registered or sent');
  assert.equal(existsSync(out), false, 'no results: nothing was done');
  // The suggestion, taken as it is, goes through.
  const again = await runCli(['apply', file, '--customer', CONTOSO, '--policy', 'Contoso - Standard user-driven', '--register', '--dry-run', '--out', out], {
    env: { PARTNER_CENTER_TOKEN: 'anything', PARTNER_CENTER_ENDPOINT: sim.url },
  });
  assert.equal(again.code, 0, again.stderr);
});

test('--policy given as an ID one of two customers lacks: exit 2 naming that customer (by its name in the sheet), the other not', async (t) => {
  const sim = await sampleSimulator(t);
  const dir = tempDir(t);
  const file = join(dir, 'devices.csv');
  writeFileSync(file, `Customer Name,Customer ID,Device ID\r\nContoso Ltd,${CONTOSO},4383-9449-3618-9420-4818-3858-29\r\nFabrikam Inc,${FABRIKAM},2519-5530-0000-0000-0000-0000-01\r\n`);
  const cli = await runCli(['apply', file, '--policy', FABRIKAM_KIOSK, '--dry-run', '--out', join(dir, 'r.xlsx')], {
    env: { PARTNER_CENTER_TOKEN: 'anything', PARTNER_CENTER_ENDPOINT: sim.url },
  });
  assert.equal(cli.code, 2, cli.stderr);
  assert.match(cli.stderr, /customer Contoso Ltd \(c7f3c849-129f-4b85-a96d-4f8e88b315a3\) has no policy with that ID; its policies are "Contoso - Standard user-driven"/);
  assert.doesNotMatch(cli.stderr, /Fabrikam/);
});

test('customersUsing: the customers whose rows ask for the value, valid or waiting for a lookup', () => {
  const checks: RowCheck[] = [
    { ok: true, index: 0, rowNumber: 2, customer: 'a', device: 'd1', policy: FABRIKAM_KIOSK },
    { ok: false, index: 1, rowNumber: 3, detail: '', lookup: { customer: 'b', device: { id: 'd2' }, policy: { name: 'standard USER' } } },
    { ok: false, index: 2, rowNumber: 4, detail: '', lookup: { customer: 'c', device: { id: 'd3' }, policy: { name: 'Kiosk' } } },
    { ok: false, index: 3, rowNumber: 5, detail: 'not a GUID' },
  ];
  assert.deepEqual(customersUsing(checks, { id: FABRIKAM_KIOSK }), ['a']);
  assert.deepEqual(customersUsing(checks, { name: 'Standard user' }), ['b']);
});

test('checkPolicyOption: closest names, the full list when none is close, two of one name, and unlisted customers left to their rows', () => {
  const policies = new PolicyIndex([
    { id: '11111111-1111-1111-1111-111111111111', name: 'Contoso - Standard user-driven' },
    { id: '22222222-2222-2222-2222-222222222222', name: 'Contoso - Kiosk' },
    { id: '33333333-3333-3333-3333-333333333333', name: 'Shared' },
    { id: '44444444-4444-4444-4444-444444444444', name: 'shared' },
  ]);
  const lists = new Map([['c1', { policies }], ['c2', { failure: 'HTTP 403' }]]);
  const message = (given: string, ref: { name: string } | { id: string }): string => {
    try {
      checkPolicyOption(given, ref, ['c1', 'c2'], lists, new Map());
      return '';
    } catch (e) {
      return (e as Error).message;
    }
  };
  assert.equal(message('Contoso - Kiosk', { name: 'contoso - kiosk' }), '');
  assert.equal(message('Standrd user', { name: 'Standrd user' }), '--policy "Standrd user": customer c1 has no policy of that name (did you mean "Contoso - Standard user-driven"?)\nNothing was sent.');
  assert.equal(message('Marketing', { name: 'Marketing' }), '--policy "Marketing": customer c1 has no policy of that name; its policies are "Contoso - Standard user-driven", "Contoso - Kiosk", "Shared", "shared"\nNothing was sent.');
  assert.match(message('Shared', { name: 'Shared' }), /customer c1 has 2 policies of that name \(.*\): give the policy's ID instead/);
});
