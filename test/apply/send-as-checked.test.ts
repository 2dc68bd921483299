// No barrier across customers (issue 25): a customer's chunks go as soon as its own checks are done, while
// other customers' lists are still being fetched; a customer whose checks change a row waits for the plan
// made after every lookup. The built CLI against the simulator over loopback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { startSimulator, type Simulator } from '../../src/simulator/start.js';
import { runCli, startCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';
import { CUSTOMERS, OTHER_POLICY, POLICY, devices, readJsonResults, writeDeviceCsv } from './inputs.js';

const TOKEN = 'test-token-7f3a9c';
const [A, B, C] = [CUSTOMERS[0], CUSTOMERS[1], CUSTOMERS[2]];
/** How long B's list is held at most if no PATCH ever comes: the test then fails rather than hangs. */
const GUARD_MS = 20_000;

test("a customer's chunks go while another's policy list is still held; one whose check refuses a row waits for every list", async (t) => {
  const lines = devices(30, 3);
  // C's sixth row names a policy C does not have: its check changes that row, so C waits for the plan.
  const bad = lines.findIndex((l, i) => l.customer === C && i > 10);
  lines[bad] = { ...lines[bad]!, policy: OTHER_POLICY };
  let releaseB: (() => void) | undefined;
  let patchedWhileHeld = false;
  const policies = [{ id: POLICY, name: 'Standard' }];
  const sim: Simulator = await startSimulator({
    token: TOKEN,
    latencyMs: 1,
    data: { customers: { [A]: { policies }, [B]: { policies }, [C]: { policies } } },
    sleep: (ms, signal) => {
      const last = sim.requests.at(-1);
      // B's policy list is held until the first PATCH arrives (A's, which needs nothing of B's).
      if (last?.method === 'GET' && last.path === `/v1/customers/${B}/policies`) {
        return Promise.race([new Promise<void>((resolve) => (releaseB = resolve)), delay(GUARD_MS, undefined, { signal })]);
      }
      if (last?.method === 'PATCH' && releaseB !== undefined) {
        patchedWhileHeld = true;
        releaseB();
        releaseB = undefined;
      }
      return delay(ms, undefined, { signal });
    },
  });
  t.after(() => sim.close());
  const dir = tempDir(t);
  const input = writeDeviceCsv(dir, lines);
  const out = join(dir, 'r.json');
  const run = await runCli(['apply', input, '--out', out, '--endpoint', sim.url, '--quiet', '--no-verify-devices', '--chunk-size', '5'], {
    env: { PARTNER_CENTER_TOKEN: TOKEN },
  });
  assert.equal(run.code, 1, run.stderr);

  const listOf = (customer: string) => sim.requests.find((r) => r.method === 'GET' && r.path === `/v1/customers/${customer}/policies`);
  const firstPatchOf = (customer: string) => sim.requests.find((r) => r.method === 'PATCH' && r.path.includes(customer));
  const bList = listOf(B);
  assert.ok(bList?.answeredAt !== undefined, 'B was listed');
  assert.ok(patchedWhileHeld, "a PATCH came while B's policy list was held");
  assert.ok(sim.requests.findIndex((r) => r.method === 'PATCH') < sim.requests.findIndex((r) => r.method === 'PATCH' && r.path.includes(B)), "A's before B's");
  const cFirst = firstPatchOf(C);
  assert.ok(cFirst !== undefined && cFirst.receivedAt >= bList.answeredAt, "C's chunks waited for every list, B's too");

  const results = readJsonResults(out);
  assert.equal(results.summary.byStatus['accepted'], 29);
  const refused = results.rows.filter((r) => r.status !== 'accepted');
  assert.deepEqual(refused.map((r) => [r.row, r.status]), [[bad + 2, 'invalid']]);
  // Every customer's chunks were sent once each: 10 rows of A and B in chunks of 5, C's 9 good rows too.
  const patches = sim.requests.filter((r) => r.method === 'PATCH');
  assert.equal(patches.length, 6);
});

test('a customer\'s policy list is asked for as its first row is read, before the rest of the sheet is', async (t) => {
  const lines = devices(4000, 2);
  let stderr = '';
  const askedWhileReading: boolean[] = [];
  const policies = [{ id: POLICY, name: 'Standard' }];
  const sim: Simulator = await startSimulator({
    token: TOKEN,
    latencyMs: 1,
    data: { customers: { [A]: { policies }, [B]: { policies } } },
    sleep: (ms, signal) => {
      const last = sim.requests.at(-1);
      // The run prints its "Dry run: nothing is sent" line once the whole sheet is read.
      if (last?.method === 'GET') askedWhileReading.push(!/Dry run: nothing is sent/.test(stderr));
      return delay(ms, undefined, { signal });
    },
  });
  t.after(() => sim.close());
  const dir = tempDir(t);
  const input = writeDeviceCsv(dir, lines);
  const child = startCli(['apply', input, '--dry-run', '--out', join(dir, 'r.json'), '--endpoint', sim.url, '--no-verify-devices'], { env: { PARTNER_CENTER_TOKEN: TOKEN } });
  child.stderr?.on('data', (d: Buffer | string) => (stderr += String(d)));
  const run = await child.result;
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(askedWhileReading, [true, true], 'both lists were asked for while the sheet was still being read');
  assert.equal(readJsonResults(join(dir, 'r.json')).summary.byStatus['planned'], 4000);
});
