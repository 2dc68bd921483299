// Results files as they come back from people and other programs: missing, a folder, saved by Excel with
// blank rows after the data, or carrying a summary the tool did not write. `status` reads all of these.
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import ExcelJS from '../../src/vendor/exceljs.js';
import { RESULT_COLUMNS } from '../../src/results/columns.js';
import { isRecordError } from '../../src/record/errors.js';
import { readResultsFile, writeResultsFile } from '../../src/record/results-file.js';
import { tempDir } from '../helpers/paths.js';
import { HEADERS, sampleRows, sampleSummary } from './sample.js';

test('a missing file or a folder is a RecordError in plain words, in every format', async (t) => {
  const dir = tempDir(t);
  await mkdir(join(dir, 'folder.xlsx'));
  await mkdir(join(dir, 'folder.csv'));
  // Before the fix, CSV and XLSX crashed the process with an unhandled 'error' event instead.
  const cases: Array<[string, RegExp]> = [
    ['missing.csv', /^cannot read .*missing\.csv as CSV: no such file$/],
    ['missing.xlsx', /^cannot read .*missing\.xlsx as an XLSX workbook: no such file$/],
    ['missing.json', /^cannot read .*missing\.json as JSON: no such file$/],
    ['folder.xlsx', /^cannot read .*folder\.xlsx as an XLSX workbook: it is a folder$/],
    ['folder.csv', /^cannot read .*folder\.csv as CSV: it is a folder$/],
  ];
  for (const [name, message] of cases) {
    await assert.rejects(readResultsFile(join(dir, name)), (e: unknown) => isRecordError(e) && e.code === 'unreadable' && message.test(e.message), name);
  }
});

test('CSV: blank rows (Excel leaves `,,,` lines and empty lines) are skipped, not read as results', async (t) => {
  const path = join(tempDir(t), 'saved.csv');
  await writeResultsFile(path, { headers: HEADERS, rows: sampleRows(), summary: sampleSummary() });
  const blank = ','.repeat(HEADERS.length + RESULT_COLUMNS.length - 1);
  // Split on CRLF only: the sample's quoted two-line note holds a bare LF.
  const [header, ...rows] = (await readFile(path, 'utf8')).split('\r\n').slice(0, -1);
  // One blank row after the header too (a person may insert one), and an empty line among those at the end.
  await writeFile(path, [header, blank, ...rows, blank, '', blank].join('\r\n') + '\r\n');
  const back = await readResultsFile(path);
  assert.deepEqual(back.rows, sampleRows());
});

test('XLSX: blank rows under the data are skipped', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'out.xlsx');
  await writeResultsFile(path, { headers: HEADERS, rows: sampleRows(), summary: sampleSummary() });
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const results = workbook.getWorksheet('Results');
  assert.ok(results);
  // Empty strings and whitespace: what is left when someone clears a row's contents.
  results.addRow(Array<string>(HEADERS.length + RESULT_COLUMNS.length).fill(''));
  results.addRow(['  ', '', '']);
  const resaved = join(dir, 'resaved.xlsx');
  await workbook.xlsx.writeFile(resaved);
  assert.deepEqual((await readResultsFile(resaved)).rows, sampleRows());
});

test('XLSX: a hidden summary that is not the tool’s (wrong shape, or not JSON) is treated as absent', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'out.xlsx');
  await writeResultsFile(path, { headers: HEADERS, rows: sampleRows(), summary: sampleSummary() });
  for (const [name, json] of [['empty', '{}'], ['garbled', '{"options":'], ['wrong-types', JSON.stringify({ ...sampleSummary(), perCustomer: 'all' })]]) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    const hidden = workbook.getWorksheet('_summary');
    assert.ok(hidden);
    hidden.spliceRows(1, hidden.rowCount, [json]);
    const edited = join(dir, `${name ?? ''}.xlsx`);
    await workbook.xlsx.writeFile(edited);
    const back = await readResultsFile(edited);
    assert.equal(back.summary, undefined, name);
    assert.deepEqual(back.rows, sampleRows(), name);
  }
});

test('JSON: a summary without the fields status reads is treated as absent; the tool’s own is kept whole', async (t) => {
  const dir = tempDir(t);
  const rows = [{ row: 2, status: 'accepted', detail: '', input: { Device: 'D1' } }];
  const cases: Array<[string, unknown]> = [
    ['empty', {}],
    ['no-options', { ...sampleSummary(), options: undefined }],
    ['options-not-scalars', { ...sampleSummary(), options: { deviceColumn: ['Device'] } }],
    ['customer-not-text', { ...sampleSummary(), perCustomer: [{ customer: 7 }] }],
    ['byStatus-partial', { ...sampleSummary(), byStatus: { accepted: 1 } }],
    ['a-string', 'summary'],
  ];
  for (const [name, summary] of cases) {
    const path = join(dir, `${name}.json`);
    await writeFile(path, JSON.stringify({ summary, rows }));
    assert.equal((await readResultsFile(path)).summary, undefined, name);
  }
  const good = join(dir, 'good.json');
  await writeFile(good, JSON.stringify({ summary: sampleSummary(), rows }));
  assert.deepEqual((await readResultsFile(good)).summary, sampleSummary());
});
