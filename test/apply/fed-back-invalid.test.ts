// Fed-back results keep what was wrong. An ID Excel stored as the number 1230000000000000 (its digits
// may be lost) is invalid; the results file holds its cell as the text "1230000000000000", which alone
// would pass. The Input Check column (a fingerprint of the row's cells) keeps the row invalid, for the
// same reason, until a cell of it changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from '../../src/vendor/exceljs.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';
import { readXlsxResults } from '../helpers/results.js';
import { CUSTOMERS, POLICY, readJsonResults } from './inputs.js';

const STORED_AS_NUMBER = 'Device ID stored as a number; digits may be lost: format the column as Text and re-enter';

async function sheetWithNumberId(path: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Devices');
  sheet.addRow(['Customer ID', 'Device ID', 'Policy ID', 'Serial Number']);
  sheet.addRow([CUSTOMERS[0], 'DEV-00001', POLICY, 'SN-1']);
  // What Excel keeps of 1.23E+15 typed into a General cell: a number.
  sheet.addRow([CUSTOMERS[0], 1230000000000000, POLICY, 'SN-2']);
  // Invalid for want of a lookup (--offline), not by its cells: checked again when fed back.
  sheet.addRow([CUSTOMERS[0], '', POLICY, 'SN-3']);
  await workbook.xlsx.writeFile(path);
}

test('a mangled ID stays invalid however often its results are fed back, until its cell changes', async (t) => {
  const dir = tempDir(t);
  const input = join(dir, 'devices.xlsx');
  await sheetWithNumberId(input);
  const first = join(dir, 'first.results.xlsx');
  const run1 = await runCli(['apply', input, '--dry-run', '--offline', '--out', first, '--quiet']);
  assert.equal(run1.code, 1, run1.stderr);
  const written = await readXlsxResults(first);
  assert.equal(written.headers.at(-1), 'Input Check');
  assert.deepEqual(written.rows.map((r) => [r['Device ID'], r['Status']]), [['DEV-00001', 'planned'], ['1230000000000000', 'invalid'], [null, 'invalid']]);
  assert.equal(written.rows[1]?.['Detail'], STORED_AS_NUMBER);
  assert.match(String(written.rows[1]?.['Input Check']), /^[0-9a-f]{16}$/);
  assert.equal(written.rows[0]?.['Input Check'] ?? null, null, 'a planned row has none');
  assert.equal(written.rows[2]?.['Input Check'] ?? null, null, 'a row that only wanted a lookup has none');

  // Fed back as XLSX, then as CSV, then the CSV of that: the row stays invalid with its first reason.
  const second = join(dir, 'second.results.csv');
  const run2 = await runCli(['apply', first, '--dry-run', '--offline', '--out', second, '--quiet']);
  assert.equal(run2.code, 1, run2.stderr);
  const third = join(dir, 'third.results.json');
  const run3 = await runCli(['apply', second, '--dry-run', '--offline', '--out', third, '--quiet']);
  assert.equal(run3.code, 1, run3.stderr);
  const rows = readJsonResults(third).rows as Array<{ row: number; status: string; detail: string; inputCheck?: string; input: Record<string, string> }>;
  assert.deepEqual(rows.map((r) => [r.row, r.status]), [[2, 'planned'], [3, 'invalid'], [4, 'invalid']]);
  assert.equal(rows[1]?.detail, STORED_AS_NUMBER, 'never "planned" with a made-up ID');
  assert.equal(rows[1]?.inputCheck, written.rows[1]?.['Input Check']);

  // The user re-enters the ID as text: the row is checked afresh, and passes.
  const fixed = join(dir, 'fixed.csv');
  writeFileSync(fixed, readFileSync(second, 'utf8').replace('1230000000000000', '1234567890123456'));
  const run4 = await runCli(['apply', fixed, '--dry-run', '--offline', '--out', join(dir, 'fourth.results.json'), '--quiet']);
  const after = readJsonResults(join(dir, 'fourth.results.json')).rows;
  assert.deepEqual(after.map((r) => r.status), ['planned', 'planned', 'invalid'], run4.stderr);
});

test('the failures file carries the Input Check too, so fixing from it works the same way', async (t) => {
  const dir = tempDir(t);
  const input = join(dir, 'devices.xlsx');
  await sheetWithNumberId(input);
  const failures = join(dir, 'fix.csv');
  const run1 = await runCli(['apply', input, '--dry-run', '--offline', '--out', join(dir, 'r.xlsx'), '--failures', failures, '--quiet']);
  assert.equal(run1.code, 1, run1.stderr);
  const header = readFileSync(failures, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/)[0];
  assert.match(header ?? '', /^Row,Status,Detail,.*,Results File,Input Check$/);
  const again = join(dir, 'again.json');
  await runCli(['apply', failures, '--dry-run', '--offline', '--out', again, '--quiet']);
  const rows = readJsonResults(again).rows;
  assert.deepEqual(rows.map((r) => [r.row, r.status, r.detail]).slice(0, 1), [[3, 'invalid', STORED_AS_NUMBER]]);
});

test('a row invalid for a cell an option now fills (--customer, --policy, --map) is checked afresh when fed back; the mangled ID stays invalid whatever the options', async (t) => {
  const dir = tempDir(t);
  const input = join(dir, 'devices.xlsx');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Devices');
  sheet.addRow(['Customer ID', 'Device ID', 'Policy ID', 'Tenant Ref']);
  sheet.addRow(['', 'DEV-00001', POLICY, CUSTOMERS[0]]);
  sheet.addRow([CUSTOMERS[0], 'DEV-00002', '', '']);
  sheet.addRow([CUSTOMERS[0], 1230000000000000, POLICY, '']);
  await workbook.xlsx.writeFile(input);
  const results = join(dir, 'r.csv');
  const failures = join(dir, 'fix.csv');
  const run1 = await runCli(['apply', input, '--dry-run', '--offline', '--out', results, '--failures', failures, '--quiet']);
  assert.equal(run1.code, 1, run1.stderr);
  const rowsOf = (path: string): string[][] => readJsonResults(path).rows.map((r) => [String(r.row), r.status, r.detail]);

  // The same options: every row stays invalid, the mangled ID with its reason although it now reads as text.
  const same = join(dir, 'same.json');
  await runCli(['apply', failures, '--dry-run', '--offline', '--out', same, '--quiet']);
  assert.deepEqual(rowsOf(same).map((r) => r.slice(0, 2)), [['2', 'invalid'], ['3', 'invalid'], ['4', 'invalid']]);
  assert.match(rowsOf(same)[2]?.[2] ?? '', /stored as a number/);

  // What the Detail says to do, done: --customer and --policy fill the empty cells, and those rows pass.
  const given = join(dir, 'given.json');
  await runCli(['apply', failures, '--dry-run', '--offline', '--out', given, '--customer', CUSTOMERS[0], '--policy', POLICY, '--quiet']);
  assert.deepEqual(rowsOf(given).map((r) => r.slice(0, 2)), [['2', 'planned'], ['3', 'planned'], ['4', 'invalid']]);
  assert.match(rowsOf(given)[2]?.[2] ?? '', /stored as a number/, 'never planned with a made-up ID');

  // Another column read as the customer (--map): the row is checked afresh too.
  const mapped = join(dir, 'mapped.json');
  await runCli(['apply', results, '--dry-run', '--offline', '--out', mapped, '--map', 'customer=Tenant Ref', '--quiet']);
  assert.deepEqual(rowsOf(mapped)[0]?.slice(0, 2), ['2', 'planned']);
});
