// `apply FIXES --into RESULTS`, as a ticket job does it: the failures file fixed and applied into the
// results file it came from, which then shows every row's current state (Runs counting attempts) in every
// format, with its Summary, report and `status` recomputed from the whole file. What could put a fix in
// the wrong row, or lose a journal, is refused before anything is sent; a fix run killed mid-way leaves
// the results file as it was, and the same command finishes it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { startSimulator, type Simulator } from '../../src/simulator/start.js';
import type { SimulatorOptions } from '../../src/simulator/options.js';
import { readResultsFile } from '../../src/record/results-file.js';
import { runCli, startCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';
import { cellText, readXlsxResults } from '../helpers/results.js';
import { CUSTOMERS, POLICY, registered } from './inputs.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { ROOT } from '../helpers/paths.js';

const validate = new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile(JSON.parse(readFileSync(join(ROOT, 'schema', 'summary.schema.json'), 'utf8')) as object);

const TOKEN = 'into-token-4b9e';
/** The environment of a run against `sim` (the endpoint as a ticket job's environment would give it). */
const envOf = (sim: Simulator): Record<string, string> => ({ PARTNER_CENTER_TOKEN: TOKEN, PARTNER_CENTER_ENDPOINT: sim.url });
const [CONTOSO = ''] = CUSTOMERS;
/** Registered to another tenant: fails again however often it is sent. */
const OTHER_TENANT = 'DEV-00005';

async function simulator(t: { after(fn: () => Promise<void>): void }, sleep?: NonNullable<SimulatorOptions['sleep']>): Promise<Simulator> {
  // The sheet's devices are Contoso's (apply lists them before sending).
  const sheet = Array.from({ length: 8 }, (_, i) => ({ customer: CONTOSO, device: `DEV-${String(i + 1).padStart(5, '0')}`, policy: POLICY }));
  const data = registered(sheet, { customers: {}, otherTenantDevices: [OTHER_TENANT] });
  const sim = await startSimulator({ token: TOKEN, jobSteps: 0, ...(sleep === undefined ? {} : { sleep, latencyMs: 1 }), data });
  t.after(() => sim.close());
  return sim;
}

/** Eight devices of Contoso; rows 4 and 7 have a policy that is not a GUID. */
function writeSheet(dir: string): string {
  const lines = Array.from({ length: 8 }, (_, i) => [CONTOSO, `DEV-${String(i + 1).padStart(5, '0')}`, i === 2 || i === 5 ? 'profil-standard' : POLICY, `SN-${i + 1}`, `note ${i + 1}`].join(','));
  const path = join(dir, 'devices.csv');
  writeFileSync(path, `Customer ID,Device ID,Policy ID,Serial Number,Notes\r\n${lines.join('\r\n')}\r\n`);
  return path;
}

/** What a person does to a failures file: the wrong policy put right, a note added; the 808 row left in. */
function fix(path: string): void {
  writeFileSync(path, readFileSync(path, 'utf8').replaceAll('profil-standard', POLICY).replaceAll('note 3', 'note 3 (fixed)'));
}

const patches = (sim: Simulator): string[] => sim.jobs().flatMap((job) => job.devices.map((d) => d.deviceId)).sort();

for (const ext of ['xlsx', 'csv', 'json'] as const) {
  test(`${ext}: the fixed rows go into the results file they came from, in place; Runs counts attempts; summary, report and status follow`, async (t) => {
    const sim = await simulator(t);
    const dir = tempDir(t);
    const input = writeSheet(dir);
    const results = join(dir, `devices.results.${ext}`);
    const failures = join(dir, 'fix.csv');
    const first = await runCli(['apply', input, '--out', results, '--wait', '--wait-timeout', '60', '--failures', failures, '--ticket', 'INC-1', '--quiet'], { env: envOf(sim) });
    assert.equal(first.code, 1, first.stderr);
    // The run names the command that records the fixed rows.
    assert.ok(first.stdout.includes(`device-policy apply ${failures} --into ${results}`), first.stdout);
    fix(failures);
    const sentBefore = patches(sim).length;

    const report = join(dir, 'ticket.md');
    const second = await runCli(['apply', failures, '--into', results, '--wait', '--wait-timeout', '60', '--report', report, '--json'], { env: envOf(sim) });
    // The 808 device fails again: one row still needs the ticket's attention.
    assert.equal(second.code, 1, second.stderr);
    assert.deepEqual(patches(sim).slice(sentBefore).length, 3, 'only the three rows of the failures file are sent');
    assert.ok(!existsSync(join(dir, 'fix.results.xlsx')), 'no second results file');
    assert.ok(!existsSync(`${results}.journal`), 'the journal is done');

    const back = await readResultsFile(results);
    assert.deepEqual(back.headers, ['Customer ID', 'Device ID', 'Policy ID', 'Serial Number', 'Notes']);
    assert.deepEqual(back.layout.runs, true);
    const rows = back.rows.map((r) => [r.result.row, r.result.status, r.result.runs, r.input[2] === POLICY, r.input[4]]);
    assert.deepEqual(rows, [
      [2, 'applied', 1, true, 'note 1'],
      [3, 'applied', 1, true, 'note 2'],
      [4, 'applied', 2, true, 'note 3 (fixed)'],
      [5, 'applied', 1, true, 'note 4'],
      [6, 'failed', 2, true, 'note 5'],
      [7, 'applied', 2, true, 'note 6'],
      [8, 'applied', 1, true, 'note 7'],
      [9, 'applied', 1, true, 'note 8'],
    ]);

    // The summary is the whole file's; the run's facts are this run's, the first run kept as history.
    assert.ok(validate(JSON.parse(second.stdout)), JSON.stringify(validate.errors));
    const json = JSON.parse(second.stdout) as { byStatus: Record<string, number>; rows: number; output: string; input: string; ticket?: string; history?: Array<{ input: string; rows: number }>; attention: Array<{ row: number }> };
    assert.deepEqual([json.rows, json.byStatus['applied'], json.byStatus['failed'], json.byStatus['invalid']], [8, 7, 1, 0]);
    assert.equal(json.output, results);
    assert.equal(json.input, failures);
    // A CSV has nowhere to keep a summary: the ticket and the earlier runs are known from XLSX and JSON only.
    const summarised = ext !== 'csv';
    assert.equal(json.ticket, summarised ? 'INC-1' : undefined, 'the ticket the results file records');
    assert.deepEqual(json.history?.map((h) => [h.input, h.rows]), [...(summarised ? [[input, 8]] : []), [failures, 3]]);
    assert.deepEqual(json.attention.map((a) => a.row), [6]);
    if (back.summary !== undefined) assert.deepEqual(back.summary.byStatus, json.byStatus as typeof back.summary.byStatus);

    // The report is the whole file's too, with the ticket in its title.
    assert.match(readFileSync(report, 'utf8').split('\n')[0] ?? '', summarised ? /^# INC-1: 7 devices applied, 1 failed, 0 pending, 0 not sent, 0 invalid/ : /^# 7 devices applied, 1 failed/);

    // `status` on the merged file works as on any other, and agrees.
    const status = await runCli(['status', results, '--json', '--quiet'], { env: envOf(sim) });
    assert.equal(status.code, 1, status.stderr);
    assert.deepEqual((JSON.parse(status.stdout) as { byStatus: Record<string, number> }).byStatus, json.byStatus);
    assert.deepEqual((await readResultsFile(results)).rows.map((r) => r.result.runs), [1, 1, 2, 1, 2, 2, 1, 1]);
  });
}

test('the XLSX a ticket reader opens after --into: Row, Status, Detail first, Runs, the Summary of the whole file with its runs', async (t) => {
  const sim = await simulator(t);
  const dir = tempDir(t);
  const results = join(dir, 'devices.results.xlsx');
  const failures = join(dir, 'fix.csv');
  await runCli(['apply', writeSheet(dir), '--wait', '--failures', failures, '--quiet'], { env: envOf(sim) });
  fix(failures);
  const run = await runCli(['apply', failures, '--into', results, '--wait', '--quiet'], { env: envOf(sim) });
  assert.equal(run.code, 1, run.stderr);
  void sim;
  const book = await readXlsxResults(results);
  assert.deepEqual(book.headers.slice(0, 3), ['Row', 'Status', 'Detail']);
  assert.ok(book.headers.indexOf('Runs') > book.headers.indexOf('Checked At'), book.headers.join(', '));
  assert.deepEqual(book.rows.map((r) => cellText(r['Runs'])), ['1', '1', '2', '1', '2', '2', '1', '1']);
  assert.equal(book.summary.get('applied'), 7);
  assert.equal(book.summary.get('failed'), 1);
  assert.equal(book.summary.get('invalid'), 0);
});

test('refused before anything is sent (exit 2): rows RESULTS lacks, a sheet without Row, a file that is not results, --out beside --into, a journal of another run', async (t) => {
  const sim = await simulator(t);
  const dir = tempDir(t);
  const input = writeSheet(dir);
  const results = join(dir, 'devices.results.csv');
  const failures = join(dir, 'fix.csv');
  await runCli(['apply', input, '--out', results, '--failures', failures, '--quiet'], { env: envOf(sim) });
  const before = readFileSync(results, 'utf8');
  const sent = sim.requests.length;
  const refused = async (args: string[], pattern: RegExp): Promise<void> => {
    const run = await runCli(['apply', ...args, '--quiet'], { env: envOf(sim) });
    assert.equal(run.code, 2, `${args.join(' ')}\n${run.stderr}`);
    assert.match(run.stderr, pattern);
  };

  // A row number the results file does not hold (the wrong results file, or an edited Row cell).
  writeFileSync(join(dir, 'wrong-row.csv'), readFileSync(failures, 'utf8').replace(/^\uFEFF?(Row[^\r\n]*\r\n)4,/m, (_, header: string) => `\uFEFF${header}40,`));
  await refused([join(dir, 'wrong-row.csv'), '--into', results], /has no row 40/);
  // A sheet that is not a failures or results file: its rows cannot be matched.
  await refused([input, '--into', results], /no Row, Status and Detail columns/);
  // A column the results file has not: its cells would be lost.
  // Inserted before Results File (and the Input Check after it), whose cells hold no commas.
  const lines = readFileSync(failures, 'utf8').split('\r\n');
  const header = (lines[0] ?? '').split(',');
  const after = header.length - header.indexOf('Results File');
  const extra = lines.map((line, i) => {
    if (line === '') return line;
    const fields = line.split(',');
    fields.splice(fields.length - after, 0, i === 0 ? 'Asset Tag' : 'A-1');
    return fields.join(',');
  }).join('\r\n');
  writeFileSync(join(dir, 'extra.csv'), extra);
  await refused([join(dir, 'extra.csv'), '--into', results], /columns .* has not \("Asset Tag"\)/);
  // Not a results file at all.
  await refused([failures, '--into', input], /not a results file/);
  await refused([failures, '--into', results, '--out', join(dir, 'other.csv')], /give one of them/);
  // An unfinished run of another input beside the results file: its journal is not written over.
  writeFileSync(`${results}.journal`, `${JSON.stringify({ kind: 'header', version: 2, inputSha256: 'a'.repeat(64), out: results, correlationId: 'c', startedAt: '2025-01-01T00:00:00Z' })}\n`);
  await refused([failures, '--into', results], /unfinished run of another input.*--restart/);

  assert.equal(sim.requests.length, sent, 'nothing was sent');
  assert.equal(readFileSync(results, 'utf8'), before, 'the results file is as it was');
});

test('a fix run killed mid-way leaves the results file as it was; the same command finishes it, sending nothing twice and counting one attempt', async (t) => {
  let hold: (() => void) | undefined;
  let holding = true;
  let arrived: () => void = () => {};
  const reached = new Promise<void>((resolve) => (arrived = resolve));
  const sim = await simulator(t, (ms, signal) => {
    const last = sim.requests.at(-1);
    if (holding && last?.method === 'PATCH' && last.status === undefined && /fix/.test(currentRun)) {
      arrived();
      return new Promise<void>((resolve) => (hold = resolve));
    }
    return delay(ms, undefined, { signal });
  });
  let currentRun = 'first';
  const dir = tempDir(t);
  const results = join(dir, 'devices.results.json');
  const failures = join(dir, 'fix.csv');
  await runCli(['apply', writeSheet(dir), '--out', results, '--failures', failures, '--quiet'], { env: envOf(sim) });
  fix(failures);
  const before = readFileSync(results, 'utf8');

  currentRun = 'fix';
  const command = ['apply', failures, '--into', results, '--quiet', '--chunk-size', '1', '--concurrency', '1'];
  const killed = startCli(command, { env: envOf(sim) });
  await reached;
  killed.kill('SIGKILL');
  await killed.result;
  assert.equal(readFileSync(results, 'utf8'), before, 'the results file is untouched');
  assert.ok(existsSync(`${results}.journal`), 'the journal beside it holds the request in flight');
  holding = false;
  hold?.();

  const again = await runCli(command, { env: envOf(sim) });
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /sent again first, under (?:its|their) recorded MS-RequestIds?/);
  const sent = sim.requests.filter((r) => r.method === 'PATCH').map((r) => r.headers['ms-requestid']);
  assert.equal(new Set(sent).size, 1 + 2, "the first run's request and one per fixed row, the killed one sent again under its own ID");
  const back = await readResultsFile(results);
  assert.deepEqual(back.rows.map((r) => [r.result.row, r.result.status, r.result.runs]), [
    [2, 'accepted', 1], [3, 'accepted', 1], [4, 'accepted', 2], [5, 'accepted', 1], [6, 'accepted', 1], [7, 'accepted', 2], [8, 'accepted', 1], [9, 'accepted', 1],
  ]);
  assert.ok(!existsSync(`${results}.journal`));
});
