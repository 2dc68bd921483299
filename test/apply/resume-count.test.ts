// What a resumed run says it sends again is what it sends again. An earlier run's journal (written here as
// the tool writes it) holds a request with no answer whose device was answered in a later request: that
// request is not sent again under its ID (a request goes again whole or not at all), and must not be
// counted as sent again either. Nothing is sent twice whatever the count says; the count is what a user
// reads to know what happened.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSimulator } from '../../src/simulator/start.js';
import { sha256File } from '../../src/record/hash.js';
import { JOURNAL_VERSION } from '../../src/journal/format.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';
import { acceptedDevices, CUSTOMERS, POLICY, readJsonResults, registered } from './inputs.js';

const TOKEN = 'resume-count-token-2f8b';
const AT = '2025-01-02T03:04:05.000Z';

test('"N requests sent again" counts only the requests sent again under their IDs', async (t) => {
  // The customer's devices, as apply lists them before sending.
  const sim = await startSimulator({ token: TOKEN, data: registered(['D1', 'D2', 'D3'].map((device) => ({ customer: CUSTOMERS[0], device, policy: POLICY }))) });
  t.after(() => sim.close());
  const dir = tempDir(t);
  const input = join(dir, 'devices.csv');
  writeFileSync(input, `Customer ID,Device ID,Policy ID\r\n${['D1', 'D2', 'D3'].map((d) => `${CUSTOMERS[0]},${d},${POLICY}`).join('\r\n')}\r\n`);
  const out = join(dir, 'r.json');
  const item = (index: number) => ({ index, rowNumber: index + 2, device: `D${index + 1}`, policy: POLICY });
  const intent = (requestId: string, indexes: number[]) => ({ kind: 'intent', requestId, op: 'update', customer: CUSTOMERS[0], at: AT, items: indexes.map(item) });
  const R1 = '11111111-1111-4111-8111-111111111111';
  const R2 = '22222222-2222-4222-8222-222222222222';
  const R3 = '33333333-3333-4333-8333-333333333333';
  const lines = [
    { kind: 'header', version: JOURNAL_VERSION, inputSha256: await sha256File(input), out, correlationId: 'c', startedAt: AT },
    // D1 and D2, never answered; then D2 again, answered: R1 cannot go again whole.
    intent(R1, [0, 1]),
    intent(R2, [1]),
    { kind: 'answer', requestId: R2, at: AT, answer: { kind: 'accepted', httpStatus: 202, batchJobUri: `${sim.url}/v1/customers/${CUSTOMERS[0]}/batchJobStatus/j2`, trackingId: 'j2' } },
    // D3 alone, never answered: sent again under R3.
    intent(R3, [2]),
  ];
  writeFileSync(`${out}.journal`, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);

  const run = await runCli(['apply', input, '--out', out, '--endpoint', sim.url, '--no-check-policies', '--quiet'], { env: { PARTNER_CENTER_TOKEN: TOKEN } });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /resuming: 1 row was answered by an earlier run of this input/);
  assert.match(run.stderr, /resuming: 1 request of an earlier run has no final answer; it is sent again first, under its recorded MS-RequestId\n/);
  const patches = sim.requests.filter((r) => r.method === 'PATCH');
  const ids = patches.map((r) => r.headers['ms-requestid']);
  assert.equal(patches.length, 2, ids.join(', '));
  assert.ok(ids.includes(R3), 'R3 went again under its own ID');
  assert.ok(!ids.includes(R1), 'R1 did not: its D1 went in a new request');
  assert.deepEqual([...acceptedDevices(sim).keys()].sort(), ['D1', 'D3']);
  assert.deepEqual(readJsonResults(out).rows.map((r) => r.status), ['accepted', 'accepted', 'accepted']);
});
