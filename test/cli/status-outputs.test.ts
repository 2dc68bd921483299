// status checks where it will write as apply does (SPEC §2 Safety of the work), with apply's messages:
// refused before any request, exit 2, one line, the results file left as it was. The results file is
// what apply's input is to these checks, but one that status rewrites: its own name in the messages.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeResultsFile } from '../../src/record/results-file.js';
import { startSimulator } from '../../src/simulator/start.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';
import { accepted, CUSTOMER, POLICY, summaryFor } from '../track/fixtures.js';

const TOKEN = 'status-outputs-5e1d';

interface Case {
  name: string;
  args: (dir: string, results: string) => string[];
  says: RegExp;
}

const CASES: Case[] = [
  { name: '--report naming a folder', args: (d) => ['--report', join(d, 'sub.md')], says: /^--report .*sub\.md is a folder: name a file in it instead$/ },
  { name: '--failures in a folder that does not exist', args: (d) => ['--failures', join(d, 'missing', 'f.csv')], says: /^--failures .*f\.csv: the folder .*missing does not exist$/ },
  { name: '--report in a "folder" that is a file', args: (d) => ['--report', join(d, 'notes.txt', 'r.md')], says: /^--report .*r\.md: .*notes\.txt is not a folder$/ },
  { name: '--log naming the results file', args: (_, results) => ['--log', results], says: /^--log .*r\.json is the results file itself: choose another name$/ },
  { name: '--failures naming the results file through a link', args: (d) => ['--failures', join(d, 'link.json')], says: /^--failures .*link\.json is the results file itself/ },
  {
    name: '--report and --log naming one file',
    args: (d) => ['--report', join(d, 'ticket.md'), '--log', join(d, 'sub.md', '..', 'ticket.md')],
    says: /^--log .*ticket\.md and --report .*ticket\.md are the same file: give each its own name$/,
  },
  { name: '--log naming the journal of an unfinished apply', args: (_, results) => ['--log', `${results}.journal`], says: /^the journal .*r\.json\.journal and --log .*r\.json\.journal are the same file/ },
];

for (const c of CASES) {
  test(`status refuses ${c.name}, as apply does`, async (t) => {
    const sim = await startSimulator({ token: TOKEN });
    t.after(() => sim.close());
    const dir = tempDir(t);
    const results = join(dir, 'r.json');
    const row = accepted(2, `${sim.url}/v1/customers/${CUSTOMER}/batchJobStatus/j1`);
    const rows = [{ input: [CUSTOMER, 'dev-1', POLICY], result: row }];
    await writeResultsFile(results, { headers: ['Customer ID', 'Device ID', 'Policy ID'], rows, summary: summaryFor(rows) });
    mkdirSync(join(dir, 'sub.md'));
    writeFileSync(join(dir, 'notes.txt'), 'not a folder');
    symlinkSync(results, join(dir, 'link.json'));
    const before = readFileSync(results);

    const run = await runCli(['status', results, '--endpoint', sim.url, ...c.args(dir, results)], { env: { PARTNER_CENTER_TOKEN: TOKEN } });
    assert.equal(run.code, 2, run.stderr);
    const lines = run.stderr.trim().split('\n');
    assert.equal(lines.length, 1, run.stderr);
    assert.match(lines[0]?.replace(/^device-policy: /, '') ?? '', c.says);
    assert.equal(sim.requests.length, 0, 'nothing asked of the service');
    assert.deepEqual(readFileSync(results), before, 'the results file is left as it was');
  });
}

test('the same refusal in the same words from apply and from status', async (t) => {
  const dir = tempDir(t);
  mkdirSync(join(dir, 'sub.md'));
  const input = join(dir, 'devices.csv');
  writeFileSync(input, `Customer ID,Device ID,Policy ID\r\n${CUSTOMER},dev-1,${POLICY}\r\n`);
  const results = join(dir, 'r.json');
  const applied = await runCli(['apply', input, '--dry-run', '--offline', '--out', results, '--quiet']);
  assert.equal(applied.code, 0, applied.stderr);
  const report = join(dir, 'sub.md');
  const fromApply = await runCli(['apply', input, '--dry-run', '--offline', '--out', join(dir, 'again.json'), '--report', report]);
  const fromStatus = await runCli(['status', results, '--report', report]);
  assert.equal(fromApply.code, 2, fromApply.stderr);
  assert.equal(fromStatus.code, 2, fromStatus.stderr);
  assert.equal(fromStatus.stderr, fromApply.stderr);
  assert.match(fromStatus.stderr, /is a folder: name a file in it instead/);
});
