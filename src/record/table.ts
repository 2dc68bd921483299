// The shapes of a results file as the writers take it and the readers give it back.
import type { RowResult } from '../model.js';
import type { RunSummary } from '../results/run-summary.js';
import type { ResultLayout } from '../results/layout.js';
import { RecordError } from './errors.js';

export type ResultsFormat = 'xlsx' | 'csv' | 'json';

/** One row to write: the input cells (aligned with `headers`) and the row's outcome. */
export interface ResultRow {
  input: string[];
  result: RowResult;
}

export interface ResultsTable {
  /** The input columns to write, already renamed (`Status (input)`) or filtered by the caller. */
  headers: string[];
  /** Streamed, never collected: may be 300k rows. */
  rows: AsyncIterable<ResultRow> | Iterable<ResultRow>;
  /**
   * Read only after the last row has been written, so the caller may complete it (counts, finishedAt)
   * while the rows stream.
   */
  summary: RunSummary;
  /** CSV only: the field separator. Default ','; `status` keeps the one a re-saved file uses (';' in many locales). */
  csvDelimiter?: CsvDelimiter;
  /**
   * Which optional columns to write (`Resolved Device ID`, `Resolved Policy ID`, `Registered`): the
   * caller knows, the stream cannot be peeked. Default: none.
   */
  layout?: ResultLayout;
}

export interface ResultsFile {
  format: ResultsFormat;
  headers: string[];
  rows: ResultRow[];
  /** Absent for CSV, which has no place for it. */
  summary?: RunSummary;
  /** The optional columns the file had, so a rewrite (`status`) keeps them. */
  layout: ResultLayout;
  /** CSV only: the separator the file uses, so a rewrite keeps it. */
  csvDelimiter?: CsvDelimiter;
}

export type CsvDelimiter = ',' | ';' | '\t';

/** Rows one at a time whatever their source, with the input padded to the header's width. */
export async function* eachRow(table: ResultsTable, path: string): AsyncGenerator<ResultRow> {
  const width = table.headers.length;
  for await (const row of table.rows) {
    if (row.input.length > width) {
      throw new RecordError('bad-value', path,
        `row ${row.result.row} has ${row.input.length} input cells for ${width} headers`);
    }
    yield row.input.length === width ? row : { input: [...row.input, ...Array<string>(width - row.input.length).fill('')], result: row.result };
  }
}

/**
 * A row with nothing in any cell. Excel leaves such rows after the data (a CSV saved from a sheet ends in
 * `,,,,` lines; a formatted but empty row is still a row in XLSX): they are skipped, not read as results.
 */
export function isBlankRow(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}
