// Crash safety with real signals: kill -9 mid-run, then the same command again; Ctrl-C (SIGINT) mid-run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { join } from 'node:path';
import { startSimulator } from '../../src/simulator/index.js';
import { runCli, startCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';
import { acceptedDevices, devices, readJsonResults, writeDeviceCsv } from './inputs.js';

const TOKEN = 'crash-token-5e1f';
const env = { PARTNER_CENTER_TOKEN: TOKEN };

/** Requests the journal holds so far (each line is one finished request). */
function journalRequests(path: string): number {
  if (!existsSync(path)) return 0;
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.includes('"kind":"request"')).length;
}

async function waitForJournal(path: string, requests: number): Promise<void> {
  // Bounded: 600 × 25 ms = 15 s at most, then the assertion below says what happened.
  for (let i = 0; i < 600 && journalRequests(path) < requests; i++) await delay(25);
  assert.ok(journalRequests(path) >= requests, `journal reached ${journalRequests(path)} requests`);
}

test('kill -9 mid-run, then the same command: no row lost, at most the in-flight chunks sent twice', async (t) => {
  const sim = await startSimulator({ token: TOKEN, latencyMs: 120 });
  t.after(() => sim.close());
  const dir = tempDir(t);
  const input = writeDeviceCsv(dir, devices(300, 3));
  const out = join(dir, 'r.json');
  const args = ['apply', input, '--out', out, '--endpoint', sim.url, '--chunk-size', '10', '--concurrency', '2', '--per-customer', '1', '--quiet'];

  const first = startCli(args, { env });
  await waitForJournal(`${out}.journal`, 5);
  first.kill('SIGKILL');
  const killed = await first.result;
  assert.equal(killed.signal, 'SIGKILL');
  assert.ok(!existsSync(out), 'no results file from the killed run');
  const journaled = journalRequests(`${out}.journal`);

  const second = await runCli([...args.filter((a) => a !== '--quiet'), '--json'], { env });
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stderr, /resuming: \d+ rows were accepted by an earlier run/);
  const results = readJsonResults(out);
  assert.equal(results.rows.length, 300);
  assert.ok(results.rows.every((r) => r.status === 'accepted'), 'every row accepted');
  assert.ok(results.summary.recovered >= journaled * 10, `recovered ${results.summary.recovered} of ${journaled * 10} journaled rows`);
  assert.ok(!existsSync(`${out}.journal`), 'journal removed once the results are written');

  const counts = acceptedDevices(sim);
  assert.equal(counts.size, 300, 'every device reached the service');
  const twice = [...counts.values()].filter((n) => n > 1).length;
  // Only requests in flight at the kill (at most --concurrency chunks of 10) can have been sent again.
  assert.ok(twice <= 2 * 10, `${twice} devices were sent twice`);
});

test('SIGINT stops new requests, lets those in flight finish, writes results with the rest not-sent, exits 130', async (t) => {
  const sim = await startSimulator({ token: TOKEN, latencyMs: 200 });
  t.after(() => sim.close());
  const dir = tempDir(t);
  const input = writeDeviceCsv(dir, devices(300, 3));
  const out = join(dir, 'r.json');
  const args = ['apply', input, '--out', out, '--endpoint', sim.url, '--chunk-size', '10', '--concurrency', '2', '--per-customer', '1', '--quiet'];

  const run = startCli(args, { env });
  await waitForJournal(`${out}.journal`, 3);
  run.kill('SIGINT');
  const result = await run.result;
  assert.equal(result.code, 130, result.stderr);
  assert.match(result.stderr, /SIGINT: no new requests/);
  const results = readJsonResults(out);
  const accepted = results.rows.filter((r) => r.status === 'accepted').length;
  const notSent = results.rows.filter((r) => r.status === 'not-sent');
  assert.equal(results.rows.length, 300);
  assert.ok(accepted >= 30 && notSent.length > 0, `${accepted} accepted, ${notSent.length} not sent`);
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

test('a second Ctrl-C exits at once; the journal already holds what finished, and the next run resumes', async (t) => {
  const sim = await startSimulator({ token: TOKEN, latencyMs: 300 });
  t.after(() => sim.close());
  const dir = tempDir(t);
  const input = writeDeviceCsv(dir, devices(200, 2));
  const out = join(dir, 'r.json');
  const args = ['apply', input, '--out', out, '--endpoint', sim.url, '--chunk-size', '10', '--concurrency', '2', '--quiet'];

  const run = startCli(args, { env });
  await waitForJournal(`${out}.journal`, 2);
  run.kill('SIGINT');
  await delay(50);
  run.kill('SIGINT');
  const result = await run.result;
  assert.equal(result.code, 130);
  assert.match(result.stderr, /SIGINT again: exiting now/);
  assert.ok(!existsSync(out), 'no results: the run was abandoned');
  const journaled = journalRequests(`${out}.journal`);
  assert.ok(journaled >= 2);

  const again = await runCli([...args.filter((a) => a !== '--quiet'), '--json'], { env });
  assert.equal(again.code, 0, again.stderr);
  const results = readJsonResults(out);
  assert.ok(results.rows.every((r) => r.status === 'accepted'));
  assert.ok(results.summary.recovered >= journaled * 10);
});
