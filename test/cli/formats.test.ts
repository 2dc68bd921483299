// The same dry run written as .xlsx, .csv and .json (format by extension, SPEC §2 apply --out): each
// holds the same rows, statuses and input cells. Plus what the results must never do to the input:
// lose a header clash, turn text into a formula, or land anywhere but beside the input by default.
import assert from 'node:assert/strict';
import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, before, after, it, test } from 'node:test';
import ExcelJS from '../../src/vendor/exceljs.js';
import { runCli } from '../helpers/cli.js';
import { FIXTURES, tempDir } from '../helpers/paths.js';
import {
  cellText, readCsvResults, readJsonResults, readXlsxResults, resultsHeaders, inputHeadersOf, LEAD_HEADERS, TRAIL_HEADERS, CHECKED_TRAIL_HEADERS, STATUSES,
  type CsvResults, type JsonResults, type XlsxResults,
} from '../helpers/results.js';

const CONTOSO = 'c7f3c849-129f-4b85-a96d-4f8e88b315a3';
const POLICY = '15a04610-9229-4e80-94e0-0e826a09c9e2';

/** Line breaks inside a cell: the XLSX (being XML) reads CRLF back as LF; the CSV and JSON keep them. */
const sameText = (s: string): string => s.replace(/\r\n?/g, '\n');

async function dryRunTo(out: string, file: string): Promise<void> {
  const cli = await runCli(['apply', file, '--dry-run', '--quiet', '--out', out]);
  assert.ok(cli.code === 0 || cli.code === 1, `exit ${String(cli.code)}: ${cli.stderr}`);
}

const DELIMITER: Record<string, string> = { 'sample-devices.xlsx': ',', 'european-export.csv': ';', 'utf16-tab-export.csv': '\t' };
/** The result columns after the input's: with Input Check for the fixtures holding a row invalid by its own cells. */
const TRAIL: Record<string, readonly string[]> = {
  'sample-devices.xlsx': CHECKED_TRAIL_HEADERS, 'european-export.csv': CHECKED_TRAIL_HEADERS, 'utf16-tab-export.csv': TRAIL_HEADERS,
};

for (const name of ['sample-devices.xlsx', 'european-export.csv', 'utf16-tab-export.csv']) {
  describe(`a dry run of ${name} written as .xlsx, .csv and .json`, () => {
    let xlsx: XlsxResults;
    let csv: CsvResults;
    let json: JsonResults;
    before(async () => {
      const dir = tempDir({ after });
      const file = join(FIXTURES, name);
      await Promise.all(['xlsx', 'csv', 'json'].map((ext) => dryRunTo(join(dir, `r.${ext}`), file)));
      [xlsx, csv, json] = await Promise.all([readXlsxResults(join(dir, 'r.xlsx')), readCsvResults(join(dir, 'r.csv')), readJsonResults(join(dir, 'r.json'))]);
    });

    it('CSV: UTF-8 with a BOM, the same header as the XLSX (Row, Status, Detail, input headers, Batch Job URI, …)', () => {
      assert.equal(csv.bom, true);
      // In the input's dialect: ';' for the European export, tabs for the UTF-16 one, ',' for a workbook.
      assert.equal(csv.delimiter, DELIMITER[name]);
      assert.deepEqual(csv.headers, xlsx.headers);
      const trail = TRAIL[name] ?? TRAIL_HEADERS;
      assert.deepEqual(csv.headers, resultsHeaders(inputHeadersOf(csv.headers, trail), trail));
      assert.deepEqual(csv.headers.slice(0, LEAD_HEADERS.length), [...LEAD_HEADERS]);
      assert.deepEqual(csv.headers.slice(-trail.length), [...trail]);
    });

    it('CSV: the same rows, statuses and details as the XLSX', () => {
      const pick = (row: Record<string, unknown>): string[] => ['Row', 'Status', 'Detail'].map((h) => String(row[h] ?? ''));
      assert.deepEqual(csv.rows.map(pick), xlsx.rows.map(pick));
    });

    it('CSV: every input cell as the XLSX shows it', () => {
      const trail = TRAIL[name] ?? TRAIL_HEADERS;
      const inputs = (cells: readonly unknown[]): unknown[] => cells.slice(LEAD_HEADERS.length, cells.length - trail.length);
      csv.cells.forEach((row, i) => {
        const fromXlsx = inputs(xlsx.cells[i] ?? []).map((v) => cellText(v as Parameters<typeof cellText>[0]));
        assert.deepEqual(inputs(row).map((v) => sameText(String(v))), fromXlsx, `data row ${i + 1}`);
      });
    });

    it('JSON: {summary, rows: [{row, status, detail, input}]} with the same rows as the XLSX', () => {
      assert.deepEqual(
        json.rows.map((r) => [r.row, r.status, r.detail ?? '']),
        xlsx.rows.map((r) => [r['Row'], r['Status'], cellText(r['Detail'])]),
      );
      assert.equal(json.summary.rows, xlsx.rows.length);
      for (const status of STATUSES) assert.equal(json.summary.byStatus[status], xlsx.summary.get(status), status);
      assert.equal(json.summary.requests, xlsx.summary.get('Requests'));
    });

    it('JSON: input holds the original cells by header', () => {
      const inputHeaders = inputHeadersOf(xlsx.headers, TRAIL[name] ?? TRAIL_HEADERS);
      json.rows.forEach((r, i) => {
        assert.deepEqual(Object.keys(r.input), inputHeaders, `row ${r.row} keys`);
        const fromXlsx = inputHeaders.map((h) => cellText(xlsx.rows[i]?.[h]));
        assert.deepEqual(Object.values(r.input).map(sameText), fromXlsx, `row ${r.row} cells`);
      });
    });
  });
}

