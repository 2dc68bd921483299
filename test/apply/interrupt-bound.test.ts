// Ctrl-C against a service that never answers (SPEC §2 Safety of the work): requests in flight get the
// grace period, then are abandoned; exit 130 whatever the service does; the next run re-sends the
// abandoned requests under their recorded MS-RequestIds. The grace period is shortened for the test
// through an internal variable, so the test waits on the run, not on 30 s of clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { startSimulator } from '../../src/simulator/start.js';
import { GRACE_ENV } from '../../src/setup/interrupt.js';
import { runCli, startCli, stderrMatches } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';
import { acceptedDevices, devices, readJsonResults, registered, writeDeviceCsv } from './inputs.js';

const TOKEN = 'grace-token-7c2e';

/** A simulator whose update requests hang until `release()`; `arrived(n)` resolves when the n-th comes in. */
async function hangingSimulator(t: { after(fn: () => Promise<void>): void }) {
  let hanging = true;
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  let patches = 0;
  const sim = await startSimulator({
    token: TOKEN,
    data: registered(devices(60, 1)),
    latencyMs: 1,
    sleep: (ms, signal) => {
      const last = sim.requests.at(-1);
      if (last?.method === 'PATCH' && last.status === undefined) {
        patches++;
        for (const w of waiters.filter((x) => patches >= x.n)) w.resolve();
        if (hanging) return Promise.race([released, delay(3_600_000, undefined, { signal })]);
      }
      return delay(ms, undefined, { signal });
    },
  });
  t.after(() => sim.close());
  return {
    sim,
    arrived: (n: number) => new Promise<void>((resolve) => (patches >= n ? resolve() : waiters.push({ n, resolve }))),
    /** The requests held so far are answered (to whoever is still listening); later ones are not held. */
    release() {
      hanging = false;
      release();
    },
  };
}

for (const timeout of ['60', '1']) {
  test(`Ctrl-C while requests hang (per-attempt timeout ${timeout} s): abandoned after the grace period, exit 130, re-sent under the same MS-RequestIds next time`, async (t) => {
    const hang = await hangingSimulator(t);
    const dir = tempDir(t);
    const input = writeDeviceCsv(dir, devices(60, 1));
    const out = join(dir, 'r.json');
    const args = ['apply', input, '--out', out, '--endpoint', hang.sim.url, '--chunk-size', '10', '--concurrency', '2', '--timeout', timeout, '--quiet'];
    const env = { PARTNER_CENTER_TOKEN: TOKEN, [GRACE_ENV]: '1500' };

    const run = startCli(args, { env });
    await hang.arrived(2);
    const signalledAt = Date.now();
    run.kill('SIGINT');
    await stderrMatches(run, /SIGINT: no new requests/);
    const result = await run.result;
    const tookMs = Date.now() - signalledAt;
    assert.equal(result.code, 130, result.stderr);
    assert.match(result.stderr, /abandoning what is still in flight/);
    // Bounded by the grace period, not by the per-attempt timeout, its retries or their backoff: a run
    // that waited for any of them would take a minute or more here.
    assert.ok(tookMs < 30_000, `exited ${tookMs} ms after the signal`);

    const results = readJsonResults(out);
    assert.deepEqual(results.rows.filter((r) => r.status !== 'not-sent').map((r) => `${r.row} ${r.status}: ${r.detail}`), [], 'nothing failed, nothing accepted');
    const abandoned = results.rows.filter((r) => /abandoned/.test(r.detail));
    assert.equal(abandoned.length, 20, 'the two requests in flight');
    assert.ok(abandoned.every((r) => /re-sends it under the same MS-RequestId/.test(r.detail)), abandoned[0]?.detail);
    assert.ok(results.rows.filter((r) => !abandoned.includes(r)).every((r) => r.detail === 'not sent: interrupted'));

    // The service did get the abandoned requests and answers them now, to nobody: the next run must
    // send them under the same IDs, so that each device is in one job.
    hang.release();
    const again = await runCli(args, { env });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /2 requests of an earlier run have no final answer; they are sent again first/);
    const counts = acceptedDevices(hang.sim);
    assert.equal(counts.size, 60);
    assert.deepEqual([...counts].filter(([, n]) => n > 1), [], 'no device in two jobs');
    assert.ok(hang.sim.stats().replays >= 2, `${hang.sim.stats().replays} repeats recognised`);
  });
}
