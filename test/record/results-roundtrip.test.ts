// Every format must give back what was written: the input cells exactly (leading zeros, 19-digit IDs,
// formula-like text, unicode, commas, quotes and newlines, duplicate headers) and every outcome.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import type { RunSummary } from '../../src/results/run-summary.js';
import { isRecordError } from '../../src/record/errors.js';
import { readResultsFile, resultsFormat, writeResultsFile, type ResultRow, type ResultsFormat } from '../../src/record/results-file.js';
import { tempDir } from '../helpers/paths.js';
import ExcelJS from '../../src/vendor/exceljs.js';
import { HEADERS, sampleRows, sampleSummary } from './sample.js';

const FORMATS: ResultsFormat[] = ['xlsx', 'csv', 'json'];

async function* streamed(rows: ResultRow[]): AsyncGenerator<ResultRow> {
  yield* rows;
}

for (const format of FORMATS) {
  test(`${format}: rows, headers and summary come back as written`, async (t) => {
    const path = join(tempDir(t), `out.results.${format}`);
    const summary = sampleSummary();
    await writeResultsFile(path, { headers: HEADERS, rows: streamed(sampleRows()), summary });

    const back = await readResultsFile(path);
    assert.equal(back.format, format);
    assert.deepEqual(back.headers, HEADERS);
    assert.deepEqual(back.rows, sampleRows());
    assert.deepEqual(back.layout, {});
    // CSV has nowhere to keep a summary.
    assert.deepEqual(back.summary, format === 'csv' ? undefined : summary);
  });

  test(`${format}: resolved-ID columns are written and read back when asked for`, async (t) => {
    const path = join(tempDir(t), `out.${format}`);
    const rows = sampleRows();
    const first = rows[0];
    assert.ok(first);
    first.result.resolvedDeviceId = '1234567890123456789';
    first.result.resolvedPolicyId = '15a04610-9229-4e80-94e0-0e826a09c9e2';
    await writeResultsFile(path, { headers: HEADERS, rows, summary: sampleSummary(), layout: { resolved: true } });

    const back = await readResultsFile(path);
    assert.deepEqual(back.layout, { resolved: true });
    assert.deepEqual(back.rows, rows);
  });

  test(`${format}: the Registered column follows the resolved ones and is read back`, async (t) => {
    const path = join(tempDir(t), `out.${format}`);
    const rows = sampleRows();
    const first = rows[0];
    assert.ok(first);
    first.result.resolvedDeviceId = '6f1c2b3a-0d4e-4f5a-9b8c-7d6e5f4a3b2c';
    first.result.resolvedPolicyId = '15a04610-9229-4e80-94e0-0e826a09c9e2';
    first.result.registered = 'Contoso Q3 / wave 1';
    await writeResultsFile(path, { headers: HEADERS, rows, summary: sampleSummary(), layout: { resolved: true, registered: true } });

    const back = await readResultsFile(path);
    assert.deepEqual(back.layout, { resolved: true, registered: true });
    assert.deepEqual(back.rows, rows);
  });

  test(`${format}: the Runs column follows the others and is read back as a number`, async (t) => {
    const path = join(tempDir(t), `out.${format}`);
    const rows = sampleRows().map((r, i) => ({ input: r.input, result: { ...r.result, runs: i === 0 ? 3 : 1 } }));
    await writeResultsFile(path, { headers: HEADERS, rows, summary: sampleSummary(), layout: { runs: true } });

    const back = await readResultsFile(path);
    assert.deepEqual(back.layout, { runs: true });
    assert.deepEqual(back.rows, rows);
  });

  test(`${format}: the Hash columns come last, after Registered, and are read back; a row whose hash did not read leaves them empty`, async (t) => {
    const path = join(tempDir(t), `out.${format}`);
    const rows = sampleRows();
    const [first, second] = rows;
    assert.ok(first && second);
    Object.assign(first.result, { resolvedDeviceId: 'ctso-0001', registered: 'Q3', hashSerial: 'PF4ABCDE', hashManufacturer: 'LENOVO', hashModel: '21HMCTO1WW' });
    Object.assign(second.result, { hashSerial: '0F3K2LM01' });
    await writeResultsFile(path, { headers: HEADERS, rows, summary: sampleSummary(), layout: { resolved: true, registered: true, hash: true } });

    const back = await readResultsFile(path);
    assert.deepEqual(back.layout, { resolved: true, registered: true, hash: true });
    assert.deepEqual(back.rows, rows);
    if (format === 'csv') {
      const header = readFileSync(path, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '';
      assert.match(header, /^Row,Status,Detail,.*,Checked At,Resolved Device ID,Resolved Policy ID,Registered,Hash Serial,Hash Manufacturer,Hash Model$/);
    }
  });

  test(`${format}: the Hash columns without any resolution columns`, async (t) => {
    const path = join(tempDir(t), `out.${format}`);
    const rows = sampleRows();
    Object.assign(rows[0]?.result ?? {}, { hashModel: 'Surface Laptop 7' });
    await writeResultsFile(path, { headers: HEADERS, rows, summary: sampleSummary(), layout: { hash: true } });
    const back = await readResultsFile(path);
    assert.deepEqual(back.layout, { hash: true });
    assert.deepEqual(back.rows, rows);
  });

  test(`${format}: an input column literally named like a result column stays an input column`, async (t) => {
    const path = join(tempDir(t), `out.${format}`);
    const headers = ['Row (input)', 'Status', 'Device ID'];
    const rows: ResultRow[] = [{ input: ['1', 'ready', 'DEV-1'], result: { row: 9, status: 'planned', detail: '' } }];
    await writeResultsFile(path, { headers, rows, summary: sampleSummary() });

    const back = await readResultsFile(path);
    assert.deepEqual(back.headers, headers);
    assert.deepEqual(back.rows, rows);
  });

  test(`${format}: no rows at all still makes a readable file`, async (t) => {
    const path = join(tempDir(t), `empty.${format}`);
    await writeResultsFile(path, { headers: HEADERS, rows: [], summary: sampleSummary({ rows: 0 }) });
    const back = await readResultsFile(path);
    assert.deepEqual(back.headers, HEADERS);
    assert.deepEqual(back.rows, []);
  });
}

test('the summary is read after the last row, so the caller may complete it while rows stream', async (t) => {
  const path = join(tempDir(t), 'late.json');
  const summary: RunSummary = sampleSummary({ finishedAt: '' });
  async function* rows(): AsyncGenerator<ResultRow> {
    yield* sampleRows();
    summary.finishedAt = '2025-01-02T09:00:00.000Z';
  }
  await writeResultsFile(path, { headers: HEADERS, rows: rows(), summary });
  assert.equal((await readResultsFile(path)).summary?.finishedAt, '2025-01-02T09:00:00.000Z');
});

test('the format follows the extension, in any case; anything else is a typed error', () => {
  assert.equal(resultsFormat('a/b.XLSX'), 'xlsx');
  assert.equal(resultsFormat('b.csv'), 'csv');
  assert.equal(resultsFormat('b.Json'), 'json');
  for (const bad of ['b.txt', 'b', 'b.xls', 'b.xlsx.bak']) {
    assert.throws(() => resultsFormat(bad), (e: unknown) => isRecordError(e) && e.code === 'unsupported-format');
  }
});

// Files written before Row, Status and Detail moved to the front: every result column after the input's.
// `status` and `apply` still read them, and a rewrite puts the columns in this version's order.
test('a results file of the earlier layout (the input columns, then every result column) is read as written', async (t) => {
  const dir = tempDir(t);
  const header = ['Customer ID', 'Device ID', 'Status (input)', 'Row', 'Status', 'Detail', 'Batch Job URI', 'Tracking ID', 'HTTP Status',
    'Error Code', 'Request ID', 'Sent At', 'Job Status', 'Device Status', 'Device Error', 'Checked At', 'Resolved Device ID', 'Resolved Policy ID'];
  const cells = ['c7f3c849-129f-4b85-a96d-4f8e88b315a3', 'DEV-1', 'ok', 7, 'failed', 'HTTP 404: no such customer', '', '', 404,
    '', '', '', '', '', '', '', 'PC-9', ''];
  const expected = {
    headers: ['Customer ID', 'Device ID', 'Status (input)'],
    rows: [{ input: ['c7f3c849-129f-4b85-a96d-4f8e88b315a3', 'DEV-1', 'ok'], result: { row: 7, status: 'failed', detail: 'HTTP 404: no such customer', httpStatus: 404, resolvedDeviceId: 'PC-9' } }],
    layout: { resolved: true },
  };

  const csv = join(dir, 'old.csv');
  await writeFile(csv, `\uFEFF${[header, cells].map((r) => r.join(',')).join('\r\n')}\r\n`);
  const fromCsv = await readResultsFile(csv);
  assert.deepEqual({ headers: fromCsv.headers, rows: fromCsv.rows, layout: fromCsv.layout }, expected);

  const xlsx = join(dir, 'old.xlsx');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Results');
  sheet.addRow(header);
  sheet.addRow(cells.map((c) => (c === '' ? null : c)));
  await workbook.xlsx.writeFile(xlsx);
  const fromXlsx = await readResultsFile(xlsx);
  assert.deepEqual({ headers: fromXlsx.headers, rows: fromXlsx.rows, layout: fromXlsx.layout }, expected);
});
