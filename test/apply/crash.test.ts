// Crash safety with real signals: kill -9 mid-run, then the same command again; Ctrl-C (SIGINT) mid-run.
// Every wait is on an event (a request reaching the simulator, a line printed), never on the clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { join } from 'node:path';
import { startSimulator } from '../../src/simulator/start.js';
import type { SimulatorData } from '../../src/simulator/data.js';
import { runCli, startCli, stderrMatches } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';
import { acceptedDevices, devices, readJsonResults, registered, writeDeviceCsv } from './inputs.js';

const TOKEN = 'crash-token-5e1f';
const env = { PARTNER_CENTER_TOKEN: TOKEN };

/** Requests the journal holds an answer for so far. */
function journalAnswers(path: string): number {
  if (!existsSync(path)) return 0;
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.includes('"kind":"answer"')).length;
}

/**
 * A simulator answering in a few milliseconds that lets the test act when the n-th update request
 * arrives, and hold that request unanswered until the test lets it go (so it is surely in flight).
 */
async function watchedSimulator(t: { after(fn: () => Promise<void>): void }, data: SimulatorData, latencyMs = 5) {
  const holds = new Map<number, { reached: () => void; release: Promise<unknown> }>();
  let seen = 0;
  const sim = await startSimulator({
    token: TOKEN,
    data,
    latencyMs,
    sleep: (ms, signal) => {
      // Called once per request, after it is recorded and before it is answered.
      const last = sim.requests.at(-1);
      if (last?.method === 'PATCH' && last.status === undefined) {
        seen++;
        const hold = holds.get(seen);
        if (hold !== undefined) {
          hold.reached();
          return hold.release.then(() => undefined);
        }
      }
      return delay(ms, undefined, { signal });
    },
  });
  t.after(() => sim.close());
  return {
    sim,
    /** Resolves when the update request numbered `n` (counting from 1, over every run) arrives; it is answered only once `release` settles. */
    holdRequest(n: number, release: Promise<unknown>): Promise<void> {
      return new Promise((reached) => holds.set(n, { reached, release }));
    },
    get seen() {
      return seen;
    },
  };
}

test('kill -9 at several moments against a fast service, then the same command to the end: every row accepted, no device applied twice', async (t) => {
  const watched = await watchedSimulator(t, registered(devices(600, 4)));
  const { sim } = watched;
  const dir = tempDir(t);
  const input = writeDeviceCsv(dir, devices(600, 4));
  const out = join(dir, 'r.json');
  const args = ['apply', input, '--out', out, '--endpoint', sim.url, '--chunk-size', '10', '--concurrency', '8', '--per-customer', '4', '--quiet'];

  // Killed as the 1st update request arrives, then 10 requests into the next run, then 30 into the
  // next: each time with that request held in flight, so it reaches the service but its answer never
  // reaches the killed run.
  let kills = 0;
  for (const after of [1, 10, 30]) {
    const run = startCli(args, { env });
    const closed = run.result;
    await watched.holdRequest(watched.seen + after, closed);
    run.kill('SIGKILL');
    const killed = await closed;
    assert.equal(killed.signal, 'SIGKILL', killed.stderr);
    kills++;
    assert.ok(!existsSync(out), 'no results file from a killed run');
  }
  const answeredBefore = journalAnswers(`${out}.journal`);

  const last = await runCli([...args.filter((a) => a !== '--quiet'), '--json'], { env });
  assert.equal(last.code, 0, last.stderr);
  assert.match(last.stderr, /resuming: \d+ requests of an earlier run have no final answer; they are sent again first, under their recorded MS-RequestIds/);
  const results = readJsonResults(out);
  assert.equal(results.rows.length, 600);
  assert.deepEqual(results.rows.filter((r) => r.status !== 'accepted'), []);
  assert.ok(results.summary.recovered > 0 && results.summary.recovered >= answeredBefore, `recovered ${results.summary.recovered} rows; the journal had ${answeredBefore} answers`);
  assert.ok(!existsSync(`${out}.journal`), 'journal removed once the results are written');

  const counts = acceptedDevices(sim);
  assert.equal(counts.size, 600, 'every device reached the service');
  const twice = [...counts.entries()].filter(([, n]) => n > 1).map(([d]) => d);
  assert.deepEqual(twice, [], 'no device is in two batch jobs');
  // The requests held at each kill were answered by the service after the run died: the runs after
  // sent them again under the same MS-RequestId, which the service recognised.
  assert.ok(sim.stats().replays >= kills, `${sim.stats().replays} requests were recognised as repeats`);
  // Every row's Request ID names the request the service created its job for.
  const jobOf = new Map(sim.jobs().flatMap((job) => job.devices.map((d) => [d.deviceId, job.requestId] as const)));
  for (const row of results.rows) assert.equal(row.requestId, jobOf.get(row.input['Device ID'] ?? ''), `row ${row.row}`);
});

