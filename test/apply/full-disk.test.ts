// Nothing lost on a full or read-only disk: the results' folder is a real 1 MiB tmpfs, filled (or made
// read-only) while the run sends, at a request the test chooses. Mounting needs root; where it cannot
// be done the tests are skipped, saying why.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, statfsSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '../../src/simulator/start.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';
import { acceptedDevices, CUSTOMERS, devices, POLICY, readJsonResults, registered } from './inputs.js';

const TOKEN = 'full-disk-token-7e20';
const env = { PARTNER_CENTER_TOKEN: TOKEN };

/** A 1 MiB tmpfs, unmounted when the test ends; undefined (the test skipped) where mounting is not allowed. */
function smallDisk(t: TestContext): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'device-policy-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'pipe' });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    const why = e instanceof Error && 'stderr' in e ? String(e.stderr).trim() : String(e);
    t.skip(`cannot mount a 1 MiB tmpfs here (needs root and mount): ${why}`);
    return undefined;
  }
  t.after(() => {
    execFileSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/** Fills the disk holding `dir` until only `leave` bytes are free (0: full). */
function fill(dir: string, leave = 0): void {
  const fd = openSync(join(dir, `filler-${readdirSync(dir).length}`), 'w');
  try {
    const chunk = Buffer.alloc(4096);
    for (;;) {
      const { bavail, bsize } = statfsSync(dir);
      if (bavail * bsize <= leave) return;
      writeSync(fd, chunk, 0, Math.min(chunk.length, bavail * bsize - leave));
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  } finally {
    closeSync(fd);
  }
}

/** `count` devices of one customer, each row with a long note: results far larger than the journal. */
function noteCsv(dir: string, count: number): string {
  const path = join(dir, 'devices.csv');
  const note = 'n'.repeat(2000);
  const lines = Array.from({ length: count }, (_, i) => `${CUSTOMERS[0]},DEV-${String(i + 1).padStart(5, '0')},${POLICY},${note}`);
  writeFileSync(path, `Customer ID,Device ID,Policy ID,Notes\r\n${lines.join('\r\n')}\r\n`);
  return path;
}

/** A simulator that calls `onPatch(n)` as its n-th update request arrives, before answering it. */
async function watched(t: TestContext, onPatch: (n: number) => void): Promise<Simulator> {
  let patches = 0;
  const sim = await startSimulator({
    token: TOKEN,
    // Every device a noteCsv names is the customer's (apply lists them before sending).
    data: registered(devices(200, 1)),
    latencyMs: 1,
    sleep: async () => {
      const last = sim.requests.at(-1);
      if (last?.method === 'PATCH' && last.status === undefined) onPatch(++patches);
    },
  });
  t.after(() => sim.close());
  return sim;
}

const noStack = (stderr: string): void => assert.doesNotMatch(stderr, /\n\s+at |unexpected error/, stderr);

test('results that do not fit beside --out go beside the input; the run names them and the journal (exit 1)', async (t) => {
  const disk = smallDisk(t);
  if (disk === undefined) return;
  const dir = tempDir(t);
  const input = noteCsv(dir, 60);
  const out = join(disk, 'r.json');
  // Room left for the journal's lines (under 1 KiB a request), not for 60 rows of 2 KB notes.
  const sim = await watched(t, (n) => n === 1 && fill(disk, 48 * 1024));
  const run = await runCli(['apply', input, '--out', out, '--endpoint', sim.url, '--chunk-size', '10', '--concurrency', '1', '--quiet'], { env });
  assert.equal(run.code, 1, run.stderr);
  noStack(run.stderr);
  const beside = readdirSync(dir).find((n) => /^r\.unsaved-\d{8}-\d{6}\.json$/.test(n));
  assert.ok(beside !== undefined, `results beside the input: ${readdirSync(dir).join(', ')}\n${run.stderr}`);
  assert.match(run.stderr, /cannot write .*r\.json: the disk is full \(ENOSPC\)/);
  assert.ok(run.stderr.includes(`The results were written to ${join(dir, beside)} instead. The journal ${out}.journal is kept`), run.stderr);
  const results = readJsonResults(join(dir, beside));
  assert.equal(results.rows.length, 60);
  assert.ok(results.rows.every((r) => r.status === 'accepted'), 'every answer is in the results');
  // The file says what the run said: exit 1, and where it is (a ticket reader sees no clean success).
  assert.equal(results.summary.exitCode, 1);
  assert.equal(results.summary.output, join(dir, beside));
  assert.ok(existsSync(`${out}.journal`));
  assert.ok(!readdirSync(disk).some((n) => n.endsWith('.tmp')), 'no half-written file left on the full disk');
});

test('with the input\'s disk full too, the results go to the temporary folder', async (t) => {
  const disk = smallDisk(t);
  if (disk === undefined) return;
  const input = noteCsv(disk, 40);
  const out = join(disk, 'r.json');
  const temp = tempDir(t);
  const sim = await watched(t, (n) => n === 1 && fill(disk, 48 * 1024));
  const run = await runCli(['apply', input, '--out', out, '--endpoint', sim.url, '--chunk-size', '10', '--concurrency', '1', '--quiet'], { env: { ...env, TMPDIR: temp } });
  assert.equal(run.code, 1, run.stderr);
  noStack(run.stderr);
  const saved = readdirSync(temp).find((n) => /^r\.unsaved-\d{8}-\d{6}\.json$/.test(n));
  assert.ok(saved !== undefined, `results in the temporary folder: ${readdirSync(temp).join(', ')}\n${run.stderr}`);
  assert.ok(run.stderr.includes(`The results were written to ${join(temp, saved)} instead.`), run.stderr);
  assert.equal(readJsonResults(join(temp, saved)).rows.filter((r) => r.status === 'accepted').length, 40);
});

test('a journal that cannot be appended to (a full disk) stops sending: the rest not-sent, said; the same command later sends only the rest', async (t) => {
  const disk = smallDisk(t);
  if (disk === undefined) return;
  const dir = tempDir(t);
  const input = noteCsv(dir, 60);
  const out = join(disk, 'r.json');
  const sim = await watched(t, (n) => n === 2 && fill(disk));
  const args = ['apply', input, '--out', out, '--endpoint', sim.url, '--chunk-size', '10', '--concurrency', '1'];
  const run = await runCli(args, { env });
  assert.equal(run.code, 1, run.stderr);
  noStack(run.stderr);
  // The journal's last page may still take a line or two; the first append that needs a new one
  // fails (an intent: that request is not sent; an answer: it stands), and nothing goes out after it.
  const sent = sim.requests.filter((r) => r.method === 'PATCH').length;
  assert.ok(sent >= 2 && sent < 6, `${sent} requests sent`);
  assert.match(run.stdout, /Cause: (the outcome of )?request \S+ could not be recorded( before sending)? \(cannot append to the journal .*r\.json\.journal: the disk is full \(ENOSPC\)\)/);
  assert.match(run.stderr, new RegExp(`sending: 60/60 rows \\| ${sent * 10} accepted \\| 0 failed \\| ${60 - sent * 10} not sent`), 'progress does not pass the rest off as sent');
  assert.match(run.stdout, new RegExp(`not-sent\\s+${60 - sent * 10}\\b`));
  const beside = readdirSync(dir).find((n) => /^r\.unsaved-.*\.json$/.test(n));
  assert.ok(beside !== undefined, run.stderr);
  const first = readJsonResults(join(dir, beside));
  assert.equal(first.summary.byStatus.accepted, sent * 10);
  assert.equal(first.summary.byStatus['not-sent'], 60 - sent * 10);

  // Room again: the same command sends what is left (an unrecorded answer's request again, under its ID).
  for (const name of readdirSync(disk).filter((n) => n.startsWith('filler'))) rmSync(join(disk, name));
  const again = await runCli([...args, '--quiet'], { env });
  assert.equal(again.code, 0, again.stderr);
  assert.equal(readJsonResults(out).summary.byStatus.accepted, 60);
  assert.equal(acceptedDevices(sim).size, 60);
  assert.ok([...acceptedDevices(sim).values()].every((n) => n === 1), 'no device applied twice');
});

test('a read-only disk for the results stops the run before anything is sent (exit 2, in words)', async (t) => {
  const disk = smallDisk(t);
  if (disk === undefined) return;
  execFileSync('mount', ['-o', 'remount,ro', disk]);
  const dir = tempDir(t);
  const input = noteCsv(dir, 5);
  const sim = await watched(t, () => {});
  const run = await runCli(['apply', input, '--out', join(disk, 'r.xlsx'), '--endpoint', sim.url], { env });
  assert.equal(run.code, 2, run.stderr);
  noStack(run.stderr);
  assert.match(run.stderr, /--out .*r\.xlsx: cannot write in .* \(the disk is read-only\)/);
  assert.equal(sim.requests.length, 0);
});

test('a full disk while the input is copied beside the results: exit 2 in words, before anything is sent', async (t) => {
  const disk = smallDisk(t);
  if (disk === undefined) return;
  const dir = tempDir(t);
  const input = noteCsv(dir, 100);
  const sim = await watched(t, () => {});
  // Room for the lock, not for 200 KB of cells.
  fill(disk, 16 * 1024);
  const run = await runCli(['apply', input, '--out', join(disk, 'r.xlsx'), '--endpoint', sim.url], { env });
  assert.equal(run.code, 2, run.stderr);
  noStack(run.stderr);
  assert.match(run.stderr, new RegExp(`cannot keep a copy of the input's cells in ${disk}, the results' folder: the disk is full; make room there, or choose --out on another disk`));
  assert.equal(sim.requests.filter((r) => r.method === 'PATCH').length, 0);
});

test('results that fit nowhere (--out, the input and the temporary folder all full): the journal is named, exit 1; the same command writes them later', async (t) => {
  const disk = smallDisk(t);
  if (disk === undefined) return;
  const input = noteCsv(disk, 40);
  const out = join(disk, 'r.json');
  const temp = join(disk, 'tmp');
  mkdirSync(temp);
  const sim = await watched(t, (n) => n === 1 && fill(disk, 48 * 1024));
  const args = ['apply', input, '--out', out, '--endpoint', sim.url, '--chunk-size', '10', '--concurrency', '1', '--quiet'];
  const run = await runCli(args, { env: { ...env, TMPDIR: temp } });
  assert.equal(run.code, 1, run.stderr);
  noStack(run.stderr);
  assert.match(run.stderr, /cannot write .*r\.json: the disk is full \(ENOSPC\); also tried .*r\.unsaved-\S+\.json \(the disk is full \(ENOSPC\)\)/);
  assert.ok(run.stderr.includes(`No results file could be written anywhere. The journal ${out}.journal keeps every answer: make room, then run the same command again`), run.stderr);
  assert.equal(acceptedDevices(sim).size, 40);

  for (const name of readdirSync(disk).filter((n) => n.startsWith('filler'))) rmSync(join(disk, name));
  const again = await runCli(args, { env: { ...env, TMPDIR: temp } });
  assert.equal(again.code, 0, again.stderr);
  assert.equal(readJsonResults(out).summary.byStatus.accepted, 40);
  assert.equal(sim.requests.filter((r) => r.method === 'PATCH').length, 4, 'nothing was sent again');
});
