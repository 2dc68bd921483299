// The XLSX as a person opening it sees it, read straight through exceljs: sheet order, a bold frozen
// filtered header, text cells that Excel will not turn into numbers or formulas, colours, the Summary.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import ExcelJS from '../../src/vendor/exceljs.js';
import type * as XL from 'exceljs';
import { STATUSES, type Status } from '../../src/model.js';
import type { CustomerSummary } from '../../src/results/run-summary.js';
import { resultsHeaders } from '../helpers/results.js';
import { readResultsFile, writeResultsFile, type ResultRow } from '../../src/record/results-file.js';
import { tempDir } from '../helpers/paths.js';
import { CUSTOMER, HEADERS, sampleRows, sampleSummary } from './sample.js';

async function written(t: { after(fn: () => void): void }, rows: ResultRow[], summary = sampleSummary()): Promise<XL.Workbook> {
  const path = join(tempDir(t), 'out.xlsx');
  await writeResultsFile(path, { headers: HEADERS, rows, summary });
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return workbook;
}

function sheet(workbook: XL.Workbook, name: string): XL.Worksheet {
  const found = workbook.getWorksheet(name);
  assert.ok(found, `sheet ${name}`);
  return found;
}

/** The 1-based column of the Results sheet whose header reads `name`. */
function columnOf(ws: XL.Worksheet, name: string): number {
  for (let c = 1; c <= ws.columnCount; c++) if (ws.getCell(1, c).value === name) return c;
  assert.fail(`no column headed ${name}`);
}

/** The number of the first row whose column A reads `label`. */
function rowAfter(ws: XL.Worksheet, label: string): number {
  for (let r = 1; r <= ws.rowCount; r++) if (ws.getCell(r, 1).value === label) return r;
  assert.fail(`no row labelled ${label}`);
}

test('Results comes first, then Summary, then the hidden _summary', async (t) => {
  const workbook = await written(t, sampleRows());
  assert.deepEqual(workbook.worksheets.map((w) => [w.name, w.state]), [
    ['Results', 'visible'], ['Summary', 'visible'], ['_summary', 'hidden'],
  ]);
});

test('the Results header is Row, Status, Detail, the input headers, then the other result columns; bold, frozen and filtered', async (t) => {
  const ws = sheet(await written(t, sampleRows()), 'Results');
  const expected = resultsHeaders(HEADERS);
  const header = Array.from({ length: ws.columnCount }, (_, i) => ws.getCell(1, i + 1).value);
  assert.deepEqual(header, expected);
  for (let c = 1; c <= expected.length; c++) assert.equal(ws.getCell(1, c).font?.bold, true);
  // The header row stays in view, and so do Row and Status when scrolling right across long input columns.
  assert.equal(ws.views[0]?.state, 'frozen');
  assert.equal((ws.views[0] as { ySplit?: number }).ySplit, 1);
  assert.equal((ws.views[0] as { xSplit?: number }).xSplit, 2);
  // A filter on every column: the header and the six sample rows, across all 18 columns (R).
  assert.equal(ws.autoFilter, 'A1:R7');
});

test('input cells are text, never numbers or formulas; Row and HTTP Status are numbers', async (t) => {
  const ws = sheet(await written(t, sampleRows()), 'Results');
  const expectText = [[2, 2, '1234567890123456789'], [2, 3, '=1+1'], [2, 4, '00123'], [3, 4, '+49 30 1234'], [4, 3, '-5'], [4, 4, '@home']] as const;
  for (const [r, inputColumn, text] of expectText) {
    // The input's columns follow Row, Status and Detail.
    const cell = ws.getCell(r, inputColumn + 3);
    assert.equal(cell.type, ExcelJS.ValueType.String, `${cell.address} is a string`);
    assert.equal(cell.value, text);
    assert.equal(cell.formula, undefined);
    assert.equal(cell.numFmt, '@', `${cell.address} is formatted as text`);
  }
  assert.equal(ws.getCell(2, columnOf(ws, 'Row')).value, 2);
  assert.equal(ws.getCell(2, columnOf(ws, 'HTTP Status')).value, 202);
  // The request ID (a GUID) and the error code stay text too.
  assert.equal(ws.getCell(4, columnOf(ws, 'Error Code')).value, '808');
});

/**
 * The tint Excel shows on a cell: its own fill, else the first conditional format on a range that holds
 * it whose `cellIs equal` rule matches the cell's text (what Excel evaluates when it opens the sheet).
 */
