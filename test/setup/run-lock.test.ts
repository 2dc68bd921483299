// One run per results file: two real processes on one sheet and one --out (two engineers, or a job
// retried while the first still runs) must not both send, nor write one journal over the other.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { join } from 'node:path';
import { startSimulator } from '../../src/simulator/start.js';
import { lockPathFor, lockResults } from '../../src/setup/run-lock.js';
import { isRecordError } from '../../src/record/errors.js';
import { runCli, startCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';
import { acceptedDevices, devices, readJsonResults, registered, writeDeviceCsv } from '../apply/inputs.js';

const TOKEN = 'lock-token-3b7d';
const env = { PARTNER_CENTER_TOKEN: TOKEN };

/** A PID that surely names no process of this host: one that has just exited. */
async function goneProcess(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  const pid = child.pid;
  await new Promise((resolve) => child.once('close', resolve));
  assert.ok(pid !== undefined);
  return pid;
}

test('a second run into the same results file, while the first is sending, exits 2 naming the first; the first ends as if alone', async (t) => {
  // The first update request is held unanswered until the second run has ended: the first run is
  // surely mid-send, its journal open, when the second starts.
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  let reached: () => void = () => {};
  const firstPatch = new Promise<void>((resolve) => (reached = resolve));
  const sim = await startSimulator({
    token: TOKEN,
    data: registered(devices(60, 3)),
    latencyMs: 1,
    sleep: (ms, signal) => {
      const last = sim.requests.at(-1);
      if (last?.method === 'PATCH' && last.status === undefined && sim.requests.filter((r) => r.method === 'PATCH').length === 1) {
        reached();
        return released;
      }
      return delay(ms, undefined, { signal });
    },
  });
  t.after(() => sim.close());
  const dir = tempDir(t);
  const input = writeDeviceCsv(dir, devices(60, 3));
  const out = join(dir, 'r.json');
  // One request in flight: while the first is held, nothing else of the first run goes out either.
  const args = ['apply', input, '--out', out, '--endpoint', sim.url, '--chunk-size', '10', '--concurrency', '1', '--quiet'];

  const first = startCli(args, { env });
  await firstPatch;
  const lock = JSON.parse(readFileSync(lockPathFor(out), 'utf8')) as { pid: number; host: string };
  assert.equal(lock.pid, first.pid);
  assert.equal(lock.host, hostname());
  const patchesBefore = sim.requests.filter((r) => r.method === 'PATCH').length;

  const second = await runCli(args, { env });
  release();
  assert.equal(second.code, 2, second.stderr);
  assert.match(second.stderr, new RegExp(`r\\.json is in use by another run: apply .*devices\\.csv \\(PID ${first.pid} on this host since \\S+; lock .*r\\.json\\.lock\\)`));
  assert.doesNotMatch(second.stderr, /\n\s+at /);
  assert.equal(sim.requests.filter((r) => r.method === 'PATCH').length, patchesBefore, 'the second run sent nothing');

  const done = await first.result;
  assert.equal(done.code, 0, done.stderr);
  const results = readJsonResults(out);
  assert.equal(results.summary.byStatus.accepted, 60);
  const counts = [...acceptedDevices(sim).values()];
  assert.equal(counts.length, 60);
  assert.ok(counts.every((n) => n === 1), 'no device applied twice');
  assert.ok(!existsSync(`${out}.journal`), 'the journal went with a clean end');
  assert.ok(!existsSync(lockPathFor(out)), 'the lock went with the run');
});

/** A run of 5 devices into a results file whose lock a gone process left, as run on `host`. */
async function leftLock(t: TestContext, host: string) {
  const sim = await startSimulator({ token: TOKEN, data: registered(devices(5)) });
  t.after(() => sim.close());
  const dir = tempDir(t);
  const input = writeDeviceCsv(dir, devices(5));
  const out = join(dir, 'r.json');
  const pid = await goneProcess();
  writeFileSync(lockPathFor(out), JSON.stringify({ pid, host, command: 'apply old.csv', startedAt: '2024-05-01T10:00:00.000Z', nonce: 'old' }));
  return { sim, input, out, pid };
}

test('a lock left by a process that is gone from this host is taken over, saying so', async (t) => {
  const { sim, input, out, pid } = await leftLock(t, hostname());
  const run = await runCli(['apply', input, '--out', out, '--endpoint', sim.url, '--quiet'], { env });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, new RegExp(`lock: .*r\\.json\\.lock was left by PID ${pid} \\(apply old\\.csv, started 2024-05-01T10:00:00\\.000Z\\), which is no longer running on this host; taken over`));
  assert.equal(readJsonResults(out).summary.byStatus.accepted, 5);
  assert.ok(!existsSync(lockPathFor(out)));
});

test('a lock held on another host is left alone: exit 2 naming that host, nothing sent', async (t) => {
  const { sim, input, out, pid } = await leftLock(t, 'build-agent-7');
  const run = await runCli(['apply', input, '--out', out, '--endpoint', sim.url], { env });
  assert.equal(run.code, 2, run.stderr);
  assert.match(run.stderr, new RegExp(`PID ${pid} on host build-agent-7 since 2024-05-01T10:00:00.000Z`));
  assert.match(run.stderr, /if it is no longer running there, delete .*r\.json\.lock and run again/);
  assert.equal(sim.requests.length, 0);
  assert.ok(existsSync(lockPathFor(out)), 'another host\'s lock is never removed');
});

test('within one process too, the lock is exclusive until released; release leaves a lock taken over by another alone', async (t) => {
  const dir = tempDir(t);
  const out = join(dir, 'r.xlsx');
  const first = await lockResults(out, { command: 'apply a.csv' });
  await assert.rejects(lockResults(out, { command: 'apply b.csv' }), (e: unknown) => isRecordError(e) && e.code === 'in-use' && e.message.includes(`PID ${process.pid}`));
  await first.release();
  const second = await lockResults(out, { command: 'apply b.csv' });
  await first.release();
  assert.ok(existsSync(lockPathFor(out)), 'a released lock\'s second release removes nothing');
  await second.release();
  assert.ok(!existsSync(lockPathFor(out)));
});

test('status, which rewrites the results file in place, is refused while a run holds it', async (t) => {
  const dir = tempDir(t);
  const out = join(dir, 'r.json');
  writeFileSync(out, JSON.stringify({ summary: {}, rows: [] }));
  const held = await lockResults(out, { command: 'apply devices.csv' });
  t.after(() => held.release());
  const run = await runCli(['status', out]);
  assert.equal(run.code, 2, run.stderr);
  assert.match(run.stderr, new RegExp(`r\\.json is in use by another run: apply devices\\.csv \\(PID ${process.pid} on this host`));
});
