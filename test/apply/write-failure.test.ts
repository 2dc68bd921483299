// A results file that cannot be written at the end (a folder in its way, a full disk, Excel holding it):
// the results go beside it under another name, the journal is kept, and the run says where.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { startSimulator } from '../../src/simulator/start.js';
import { removeStaleTemps, tempPathFor } from '../../src/record/atomic.js';
import { writeResultsFile } from '../../src/record/results-file.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';
import { sampleRows, sampleSummary, HEADERS } from '../record/sample.js';
import { devices, readJsonResults, registered, writeDeviceCsv } from './inputs.js';

const TOKEN = 'write-failure-token-5d1c';

test('--out that cannot be replaced when the run ends: results written beside it, journal kept, exit 1', async (t) => {
  const dir = tempDir(t);
  const out = join(dir, 'r.json');
  // When the first request arrives (the output checks are long done), a folder full of files takes
  // the results file's name: the rename at the end must fail.
  let blocked = false;
  const sim = await startSimulator({
    token: TOKEN,
    data: registered(devices(50)),
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
  const input = writeDeviceCsv(dir, devices(50));
  const args = ['apply', input, '--out', out, '--endpoint', sim.url, '--chunk-size', '10', '--quiet'];
  const result = await runCli(args, { env: { PARTNER_CENTER_TOKEN: TOKEN } });
  assert.ok(blocked, 'a request was sent');
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
