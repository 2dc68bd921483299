// XLSX through exceljs's streaming reader: finds the sheet and header, and the first iteration of the
// rows goes on from there in the same pass. A workbook saved by Excel holds its shared strings after
// its sheets, so exceljs reads the whole zip (spooling the sheet) before it yields the first row: a
// second pass for the data would cost a whole second unzip. A later iteration reads the file afresh.
import type ExcelJS from 'exceljs';
import type { SourceRow, TableInfo } from '../model.js';
import { cellText } from './cells.js';
import { InputError, isInputError } from './errors.js';
import { describeCandidate, describeLater, scanForHeader, type Candidate, type HeaderSearch } from './header.js';
import { alignRow, isBlank } from './table.js';
import { checkDeclaredSizes, isPartTooLarge } from '../vendor/xlsx-limits.js';
import { openWorkbookStream, type SheetStream, type WorkbookStream } from './xlsx-stream.js';

export interface XlsxSearch extends HeaderSearch {
  sheet?: string;
}

export interface XlsxTable {
  info: TableInfo;
  rows: AsyncIterable<SourceRow>;
  /** Releases the workbook kept open after the header, when the rows are not read. */
  close(): Promise<void>;
}

/** A workbook left open on the header's sheet, just after the header row. */
interface OpenSheet {
  book: WorkbookStream;
  rows: AsyncIterator<SourceRow>;
}

interface SheetSeen {
  name: string;
  /** Its would-be header, when the sheet was searched. */
  candidate?: Candidate;
  /** A header below the rows searched (see HeaderScan.later). */
  later?: SourceRow;
  searched: boolean;
}

export async function openXlsx(file: string, search: XlsxSearch): Promise<XlsxTable> {
  try {
    await checkDeclaredSizes(file);
  } catch (e) {
    throw readFailure(file, e);
  }
  const found = await findTable(file, search);
  const info: TableInfo = { file, format: 'xlsx', sheet: found.sheet, headerRow: found.header.rowNumber, headers: found.header.cells };
  const width = found.header.cells.length;
  let left = found.open;
  const take = (): OpenSheet | undefined => {
    const open = left;
    left = undefined;
    return open;
  };
  return {
    info,
    rows: {
      [Symbol.asyncIterator]: () => {
        const open = take();
        return open === undefined ? dataRows(file, found.sheet, found.header.rowNumber, width) : restOf(file, open, width);
      },
    },
    close: async () => {
      await take()?.book.close();
    },
  };
}

async function findTable(file: string, search: XlsxSearch): Promise<{ sheet: string; header: SourceRow; open?: OpenSheet }> {
  const book = openWorkbookStream(file);
  let handedOver = false;
  const seen: SheetSeen[] = [];
  // With --header-row the row is taken whatever it holds; a sheet where it also looks like a header
  // is preferred, else the first sheet that has such a row (mapping then says what is missing).
  let fallback: { sheet: string; header: SourceRow } | undefined;
  try {
    for (let sheet = await book.nextSheet(); sheet !== undefined; sheet = await book.nextSheet()) {
      if (search.sheet !== undefined && !sameSheetName(sheet.name, search.sheet)) {
        seen.push({ name: sheet.name, searched: false });
        continue;
      }
      const rows = sheetRows(sheet);
      const scan = await scanForHeader(rows, search);
      seen.push({ name: sheet.name, candidate: scan.candidate, ...(scan.later === undefined ? {} : { later: scan.later }), searched: true });
      if (scan.header !== undefined) {
        const table = { sheet: sheet.name, header: scan.header };
        if (search.headerRow === undefined || search.sheet !== undefined || search.isHeader(scan.header.cells)) {
          // The rows go on from here: the header search stops right after the header row.
          handedOver = true;
          return { ...table, open: { book, rows } };
        }
        // A later sheet may suit better; if none does, this one is read again from the start.
        fallback ??= table;
      }
      if (search.sheet !== undefined) break;
    }
  } catch (e) {
    throw readFailure(file, e);
  } finally {
    if (!handedOver) await book.close();
  }
  if (fallback !== undefined) return fallback;
  if (seen.length === 0) {
    throw new InputError('not-a-spreadsheet', file, `${file}: is a zip file with no worksheets, not an XLSX workbook`);
  }
  if (search.sheet !== undefined && !seen.some((s) => s.searched)) {
    const names = seen.map((s) => JSON.stringify(s.name)).join(', ');
    throw new InputError('unknown-sheet', file, `${file}: has no sheet named ${JSON.stringify(search.sheet)}. Sheets: ${names}`);
  }
  throw noHeader(file, search, seen.filter((s) => s.searched));
}

