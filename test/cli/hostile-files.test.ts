// Odd files from outside the company, end to end through the built CLI: what a German Excel saves, a
// header with nothing under it, formula cells, spreadsheet errors in ID columns. Each ends with a
// clear exit code and message, never a stack trace, and nothing written can run as a formula.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import ExcelJS from '../../src/vendor/exceljs.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';
import { parseJson, readCsvResults, type SummaryJson } from '../helpers/results.js';

const CUSTOMER = 'c7f3c849-129f-4b85-a96d-4f8e88b315a3';
const POLICY = '15a04610-9229-4e80-94e0-0e826a09c9e2';

function assertNoStack(stderr: string): void {
  assert.doesNotMatch(stderr, /\n\s+at .+[(:]\d+/, 'no stack trace');
}

test("a ';' CSV in Windows-1252 gives ';' results with the umlauts intact, formulas defused, and the encoding in the summary", async (t) => {
  const dir = tempDir(t);
  const input = join(dir, 'geräte.csv');
  const text =
    `Kunde;Customer ID;Device ID;Policy ID;Bemerkung\r\n` +
    `Müller GmbH;${CUSTOMER};DEV-1;${POLICY};"=HYPERLINK(""http://evil.example"";""klick"")"\r\n` +
    `Müller GmbH;${CUSTOMER};DEV-2;${POLICY};+cmd|' /C calc'!A0\r\n` +
    `Müller GmbH;${CUSTOMER};-DEV-3;${POLICY};@SUM(1)\r\n`;
  await writeFile(input, Buffer.from(text, 'latin1'));
  const out = join(dir, 'results.csv');
  const r = await runCli(['apply', input, '--dry-run', '--out', out, '--json', '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  const summary = parseJson<SummaryJson & { encoding?: string }>(r.stdout, 'summary');
  assert.equal(summary.encoding, 'Windows-1252');
  const bytes = await readFile(out);
  const firstLine = bytes.toString('utf8').split('\r\n')[0] ?? '';
  assert.ok(firstLine.startsWith('\uFEFFRow;Status;Detail;Kunde;Customer ID;Device ID;Policy ID;Bemerkung;Batch Job URI'), firstLine);
  const csv = await readCsvResultsWith(out, ';');
  // The input's columns follow Row, Status and Detail.
  assert.equal(csv[1]?.[3], 'Müller GmbH');
  // Every cell a spreadsheet would run is prefixed with an apostrophe, the device ID included.
  assert.equal(csv[1]?.[7], `'=HYPERLINK("http://evil.example";"klick")`);
  assert.equal(csv[2]?.[7], "'+cmd|' /C calc'!A0");
  assert.equal(csv[3]?.[5], "'-DEV-3");
  assert.equal(csv[3]?.[7], "'@SUM(1)");
  for (const record of csv) for (const value of record) assert.doesNotMatch(value, /^[=+\-@\t\r]/);
});

async function readCsvResultsWith(path: string, delimiter: string): Promise<string[][]> {
  const { parse } = await import('csv-parse/sync');
  return parse(await readFile(path), { bom: true, delimiter }) as string[][];
}

test('a non-CSV input gives comma-separated CSV results', async (t) => {
  const dir = tempDir(t);
  const input = join(dir, 'devices.txt');
  await writeFile(input, `Customer ID\tDevice ID\tPolicy ID\r\n${CUSTOMER}\tDEV-1\t${POLICY}\r\n`);
  const out = join(dir, 'results.csv');
  const r = await runCli(['apply', input, '--dry-run', '--out', out, '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  // A tab input keeps its tabs (its dialect); the comma is the default for XLSX and JSON input.
  assert.ok((await readFile(out, 'utf8')).startsWith('\uFEFFRow\tStatus\tDetail\tCustomer ID\tDevice ID\tPolicy ID\tBatch Job URI'));
  const json = join(dir, 'results.json');
  assert.equal((await runCli(['apply', input, '--dry-run', '--out', json, '--quiet'])).code, 0);
  const again = join(dir, 'again.csv');
  const r2 = await runCli(['apply', json, '--dry-run', '--out', again, '--quiet']);
  assert.equal(r2.code, 0, r2.stderr);
  const back = await readCsvResults(again);
  assert.ok(back.bom);
  assert.deepEqual(back.headers.slice(0, 7), ['Row', 'Status', 'Detail', 'Customer ID', 'Device ID', 'Policy ID', 'Batch Job URI']);
});

test('a header with no data rows: exit 2, "no data rows in FILE"', async (t) => {
  const dir = tempDir(t);
  for (const [name, body] of [
    ['empty-rows.csv', 'Customer ID,Device ID,Policy ID\r\n,,\r\n\r\n'],
    ['header-only.csv', 'Customer ID,Device ID,Policy ID'],
  ] as const) {
    const input = join(dir, name);
    await writeFile(input, body);
    const r = await runCli(['apply', input, '--dry-run', '--out', join(dir, `${name}.xlsx`)]);
    assert.equal(r.code, 2, name);
    assert.match(r.stderr, new RegExp(`no data rows in ${input.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')} \\(header on row 1\\)`), name);
    assertNoStack(r.stderr);
  }
});

test('spreadsheet errors in ID columns make the row invalid, naming the error', async (t) => {
  const dir = tempDir(t);
  const input = join(dir, 'errors.csv');
  await writeFile(input, `Customer ID,Device ID,Policy ID\r\n${CUSTOMER},#N/A,${POLICY}\r\n#REF!,DEV-2,${POLICY}\r\n${CUSTOMER},DEV-3,${POLICY}\r\n`);
  const out = join(dir, 'errors.csv.json');
  const r = await runCli(['apply', input, '--dry-run', '--out', out, '--quiet']);
  assert.equal(r.code, 1, r.stderr);
  const doc = parseJson<{ rows: Array<{ row: number; status: string; detail: string }> }>(await readFile(out, 'utf8'), 'results');
  assert.deepEqual(doc.rows.map((x) => x.status), ['invalid', 'invalid', 'planned']);
  assert.match(doc.rows[0]?.detail ?? '', /Device ID is the spreadsheet error #N\/A/);
  assert.match(doc.rows[1]?.detail ?? '', /Customer ID is the spreadsheet error #REF!/);
});

test('10,000 columns: read and written back whole; a header without the required columns is listed in a message that fits a screen', async (t) => {
  const dir = tempDir(t);
  const filler = Array.from({ length: 9997 }, (_, i) => `Extra ${i + 1}`);
  const input = join(dir, 'wide.csv');
  await writeFile(input, `${[...filler, 'Customer ID', 'Device ID', 'Policy ID'].join(',')}\r\n${[...filler.map(() => 'x'), CUSTOMER, 'DEV-1', POLICY].join(',')}\r\n`);
  const out = join(dir, 'wide.results.csv');
  const r = await runCli(['apply', input, '--dry-run', '--out', out, '--quiet']);
  assert.equal(r.code, 0, r.stderr.slice(0, 2000));
  const back = await readCsvResults(out);
  assert.equal(back.headers.length, 10_000 + 13);
  assert.equal(back.rows[0]?.['Status'], 'planned');

  const unrelated = join(dir, 'unrelated.csv');
  await writeFile(unrelated, `${Array.from({ length: 10_000 }, (_, i) => `Column ${i + 1}`).join(',')}\r\n${'x,'.repeat(9_999)}x\r\n`);
  const refused = await runCli(['apply', unrelated, '--dry-run', '--out', join(dir, 'u.xlsx')]);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /"Column 1", "Column 2", .* and 9,960 more/);
  assert.ok(refused.stderr.length < 3000, `${refused.stderr.length} characters`);
  assertNoStack(refused.stderr);
});

test('a 10 MB cell: a CSV row past the record limit is refused naming the row; in a workbook the row is invalid, its Detail short', async (t) => {
  const dir = tempDir(t);
  const huge = 'Z'.repeat(10 * 1024 * 1024);
  const input = join(dir, 'huge.csv');
  await writeFile(input, `Customer ID,Device ID,Policy ID\r\n${CUSTOMER},DEV-1,${POLICY}\r\n${CUSTOMER},${huge},${POLICY}\r\n`);
  const r = await runCli(['apply', input, '--dry-run', '--out', join(dir, 'r.xlsx')]);
  assert.equal(r.code, 2, r.stderr.slice(0, 500));
  assert.ok(r.stderr.includes(`${input}: row 3 is longer than 1,000,000 characters`), r.stderr.slice(0, 500));
  assertNoStack(r.stderr);

  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Devices');
  sheet.addRow(['Customer ID', 'Device ID', 'Policy ID']);
  sheet.addRow([CUSTOMER, 'DEV-1', POLICY]);
  sheet.addRow([CUSTOMER, huge, POLICY]);
  const book = join(dir, 'huge.xlsx');
  await workbook.xlsx.writeFile(book);
  const out = join(dir, 'huge.results.json');
  const w = await runCli(['apply', book, '--dry-run', '--out', out, '--quiet']);
  assert.equal(w.code, 1, w.stderr.slice(0, 500));
  const doc = parseJson<{ rows: Array<{ status: string; detail: string; input: Record<string, string> }> }>(await readFile(out, 'utf8'), 'results');
  assert.equal(doc.rows[1]?.status, 'invalid');
  assert.match(doc.rows[1]?.detail ?? '', /is 10485760 characters long; at most 256/);
  assert.ok((doc.rows[1]?.detail.length ?? 0) < 300, 'the Detail quotes the value shortened');
  assert.equal(doc.rows[1]?.input['Device ID']?.length, huge.length, 'the cell itself is kept whole');
});

test('a results CSV given back as input gives its cells back without the apostrophes: no second one in the next results', async (t) => {
  const dir = tempDir(t);
  const input = join(dir, 'devices.csv');
  await writeFile(input, `Customer ID,Device ID,Policy ID,=Note\r\n${CUSTOMER},DEV-1,${POLICY},=1+1\r\n${CUSTOMER},DEV-2,${POLICY},'=quoted\r\n`);
  const first = join(dir, 'first.csv');
  assert.equal((await runCli(['apply', input, '--dry-run', '--out', first, '--quiet'])).code, 0);
  const second = join(dir, 'second.csv');
  const r = await runCli(['apply', first, '--dry-run', '--out', second, '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual((await readCsvResults(second)).cells.map((c) => c.slice(0, 4)), (await readCsvResults(first)).cells.map((c) => c.slice(0, 4)));
  const json = join(dir, 'second.json');
  assert.equal((await runCli(['apply', first, '--dry-run', '--out', json, '--quiet'])).code, 0);
  const doc = parseJson<{ rows: Array<{ input: Record<string, string> }> }>(await readFile(json, 'utf8'), 'results');
  assert.deepEqual(doc.rows.map((x) => x.input['=Note']), ['=1+1', "'=quoted"]);
});
