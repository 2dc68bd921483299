// The XLSX results workbook, streamed: each row is committed (written to the zip) as it comes, so a
// 300k-row run never holds its rows. Sheets: `Results`, `Summary`, and the hidden `_summary`.
import type { Writable } from 'node:stream';
import { WorkbookWriter } from '../vendor/exceljs-writer.js';
import type * as XL from 'exceljs';
import type { DeviceStatus, Status } from '../model.js';
import { isNumericKey, type CellValue } from '../results/columns.js';
import { layoutColumns, PLAIN, tableHeader, tableKeys, tableRow, type ResultLayout } from '../results/layout.js';
import { RecordError } from './errors.js';
import { eachRow, type ResultRow, type ResultsTable } from './table.js';
import { addSummarySheets } from './xlsx-summary.js';

// Light tints, so the text stays readable and a printout stays cheap. Applied by conditional formats on
// the column, not as a fill per cell: a fill per cell costs exceljs a style lookup per cell (the largest
// part of writing a big sheet), and a rule also recolours a status the user edits later.
// Green for done (applied, unchanged), a paler green for accepted (the device's outcome not known yet).
const STATUS_FILLS: Record<Status, string> = {
  applied: 'FFC6EFCE',
  unchanged: 'FFD8E4BC',
  accepted: 'FFE2EFDA',
  failed: 'FFFFC7CE',
  invalid: 'FFFCE4D6',
  duplicate: 'FFE7E6E6',
  'not-sent': 'FFFFEB9C',
  planned: 'FFDDEBF7',
};
const DEVICE_FILLS: Record<DeviceStatus, string> = { succeeded: 'FFC6EFCE', failed: 'FFFFC7CE', pending: 'FFFFEB9C' };

// One style object per kind of cell, shared by every cell of that kind: exceljs remembers the style ID
// of an object it has seen, so a shared object is looked up once instead of rendered for every cell.
const TEXT: Partial<XL.Style> = Object.freeze({ numFmt: '@' });
const NUMBER: Partial<XL.Style> = Object.freeze({});
const HEADER_FONT: Partial<XL.Font> = Object.freeze({ bold: true });
// exceljs gives every row a style object of its own, and renders and looks up the style of each one as
// it writes the row (more than a tenth of writing a large sheet): data rows share one, seen once.
const DATA_ROW: Partial<XL.Style> = Object.freeze({});

/** Rows looked at to size the columns; they are the only rows held in memory. */
const WIDTH_SAMPLE = 200;
const MIN_WIDTH = 8;
const MAX_WIDTH = 60;
/** Excel's limits: rows per sheet (less the header) and characters per cell. */
const MAX_DATA_ROWS = 1_048_575;
const MAX_CELL = 32_767;
/** How often to let the zip catch up (see zipCaughtUp). */
const YIELD_EVERY = 200;

export async function writeXlsxResults(out: Writable, table: ResultsTable, path: string): Promise<void> {
  const workbook = new WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const layout = table.layout ?? PLAIN;
  const names = tableHeader(table.headers, layout);
  const keys = tableKeys(table.headers.length, layout);
  // 1-based, as exceljs counts columns; 0 when the layout has no such column (a failures file).
  const statusColumn = keys.indexOf('status') + 1;
  const deviceColumn = keys.indexOf('deviceStatus') + 1;
  const numeric = keys.map((key) => key !== undefined && isNumericKey(key));

  // The header and the row's number and Status stay in view however far down or right the reader scrolls.
  const frozen = layoutColumns(layout).leadKeys.indexOf('status') + 1;
  const sheet = workbook.addWorksheet('Results', { views: [{ state: 'frozen', ySplit: 1, xSplit: frozen }] });
  const rows = eachRow(table, path);
  const sample = await take(rows, WIDTH_SAMPLE);
  const sampleCells = sample.map((row) => rowValues(row, layout));
  // Text format ('@') on every column but the numeric ones, on the column itself (for what is typed
  // later) and on each written cell (a cell's own style is what Excel uses for it).
  const styles = numeric.map((isNumber) => (isNumber ? NUMBER : TEXT));
  sheet.columns = names.map((name, i) => ({
    width: widthFor(name, sampleCells.map((row) => row[i])),
    style: styles[i] ?? TEXT,
  }));
  const header = sheet.addRow(names);
  header.font = HEADER_FONT;
  header.commit();

  let written = 0;
  const write = (row: ResultRow): void => {
    if (++written > MAX_DATA_ROWS) {
      throw new RecordError('too-many-rows', path,
        `an XLSX sheet holds at most ${MAX_DATA_ROWS} rows; write the results as .csv or .json instead`);
    }
    const added = sheet.addRow(rowValues(row, layout));
    // Row.style is in exceljs's rows, not in its typings.
    (added as unknown as { style: Partial<XL.Style> }).style = DATA_ROW;
    added.eachCell((cell, column) => {
      cell.style = styles[column - 1] ?? TEXT;
    });
    added.commit();
  };
  for (const row of sample) write(row);
  for await (const row of rows) {
    write(row);
    if (written % YIELD_EVERY === 0) await zipCaughtUp(sheet);
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: written + 1, column: names.length } };
  if (written > 0) {
    colourBy(sheet, statusColumn, written, STATUS_FILLS);
    // A failures file has no Device Status column to tint.
    if (deviceColumn > 0) colourBy(sheet, deviceColumn, written, DEVICE_FILLS);
  }
  sheet.commit();

  addSummarySheets(workbook, table.summary);
  await workbook.commit();
}