function tint(ws: XL.Worksheet, row: number, column: number): string | undefined {
  const cell = ws.getCell(row, column);
  if (cell.fill?.type === 'pattern' && cell.fill.pattern === 'solid') return cell.fill.fgColor?.argb;
  // Read back by exceljs, but left out of its type declarations.
  const formats = (ws as unknown as { conditionalFormattings: XL.ConditionalFormattingOptions[] }).conditionalFormattings;
  for (const cf of formats) {
    const [from, to] = cf.ref.split(':').map((a: string) => ws.getCell(a));
    if (from === undefined || to === undefined) continue;
    const inside = row >= Number(from.row) && row <= Number(to.row) && column >= Number(from.col) && column <= Number(to.col);
    if (!inside) continue;
    for (const rule of [...cf.rules].sort((a, b) => a.priority - b.priority)) {
      if (rule.type !== 'cellIs' || rule.operator !== 'equal') continue;
      const [formula] = (rule.formulae ?? []) as string[];
      if (formula === JSON.stringify(String(cell.value))) {
        const fill = rule.style?.fill;
        return fill?.type === 'pattern' ? fill.bgColor?.argb : undefined;
      }
    }
  }
  return undefined;
}

test('each Status cell is tinted by its status, through rules on the column rather than a fill per cell', async (t) => {
  const statuses: Status[] = [...STATUSES];
  const rows: ResultRow[] = statuses.map((status, i) => ({ input: ['', '', '', '', ''], result: { row: i + 2, status, detail: '' } }));
  const ws = sheet(await written(t, rows), 'Results');
  const column = columnOf(ws, 'Status');
  const colours = statuses.map((_, i) => tint(ws, i + 2, column));
  assert.equal(new Set(colours).size, statuses.length, `one colour per status: ${colours.join(', ')}`);
  assert.ok(colours.every((c) => c !== undefined && c.startsWith('FF')), 'every status cell is tinted');
  assert.equal(colours[statuses.indexOf('applied')], 'FFC6EFCE', 'applied is the green of done');
  assert.equal(colours[statuses.indexOf('failed')], 'FFFFC7CE');
  // A rule, not a fill: a status the user corrects by hand takes its new colour.
  const own = ws.getCell(2, column).fill;
  assert.equal(own?.type === 'pattern' && own.pattern === 'solid', false);
  // The header is not tinted, whatever it says.
  assert.equal(tint(ws, 1, column), undefined);
});

test('device outcomes are tinted too: succeeded green, failed red, pending yellow', async (t) => {
  const devices = ['succeeded', 'failed', 'pending'] as const;
  const rows: ResultRow[] = devices.map((deviceStatus, i) => ({ input: ['', '', '', '', ''], result: { row: i + 2, status: 'accepted', detail: '', deviceStatus } }));
  const ws = sheet(await written(t, rows), 'Results');
  const column = columnOf(ws, 'Device Status');
  assert.deepEqual(devices.map((_, i) => tint(ws, i + 2, column)), ['FFC6EFCE', 'FFFFC7CE', 'FFFFEB9C']);
});

test('columns are sized from their content, within bounds', async (t) => {
  const rows = sampleRows();
  const first = rows[0];
  assert.ok(first);
  first.input[2] = 'x'.repeat(500);
  const ws = sheet(await written(t, rows), 'Results');
  assert.equal(ws.getColumn(columnOf(ws, HEADERS[2] ?? '')).width, 60, 'a very long note is capped');
  const widths = Array.from({ length: ws.columnCount }, (_, i) => ws.getColumn(i + 1).width ?? 0);
  assert.ok(widths.every((w) => w >= 8 && w <= 60), widths.join(', '));
  // The Batch Job URI column is wider than the Row column.
  assert.ok((ws.getColumn(columnOf(ws, 'Batch Job URI')).width ?? 0) > (ws.getColumn(columnOf(ws, 'Row')).width ?? 0));
});

