// A results file that cannot be written at the end (a folder in its way, a full disk, Excel holding it):
// the results go beside it under another name, the journal is kept, and the run says where.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { startSimulator, type Simulator } from '../../src/simulator/start.js';
import { removeStaleTemps, tempPathFor } from '../../src/record/atomic.js';
import { writeResultsFile } from '../../src/record/results-file.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';
import { sampleRows, sampleSummary, HEADERS } from '../record/sample.js';
import { devices, readJsonResults, registered, writeDeviceCsv } from './inputs.js';

const TOKEN = 'write-failure-token-5d1c';

/**
 * A simulator of `count` registered devices that, when the first update request arrives (the output
 * checks are long done), puts a folder full of files where `out` goes: the rename at the end must fail.
 */
async function blockingOut(t: TestContext, out: string, count: number): Promise<{ sim: Simulator; blocked: () => boolean }> {
  let blocked = false;
  const sim = await startSimulator({
    token: TOKEN,
    data: registered(devices(count)),
    // Any latency, so that the simulator calls `sleep` for every request.
    latencyMs: 1,
    sleep: async () => {
      if (blocked || sim.requests.at(-1)?.method !== 'PATCH') return;
      blocked = true;
      mkdirSync(out);
      writeFileSync(join(out, 'in-the-way.txt'), 'x');
    },
  });
  t.after(() => sim.close());
  return { sim, blocked: () => blocked };
}

test('--out that cannot be replaced when the run ends: results written beside it, journal kept, exit 1', async (t) => {
  const dir = tempDir(t);
  const out = join(dir, 'r.json');
  const { sim, blocked } = await blockingOut(t, out, 50);
  const input = writeDeviceCsv(dir, devices(50));
  const args = ['apply', input, '--out', out, '--endpoint', sim.url, '--chunk-size', '10', '--quiet'];
  const result = await runCli(args, { env: { PARTNER_CENTER_TOKEN: TOKEN } });
  assert.ok(blocked(), 'a request was sent');
  assert.equal(result.code, 1, result.stderr);
  const beside = readdirSync(dir).find((n) => /^r\.unsaved-\d{8}-\d{6}\.json$/.test(n));
  assert.ok(beside !== undefined, readdirSync(dir).join(', '));
  assert.match(result.stderr, new RegExp(`cannot write .*r\\.json.*\\nThe results were written to .*${beside.replace('.', '\\.')} instead\\. The journal .*r\\.json\\.journal is kept`));
  assert.doesNotMatch(result.stderr, /\n\s+at /);
  const results = readJsonResults(join(dir, beside));
  assert.equal(results.rows.length, 50);
  assert.ok(results.rows.every((r) => r.status === 'accepted'));
  assert.ok(existsSync(`${out}.journal`), 'journal kept');
  assert.ok(!readdirSync(dir).some((n) => n.endsWith('.tmp')), 'no temporary file left');
});

test("a killed run's temporary files are removed by the next write; a live process's are left alone", async (t) => {
  const dir = tempDir(t);
  const out = join(dir, 'r.csv');
  // A pid that surely belongs to no process any more: one of a child that has exited.
  const child = spawn(process.execPath, ['-e', '']);
  await once(child, 'exit');
  const dead = tempPathFor(out, child.pid ?? 0);
  const live = tempPathFor(out, process.ppid);
  const other = join(dir, '.other.csv.1.tmp');
  for (const path of [dead, live, other]) writeFileSync(path, 'half a file');
  await writeResultsFile(out, { headers: HEADERS, rows: sampleRows(), summary: sampleSummary() });
  assert.ok(!existsSync(dead), 'the dead process left it: removed');
  assert.ok(existsSync(live), 'a running process may be writing it: kept');
  assert.ok(existsSync(other), "another file's temporary file: not ours to judge");
  assert.deepEqual(await removeStaleTemps(out), []);
});

test('results written beside --out: the report and --json name the file that holds them, and exit code 1, as the console does', async (t) => {
  const dir = tempDir(t);
  const out = join(dir, 'r.xlsx');
  const { sim, blocked } = await blockingOut(t, out, 20);
  const input = writeDeviceCsv(dir, devices(20));
  const report = join(dir, 'ticket.md');
  const run = await runCli(['apply', input, '--out', out, '--endpoint', sim.url, '--report', report, '--json', '--quiet'], { env: { PARTNER_CENTER_TOKEN: TOKEN } });
  assert.ok(blocked(), 'a request was sent');
  assert.equal(run.code, 1, run.stderr);
  const beside = readdirSync(dir).find((n) => /^r\.unsaved-\d{8}-\d{6}\.xlsx$/.test(n));
  assert.ok(beside !== undefined, readdirSync(dir).join(', '));
  const json = JSON.parse(run.stdout) as { exitCode: number; files: { results: string } };
  assert.deepEqual([json.exitCode, json.files.results], [1, join(dir, beside)]);
  // Every device was accepted, yet the ticket must not read "exit code 0" for a file that is not where it says.
  assert.ok(readFileSync(report, 'utf8').includes(`- Results: \`${join(dir, beside)}\` (exit code 1)`), readFileSync(report, 'utf8'));
});