function noHeader(file: string, search: XlsxSearch, searched: SheetSeen[]): InputError {
  const further = searched.find((s) => s.later !== undefined);
  // --header-row alone then finds the sheet: one where that row looks like a header is preferred.
  if (further?.later !== undefined) return new InputError('no-header', file, `${file}: sheet ${JSON.stringify(further.name)}: ${describeLater(further.later)}`);
  const perSheet = searched.map((s) => `sheet ${JSON.stringify(s.name)} ${describeCandidate(s.candidate)}`).join('; ');
  const named = search.sheet === undefined ? undefined : `sheet ${JSON.stringify(searched[0]?.name ?? search.sheet)}`;
  const what =
    search.headerRow !== undefined
      ? `row ${search.headerRow} is blank or missing in ${named ?? 'every sheet'}`
      : `found no header row with the required columns within the first 20 rows of ${named ?? 'any sheet'}`;
  return new InputError('no-header', file, `${file}: ${what}. Headers found: ${perSheet}`);
}

async function* dataRows(file: string, sheetName: string, headerRow: number, width: number): AsyncGenerator<SourceRow> {
  const book = openWorkbookStream(file);
  try {
    let sheet = await book.nextSheet();
    while (sheet !== undefined && sheet.name !== sheetName) sheet = await book.nextSheet();
    if (sheet === undefined) {
      throw new InputError('unknown-sheet', file, `${file}: sheet ${JSON.stringify(sheetName)} is gone (was the file replaced while reading?)`);
    }
    const rows = sheetRows(sheet);
    for (let r = await rows.next(); r.done !== true; r = await rows.next()) {
      if (r.value.rowNumber > headerRow) yield alignRow(r.value, width);
    }
  } catch (e) {
    throw readFailure(file, e);
  } finally {
    // Also runs when the consumer stops early: that is what releases the file.
    await book.close();
  }
}

/** The rows after the header, from the workbook the header search left open. */
async function* restOf(file: string, open: OpenSheet, width: number): AsyncGenerator<SourceRow> {
  try {
    for (let r = await open.rows.next(); r.done !== true; r = await open.rows.next()) yield alignRow(r.value, width);
  } catch (e) {
    throw readFailure(file, e);
  } finally {
    // Also runs when the consumer stops early: that is what releases the file.
    await open.book.close();
  }
}

/** Non-blank rows of a sheet. Only `next()`: the stream is released by closing the workbook. */
function sheetRows(sheet: SheetStream): AsyncIterator<SourceRow> {
  return {
    async next(): Promise<IteratorResult<SourceRow>> {
      for (let row = await sheet.nextRow(); row !== undefined; row = await sheet.nextRow()) {
        const source = toSourceRow(row);
        if (!isBlank(source.cells)) return { done: false, value: source };
      }
      return { done: true, value: undefined };
    },
  };
}

function toSourceRow(row: ExcelJS.Row): SourceRow {
  const values: unknown[] = Array.isArray(row.values) ? row.values : [];
  const cells: string[] = [];
  const numericColumns: number[] = [];
  // exceljs puts column A at index 1.
  for (let i = 1; i < values.length; i++) {
    const { text, numeric } = cellText(values[i]);
    cells.push(text);
    if (numeric && text !== '') numericColumns.push(i - 1);
  }
  return { rowNumber: row.number, cells, numericColumns };
}

function sameSheetName(actual: string, wanted: string): boolean {
  // Excel itself treats sheet names case-insensitively.
  return actual.trim().toLowerCase() === wanted.trim().toLowerCase();
}

function readFailure(file: string, e: unknown): InputError {
  if (isInputError(e)) return e;
  if (isPartTooLarge(e)) return new InputError('too-large', file, `${file}: ${e.message}`, { cause: e });
  return unreadable(file, e);
}

function unreadable(file: string, e: unknown): InputError {
  const reason = e instanceof Error ? e.message : String(e);
  // unzipper's word for a zip that stops in the middle of an entry.
  if (reason === 'FILE_ENDED') {
    return new InputError('unreadable', file, `${file}: the workbook is cut short (it ends in the middle of a part); get a complete copy`, { cause: e });
  }
  // zlib's codes: the zip's compressed data is corrupt (a damaged download or disk).
  if (typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' && e.code.startsWith('Z_')) {
    return new InputError('unreadable', file, `${file}: the workbook is damaged: its compressed data cannot be read (${reason}); open and save it again in Excel, or get a fresh copy`, { cause: e });
  }
  return new InputError('unreadable', file, `${file}: cannot read the workbook (${reason})`, { cause: e });
}