test('Summary holds the run facts, every status count (zero included) and the per-customer table', async (t) => {
  const ws = sheet(await written(t, sampleRows()), 'Summary');
  const summary = sampleSummary();
  assert.equal(ws.getCell(rowAfter(ws, 'Input SHA-256'), 2).value, summary.inputSha256);
  assert.equal(ws.getCell(rowAfter(ws, 'Correlation ID'), 2).value, summary.correlationId);
  assert.equal(ws.getCell(rowAfter(ws, 'Dry run'), 2).value, 'no');
  assert.equal(ws.getCell(rowAfter(ws, 'option --chunk-size'), 2).value, 100);
  assert.equal(ws.getCell(rowAfter(ws, 'option --per-customer'), 2).value, 2);
  // What the run found is not shown as if it were a flag.
  assert.equal(ws.getCell(rowAfter(ws, 'Device column'), 2).value, 'Device ID');
  assert.equal(ws.getCell(rowAfter(ws, 'Throttled'), 2).value, 3);

  const counts = rowAfter(ws, 'Counts by status');
  assert.equal(ws.getCell(counts, 1).font?.bold, true);
  const listed = STATUSES.map((_, i) => [ws.getCell(counts + 1 + i, 1).value, ws.getCell(counts + 1 + i, 2).value]);
  assert.deepEqual(listed, STATUSES.map((s) => [s, summary.byStatus[s]]));
  assert.ok(listed.some(([, n]) => n === 0), 'zero counts are listed too');

  const customers = rowAfter(ws, 'Customer');
  const header = Array.from({ length: 8 }, (_, i) => ws.getCell(customers, i + 1).value);
  assert.deepEqual(header, ['Customer', 'Rows', 'Applied', 'Accepted', 'Failed', 'Invalid', 'Not sent', 'Requests']);
  const values = Array.from({ length: 8 }, (_, i) => ws.getCell(customers + 1, i + 1).value);
  assert.deepEqual(values, [CUSTOMER, 6, 0, 2, 2, 1, 0, 2]);
  assert.equal(ws.getCell(customers, 9).value, null, 'no device columns before devices are tracked');
  // A ticket reader sees the counts and the customers first, the run's facts and options after.
  assert.equal(counts, 1);
  assert.ok(customers < rowAfter(ws, 'Input SHA-256') && customers < rowAfter(ws, 'option --chunk-size'));
});

test('Summary gains device outcomes and per-customer device columns once devices are tracked', async (t) => {
  const perCustomer: CustomerSummary[] = [{ customer: CUSTOMER, rows: 6, applied: 0, accepted: 2, failed: 2, invalid: 1, notSent: 0, requests: 2, devicesSucceeded: 1, devicesFailed: 1, devicesPending: 0 }];
  const summary = sampleSummary({ devices: { succeeded: 1, failed: 1, pending: 0 }, perCustomer });
  const ws = sheet(await written(t, sampleRows(), summary), 'Summary');
  const devices = rowAfter(ws, 'Device outcomes');
  assert.deepEqual([1, 2, 3].map((i) => [ws.getCell(devices + i, 1).value, ws.getCell(devices + i, 2).value]),
    [['succeeded', 1], ['failed', 1], ['pending', 0]]);
  const customers = rowAfter(ws, 'Customer');
  assert.deepEqual([9, 10, 11].map((c) => ws.getCell(customers, c).value), ['Devices succeeded', 'Devices failed', 'Devices pending']);
  assert.deepEqual([9, 10, 11].map((c) => ws.getCell(customers + 1, c).value), [1, 1, 0]);
});

test('a summary too long for one cell is split across cells and restored exactly', async (t) => {
  const perCustomer = Array.from({ length: 1500 }, (_, i): CustomerSummary => ({
    customer: `${String(i).padStart(8, '0')}-129f-4b85-a96d-4f8e88b315a3`, rows: i, applied: 0, accepted: i, failed: 0, invalid: 0, notSent: 0, requests: 1,
  }));
  const summary = sampleSummary({ perCustomer, stoppedBecause: 'sign-in refused — “401” (東京)' });
  assert.ok(JSON.stringify(summary).length > 32_767);
  const path = join(tempDir(t), 'big-summary.xlsx');
  await writeResultsFile(path, { headers: HEADERS, rows: sampleRows(), summary });
  assert.deepEqual((await readResultsFile(path)).summary, summary);

  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  assert.ok(sheet(workbook, '_summary').rowCount > 1);
});

test('a workbook saved again by another program (shared strings, its own zip order) still reads back', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'out.xlsx');
  await writeResultsFile(path, { headers: HEADERS, rows: sampleRows(), summary: sampleSummary() });
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const resaved = join(dir, 'resaved.xlsx');
  await workbook.xlsx.writeFile(resaved, { useSharedStrings: true });

  const back = await readResultsFile(resaved);
  assert.deepEqual(back.headers, HEADERS);
  assert.deepEqual(back.rows, sampleRows());
  assert.deepEqual(back.summary, sampleSummary());
});
