// `device-policy template FILE`: a blank sheet the dry run reads as it is. The test fills one row the way
// a user would (Excel for the XLSX, a text editor for the CSV) and checks that the row is planned.
import assert from 'node:assert/strict';
import { appendFile, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import ExcelJS from '../../src/vendor/exceljs.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';
import { readXlsxResults, resultsHeaders, TRAIL_HEADERS } from '../helpers/results.js';

const CUSTOMER = 'c7f3c849-129f-4b85-a96d-4f8e88b315a3';
const DEVICE = '9993-8627-3608-6844-6369-4361-72';
const POLICY = '15a04610-9229-4e80-94e0-0e826a09c9e2';

/** One device typed into the template's first empty row, under the columns of its header. */
const FILLED: Record<string, string> = { 'Customer ID': CUSTOMER, 'Device ID': DEVICE, 'Policy ID': POLICY };

async function fillXlsx(path: string): Promise<string[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const ws = workbook.worksheets[0];
  assert.ok(ws, 'the template has a sheet');
  const header = ws.getRow(1).values;
  assert.ok(Array.isArray(header));
  const headers = header.slice(1).map((v) => String(v));
  headers.forEach((h, i) => {
    ws.getCell(2, i + 1).value = FILLED[h] ?? null;
  });
  await workbook.xlsx.writeFile(path);
  return headers;
}

async function fillCsv(path: string): Promise<string[]> {
  const text = (await readFile(path, 'utf8')).replace(/^\ufeff/, '');
  const headers = text.split(/\r?\n/)[0]?.split(',') ?? [];
  await appendFile(path, `${headers.map((h) => FILLED[h] ?? '').join(',')}\r\n`);
  return headers;
}

for (const { ext, fill } of [{ ext: 'xlsx', fill: fillXlsx }, { ext: 'csv', fill: fillCsv }]) {
  test(`template t.${ext}: its header is recognised, and a filled-in row is planned`, async (t) => {
    const dir = tempDir(t);
    const template = join(dir, `t.${ext}`);
    const written = await runCli(['template', template]);
    assert.equal(written.code, 0, written.stderr);

    const headers = await fill(template);
    for (const required of Object.keys(FILLED)) assert.ok(headers.includes(required), `the template has ${required}`);

    const out = join(dir, 'r.xlsx');
    const cli = await runCli(['apply', template, '--dry-run', '--quiet', '--out', out]);
    assert.equal(cli.code, 0, cli.stderr);
    const results = await readXlsxResults(out);
    // The template has a Hardware Hash column: the results say what its hashes say, last.
    assert.deepEqual(results.headers, resultsHeaders(headers, [...TRAIL_HEADERS, 'Hash Serial', 'Hash Manufacturer', 'Hash Model']));
    assert.equal(results.rows.length, 1);
    assert.equal(results.rows[0]?.['Status'], 'planned', String(results.rows[0]?.['Detail']));
    assert.equal(results.rows[0]?.['Device ID'], DEVICE);
  });

  test(`template t.${ext} refuses to overwrite an existing file`, async (t) => {
    const dir = tempDir(t);
    const existing = join(dir, `t.${ext}`);
    await writeFile(existing, 'a filled-in sheet\r\n');
    const cli = await runCli(['template', existing]);
    assert.equal(cli.code, 2);
    assert.ok(cli.stderr.includes(existing), cli.stderr);
    assert.match(cli.stderr, /already exists/);
    assert.equal(await readFile(existing, 'utf8'), 'a filled-in sheet\r\n');
  });
}

test('template with an extension other than .xlsx or .csv exits 2 and writes nothing', async (t) => {
  const dir = tempDir(t);
  const cli = await runCli(['template', join(dir, 't.txt')]);
  assert.equal(cli.code, 2);
  assert.match(cli.stderr, /\.xlsx or \.csv/);
  assert.deepEqual(await readdir(dir), []);
});
