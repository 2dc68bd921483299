// The read stage: a CSV or XLSX file (or a JSON results file) in, its header and a re-iterable stream
// of data rows out. Each format's reader is loaded when a file of that format is opened: exceljs and the
// JSON tokenizer are heavy to load, and most runs read one format only.
import type { SourceRow, TableInfo } from '../model.js';
import { openCsv } from './csv.js';
import { InputError } from './errors.js';
import { sniffFormat } from './sniff.js';

export interface OpenOptions {
  /** Worksheet to read (XLSX); default: the first sheet whose header is found. */
  sheet?: string;
  /** 1-based row of the header; default: the first of the first 20 non-blank rows that `isHeader` accepts. */
  headerRow?: number;
  /** Whether a row's cells hold the required columns (see map's `headerPredicate`). */
  isHeader(cells: string[]): boolean;
  /** What a would-be header lacks (see map's `headerCheck`): makes the 'no-header' message say what to fix. */
  missing?(cells: string[]): string[];
  /** What would fix it (see map's `headerCheck`): the `--map` that the row's own headers need. */
  hint?(cells: string[]): string;
}

export interface OpenedTable {
  info: TableInfo;
  /**
   * Data rows after the header, blank rows skipped. The first iteration may go on from the pass that
   * found the header; a later one streams the file afresh. Stopping early releases the file.
   */
  rows: AsyncIterable<SourceRow>;
  /**
   * Releases what opening keeps open for the first iteration (an XLSX workbook is left open after its
   * header, so the rows follow in the same pass); for a caller that stops without reading the rows.
   */
  close?(): Promise<void>;
}

export async function openTable(file: string, options: OpenOptions): Promise<OpenedTable> {
  if (options.headerRow !== undefined && !(Number.isSafeInteger(options.headerRow) && options.headerRow >= 1)) {
    throw new InputError('bad-option', file, `--header-row must be a row number (1 or more), got ${String(options.headerRow)}`);
  }
  const { format, encoding } = await sniffFormat(file);
  switch (format) {
    case 'xlsx':
      return (await import('./xlsx.js')).openXlsx(file, options);
    case 'csv':
      if (options.sheet !== undefined) {
        throw new InputError('bad-option', file, `${file}: --sheet applies to XLSX workbooks, and this is a CSV file`);
      }
      return openCsv(file, options, encoding ?? 'utf-8?');
    case 'json':
      // A results file has one table and its header first: an option that picks either has nothing to pick.
      if (options.sheet !== undefined || options.headerRow !== undefined) {
        const option = options.sheet !== undefined ? '--sheet' : '--header-row';
        throw new InputError('bad-option', file, `${file}: ${option} applies to CSV and XLSX input, and this is a JSON results file`);
      }
      return (await import('./json.js')).openJson(file);
  }
}