test('SIGINT stops new requests, lets those in flight finish, writes results with the rest not-sent, exits 130', async (t) => {
  const watched = await watchedSimulator(t, registered(devices(300, 3)));
  const { sim } = watched;
  const dir = tempDir(t);
  const input = writeDeviceCsv(dir, devices(300, 3));
  const out = join(dir, 'r.json');
  const args = ['apply', input, '--out', out, '--endpoint', sim.url, '--chunk-size', '10', '--concurrency', '2', '--per-customer', '1', '--quiet'];

  const run = startCli(args, { env });
  // The 4th request is held until the run has said it stops: it is in flight at the signal.
  const stopping = stderrMatches(run, /SIGINT: no new requests/);
  await watched.holdRequest(4, stopping);
  run.kill('SIGINT');
  await stopping;
  const result = await run.result;
  assert.equal(result.code, 130, result.stderr);
  const results = readJsonResults(out);
  const accepted = results.rows.filter((r) => r.status === 'accepted').length;
  const notSent = results.rows.filter((r) => r.status === 'not-sent');
  assert.equal(results.rows.length, 300);
  assert.ok(accepted >= 40 && notSent.length > 0, `${accepted} accepted, ${notSent.length} not sent`);
  assert.equal(accepted + notSent.length, 300, 'nothing failed: in-flight requests were let finish');
  assert.ok(notSent.every((r) => /interrupted/.test(r.detail)));
  // In-flight requests finished rather than being abandoned, so the service holds exactly the accepted rows.
  assert.equal(acceptedDevices(sim).size, accepted);

  // The journal is kept, so the same command sends only the rest.
  const again = await runCli(args, { env });
  assert.equal(again.code, 0, again.stderr);
  const counts = acceptedDevices(sim);
  assert.equal(counts.size, 300);
  assert.ok([...counts.values()].every((n) => n === 1), 'no device sent twice');
});

test('a second Ctrl-C exits at once; the journal already holds what was sent, and the next run resumes', async (t) => {
  const watched = await watchedSimulator(t, registered(devices(200, 2)));
  const { sim } = watched;
  const dir = tempDir(t);
  const input = writeDeviceCsv(dir, devices(200, 2));
  const out = join(dir, 'r.json');
  const args = ['apply', input, '--out', out, '--endpoint', sim.url, '--chunk-size', '10', '--concurrency', '2', '--quiet'];

  const run = startCli(args, { env });
  // The 3rd request hangs until the run is gone: only the second Ctrl-C can end it. The answers to the
  // two before it reach the journal on their own schedule (group commit): wait for them on disk, not for
  // a moment, so that what the second Ctrl-C must keep is surely there (a busy machine delays the write).
  await watched.holdRequest(3, run.result);
  for (let waited = 0; journalAnswers(`${out}.journal`) < 2; waited += 20) {
    assert.ok(waited < 30_000, 'the answers to the first two requests reach the journal');
    await delay(20);
  }
  run.kill('SIGINT');
  await stderrMatches(run, /SIGINT: no new requests/);
  run.kill('SIGINT');
  const result = await run.result;
  assert.equal(result.code, 130);
  assert.match(result.stderr, /SIGINT again: exiting now/);
  assert.ok(!existsSync(out), 'no results: the run was abandoned');
  const answered = journalAnswers(`${out}.journal`);
  assert.ok(answered >= 2, `${answered} answers journaled`);

  const again = await runCli([...args.filter((a) => a !== '--quiet'), '--json'], { env });
  assert.equal(again.code, 0, again.stderr);
  const results = readJsonResults(out);
  assert.ok(results.rows.every((r) => r.status === 'accepted'));
  assert.ok(results.summary.recovered >= answered * 10);
  // The request abandoned by the second Ctrl-C was sent again under its ID: one job for its devices.
  assert.ok([...acceptedDevices(sim).values()].every((n) => n === 1), 'no device in two jobs');
  assert.ok(sim.stats().replays >= 1);
});
