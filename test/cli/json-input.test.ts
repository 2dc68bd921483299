// SPEC §2 Results file: a JSON results file given back to `apply` is recognised like its XLSX and CSV
// twins. The built CLI against the simulator over loopback, as a user runs it twice: once with a
// customer the service does not know yet, then again from the JSON results once it does.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { startSimulator, type Simulator } from '../../src/simulator/start.js';
import { CUSTOMERS, POLICY, acceptedDevices, readJsonResults, registered } from '../apply/inputs.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';

const TOKEN = 'test-token-json-input';
const [KNOWN, LATE] = [CUSTOMERS[0], CUSTOMERS[1]];

function applyArgs(input: string, out: string, sim: Simulator): string[] {
  return ['apply', input, '--out', out, '--endpoint', sim.url, '--quiet', '--chunk-size', '3'];
}

/**
 * A title row above the header and a blank line in the middle, so that the sheet's row numbers
 * (3, 4, …, 7, then 9, …) differ from the rows' places in the results file: a reader that numbered
 * JSON rows by place would be caught.
 */
function writeSheet(dir: string): { file: string; rows: Array<{ row: number; customer: string; device: string }> } {
  const rows = Array.from({ length: 10 }, (_, i) => ({
    row: i < 5 ? i + 3 : i + 4,
    customer: i % 2 === 0 ? KNOWN : LATE,
    device: `JSON-DEV-${i + 1}`,
  }));
  const line = (r: { customer: string; device: string }): string => `${r.customer},${r.device},${POLICY}`;
  const body = [...rows.slice(0, 5).map(line), '', ...rows.slice(5).map(line)];
  const file = join(dir, 'devices.csv');
  writeFileSync(file, ['Autopilot assignments, batch 12', 'Customer ID,Device ID,Policy ID', ...body].join('\r\n') + '\r\n');
  return { file, rows };
}

test('apply r.json sends only the rows that failed, keeping the original row numbers and batch jobs', async (t) => {
  const dir = tempDir(t);
  const sheet = writeSheet(dir);
  const tenant = registered(sheet.rows.map((r) => ({ ...r, policy: POLICY })));
  const sim = await startSimulator({ token: TOKEN, data: { ...tenant, unknownCustomers: [LATE] } });
  t.after(() => sim.close());
  const env = { env: { PARTNER_CENTER_TOKEN: TOKEN } };

  const first = join(dir, 'r.json');
  const run1 = await runCli(applyArgs(sheet.file, first, sim), env);
  assert.equal(run1.code, 1, run1.stderr);
  const results1 = readJsonResults(first);
  assert.deepEqual(results1.rows.map((r) => r.row), sheet.rows.map((r) => r.row));
  const failed1 = results1.rows.filter((r) => r.status !== 'accepted');
  assert.deepEqual(failed1.map((r) => r.input['Customer ID']), Array(5).fill(LATE), 'the unknown customer\'s rows, and only they, fail');
  // Its policies cannot be listed (404), so its rows are refused before any request is sent.
  assert.ok(failed1.every((r) => r.status === 'invalid' && /CustomerNotFound/.test(r.detail)), JSON.stringify(failed1.map((r) => [r.status, r.detail])));

  sim.setOptions({ data: tenant });
  const jobsBefore = sim.jobs().length;
  const second = join(dir, 'r2.json');
  const run2 = await runCli(applyArgs(first, second, sim), env);
  assert.equal(run2.code, 0, run2.stderr);

  const resent = sim.jobs().slice(jobsBefore).flatMap((job) => job.devices.map((d) => d.deviceId));
  assert.deepEqual(resent.sort(), failed1.map((r) => r.input['Device ID']).sort(), 'only the failed rows are sent again');
  assert.ok([...acceptedDevices(sim).values()].every((n) => n === 1), 'no device accepted twice over the two runs');

  const results2 = readJsonResults(second);
  assert.ok(results2.rows.every((r) => r.status === 'accepted'), JSON.stringify(results2.rows.map((r) => [r.row, r.status, r.detail])));
  assert.deepEqual(results2.rows.map((r) => r.row), sheet.rows.map((r) => r.row), 'Row still names the original sheet\'s rows');
  assert.deepEqual(results2.rows.map((r) => r.input), results1.rows.map((r) => r.input), 'the input columns as they were, result columns replaced');
  results1.rows.forEach((before, i) => {
    const after = results2.rows[i];
    if (before.status === 'accepted') assert.equal(after?.batchJobUri, before.batchJobUri, `row ${before.row} keeps its batch job`);
    else assert.ok(after?.batchJobUri?.startsWith(`${sim.url}/v1/customers/${LATE}/batchJobStatus/`), `row ${before.row} has a new batch job`);
  });
});