test('an input column named like a result column is kept as "<header> (input)" in every format', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'devices.csv');
  await writeFile(file, `Customer ID,Device ID,Policy ID,Status,Detail\r\n${CONTOSO},DEV-1,${POLICY},new,from the vendor\r\n`);
  await Promise.all(['xlsx', 'csv', 'json'].map((ext) => dryRunTo(join(dir, `r.${ext}`), file)));

  const headers = resultsHeaders(['Customer ID', 'Device ID', 'Policy ID', 'Status (input)', 'Detail (input)']);
  const xlsx = await readXlsxResults(join(dir, 'r.xlsx'));
  assert.deepEqual(xlsx.headers, headers);
  assert.equal(xlsx.rows[0]?.['Status (input)'], 'new');
  assert.equal(xlsx.rows[0]?.['Status'], 'planned');
  assert.equal(xlsx.rows[0]?.['Detail (input)'], 'from the vendor');

  const csv = await readCsvResults(join(dir, 'r.csv'));
  assert.deepEqual(csv.headers, headers);
  assert.equal(csv.rows[0]?.['Status (input)'], 'new');
  assert.equal(csv.rows[0]?.['Status'], 'planned');

  const json = await readJsonResults(join(dir, 'r.json'));
  assert.equal(json.rows[0]?.status, 'planned');
  assert.equal(json.rows[0]?.input['Status (input)'], 'new');
});

test('input text that looks like a formula or a number stays that text in the XLSX', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'devices.csv');
  const tricky = ['=1+1', '00123', '1234567890123456789', '+49 30 1234', '@SUM(A1)', '-5', 'TRUE'];
  const lines = ['Customer ID,Device ID,Policy ID,Notes', ...tricky.map((notes, i) => `${CONTOSO},DEV-${i},${POLICY},"${notes}"`)];
  await writeFile(file, `${lines.join('\r\n')}\r\n`);
  const out = join(dir, 'r.xlsx');
  await dryRunTo(out, file);

  // Straight through exceljs, cell by cell: a formula would come back as {formula}, a number as a number.
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(out);
  const ws = workbook.getWorksheet('Results');
  assert.ok(ws);
  // Notes is the fourth input column, after Row, Status and Detail.
  tricky.forEach((text, i) => {
    const cell = ws.getCell(i + 2, 7);
    assert.equal(cell.type, ExcelJS.ValueType.String, `${cell.address} (${text}) is text`);
    assert.equal(cell.value, text);
    assert.equal(cell.formula, undefined, `${cell.address} is no formula`);
  });
  const results = await readXlsxResults(out);
  assert.deepEqual(results.rows.map((r) => r['Status']), tricky.map(() => 'planned'));
});

test('without --out the results go beside the input as <input stem>.results.xlsx', async (t) => {
  const dir = tempDir(t);
  const elsewhere = tempDir(t);
  const file = join(dir, 'Lieferung März.v2.csv');
  await copyFile(join(FIXTURES, 'european-export.csv'), file);
  const cli = await runCli(['apply', file, '--dry-run', '--quiet'], { cwd: elsewhere });
  assert.equal(cli.code, 1, cli.stderr);
  assert.deepEqual((await readdir(dir)).sort(), ['Lieferung März.v2.csv', 'Lieferung März.v2.results.xlsx']);
  assert.deepEqual(await readdir(elsewhere), [], 'nothing written in the working folder');
  const results = await readXlsxResults(join(dir, 'Lieferung März.v2.results.xlsx'));
  assert.equal(results.rows.length, 7);
});

test('without --out, a relative input path in a subfolder puts the results in that subfolder', async (t) => {
  const dir = tempDir(t);
  await mkdir(join(dir, 'in'));
  await copyFile(join(FIXTURES, 'edge', 'streamed-order.xlsx'), join(dir, 'in', 'devices.xlsx'));
  const cli = await runCli(['apply', join('in', 'devices.xlsx'), '--dry-run', '--quiet'], { cwd: dir });
  assert.equal(cli.code, 0, cli.stderr);
  assert.deepEqual(await readdir(dir), ['in']);
  assert.deepEqual((await readdir(join(dir, 'in'))).sort(), ['devices.results.xlsx', 'devices.xlsx']);
  // The input stays an input: its own workbook, not replaced by the results.
  const input = new ExcelJS.Workbook();
  await input.xlsx.readFile(join(dir, 'in', 'devices.xlsx'));
  assert.deepEqual(input.worksheets.map((w) => w.name), ['Notes', 'Devices']);
});