// exceljs writes a sheet into a PassThrough (readable-stream 2, not node:stream) that feeds the zip, and
// ignores its backpressure, so a fast row source would pile the sheet's XML up in memory. Compression
// runs on libuv's threads: waiting for the PassThrough to drain whenever it is past its small high-water
// mark would leave this thread idle while the zip compresses, and the zip idle while rows are built. So
// give the zip a turn of the event loop every few rows, and wait for it only when a few megabytes are
// waiting. Should exceljs's internals change, the turn of the event loop is all that is left.
const ZIP_BACKLOG = 4 * 1024 * 1024;

interface ZipInput {
  once(event: 'drain', listener: () => void): unknown;
  writableLength?: number;
  _writableState?: { length?: number };
}

async function zipCaughtUp(sheet: XL.Worksheet): Promise<void> {
  const internals = sheet as unknown as { stream?: { pipes?: Array<Partial<ZipInput>> } };
  const input = internals.stream?.pipes?.[0];
  const waiting = input?.writableLength ?? input?._writableState?.length;
  if (waiting !== undefined && waiting > ZIP_BACKLOG && typeof input?.once === 'function') {
    const zip = input as ZipInput;
    await new Promise<void>((resolve) => zip.once('drain', resolve));
  } else {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** The row's cells as exceljs takes them (and as the widths are sized from), built in one array: the writer's hottest loop. */
function rowValues(row: ResultRow, layout: ResultLayout): Array<string | number | undefined> {
  return tableRow(row.input, row.result, layout, cellValue, cellValue);
}


// Strings stay strings (never numbers, never formulas: exceljs only makes a formula of a {formula}
// object). An empty string is no cell at all (undefined), so it costs neither XML nor a style. Past
// Excel's cell limit the text is cut, or Excel would refuse to open the whole workbook.
function cellValue(value: CellValue): string | number | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'number') return value;
  return value.length > MAX_CELL ? `${value.slice(0, MAX_CELL - 1)}…` : value;
}

function widthFor(header: string, values: CellValue[]): number {
  // The header also carries the autofilter's drop-down button.
  let longest = header.length + 3;
  for (const value of values) {
    if (value === undefined) continue;
    for (const line of String(value).split(/\r?\n/)) longest = Math.max(longest, line.length);
  }
  return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, longest + 2));
}

/** One rule per value on the column's data rows: a cell that reads `value` gets its tint. */
function colourBy(sheet: XL.Worksheet, column: number, rows: number, fills: Record<string, string>): void {
  const letter = columnLetter(column);
  sheet.addConditionalFormatting({
    ref: `${letter}2:${letter}${rows + 1}`,
    rules: Object.entries(fills).map(([value, argb], i) => ({
      type: 'cellIs',
      operator: 'equal',
      formulae: [`"${value}"`],
      priority: i + 1,
      // A conditional format's solid fill takes its colour from bgColor.
      style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb } } },
    })),
  });
}

/** 1 → A, 27 → AA. */
function columnLetter(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

async function take<T>(iterator: AsyncIterator<T>, n: number): Promise<T[]> {
  const taken: T[] = [];
  while (taken.length < n) {
    const next = await iterator.next();
    if (next.done === true) break;
    taken.push(next.value);
  }
  return taken;
}
