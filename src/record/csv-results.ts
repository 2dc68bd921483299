// CSV results through csv-stringify: UTF-8 with a BOM (without it Excel reads UTF-8 as the ANSI code
// page), CRLF, RFC 4180 quoting, the input's delimiter. No summary: CSV has nowhere to put one.
import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { pipeline, type Writable } from 'node:stream';
import { parse } from 'csv-parse';
import type * as CsvStringify from 'csv-stringify/sync';
import { writeText } from './atomic.js';
import { PLAIN, resultsHeader, tableHeader, tableRow } from '../results/layout.js';
import type { CellValue } from '../results/columns.js';
import { ResultsTableReader } from './table-reader.js';
import { isRecordError, RecordError, unreadableFile } from './errors.js';
import { eachRow, isBlankRow, type CsvDelimiter, type ResultsFile, type ResultsTable } from './table.js';

/**
 * Tried in this order when reading, as the input reader tries them: Excel re-saves a CSV with its
 * locale's list separator (`;` in much of Europe), and "Text (Tab delimited)" with tabs.
 */
const DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t'];
type Delimiter = CsvDelimiter;
type StringifyOptions = CsvStringify.Options;

// csv-stringify is required on first use: this module is loaded by every apply (the reader needs
// unescapeFormula), and only runs that write CSV need the writer.
const require = createRequire(import.meta.url);
let loaded: typeof CsvStringify.stringify | undefined;
function stringify(records: string[][], options: StringifyOptions): string {
  loaded ??= (require('csv-stringify/sync') as typeof CsvStringify).stringify;
  return loaded(records, options);
}
// Rows are stringified in batches: one call (and one stream write) per row would dominate the time.
const BATCH_ROWS = 500;

/**
 * What a spreadsheet runs as a formula when the cell starts with it (SPEC §2 Results file: = + - @ tab
 * CR), and the full-width forms Apple Numbers folds into them. csv-stringify's `escape_formulas` puts
 * `'` before these; a value that already starts with `'` and then one of these gets one more `'`, so
 * that reading strips exactly one and every value comes back as it was given.
 */
const FORMULA_START = /^'*[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

function stringifyOptions(delimiter: Delimiter): StringifyOptions {
  return {
    delimiter,
    record_delimiter: 'windows',
    escape_formulas: true,
    // Quoted beyond RFC 4180: a `;` (the list separator of many Excel locales) and edge spaces, so that
    // a spreadsheet opening the file can neither split nor trim the value.
    quoted_match: [/;/, /^\s|\s$/],
    cast: { string: (value) => (value.startsWith("'") && FORMULA_START.test(value) ? `'${value}` : value) },
  };
}

export async function writeCsvResults(out: Writable, table: ResultsTable, path: string): Promise<void> {
  const layout = table.layout ?? PLAIN;
  const options = stringifyOptions(table.csvDelimiter ?? ',');
  await writeText(out, stringify([tableHeader(table.headers, layout)], { ...options, bom: true }));
  let batch: string[][] = [];
  for await (const row of eachRow(table, path)) {
    batch.push(tableRow(row.input, row.result, layout, csvCell, sameText));
    if (batch.length >= BATCH_ROWS) {
      await writeText(out, stringify(batch, options));
      batch = [];
    }
  }
  if (batch.length > 0) await writeText(out, stringify(batch, options));
}

function csvCell(value: CellValue): string {
  return value === undefined ? '' : String(value);
}

function sameText(value: string): string {
  return value;
}

/** One line of CSV as the results writer writes it (for writers of other CSV files, and the tests). */
export function csvLine(fields: readonly string[], delimiter: CsvDelimiter = ','): string {
  return stringify([[...fields]], stringifyOptions(delimiter));
}

/** A value as read back from a results CSV: the `'` that kept a formula from running is taken off. */
export function unescapeFormula(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value) ? value.slice(1) : value;
}

export async function readCsvResults(path: string): Promise<Omit<ResultsFile, 'format'>> {
  const delimiter = await headerDelimiter(path);
  const records = csvRecords(path, delimiter);
  const table = new ResultsTableReader(path);
  let record = 0;
  try {
    for await (const raw of records) {
      record++;
      table.add(raw.map(unescapeFormula), `record ${record} of ${path}`);
    }
  } catch (e) {
    if (isRecordError(e)) throw e;
    throw unreadableFile(path, 'CSV', e);
  }
  const { header, rows } = table;
  if (header === undefined) throw new RecordError('not-results-file', path, `${path} is empty: expected a results file`);
  return { headers: header.headers, rows, layout: header.layout, csvDelimiter: delimiter };
}

function csvRecords(path: string, delimiter: Delimiter): AsyncIterable<string[]> {
  // pipeline, not pipe: pipe leaves a read error (a missing file) on the file stream, where nothing
  // listens and it crashes the process; pipeline passes it on to the parser, whose loop throws it.
  // Empty lines are skipped by the parser, since they have too few fields to be read as records at all.
  return pipeline(createReadStream(path), parse({ bom: true, skip_empty_lines: true, delimiter }), () => {});
}

/**
 * The delimiter under which the header ends with the result columns. The comma when none does: the
 * read then fails as before, its message listing what the header holds.
 */
async function headerDelimiter(path: string): Promise<Delimiter> {
  for (const delimiter of DELIMITERS) if (await headerFits(path, delimiter)) return delimiter;
  return ',';
}

async function headerFits(path: string, delimiter: Delimiter): Promise<boolean> {
  try {
    // Returning from the loop ends the parser, and pipeline then closes the file.
    for await (const fields of csvRecords(path, delimiter)) if (!isBlankRow(fields)) return resultsHeader(fields) !== undefined;
  } catch {
    // A wrong delimiter can make a good file look broken (a quote in mid-field), and a file that cannot
    // be read fails the real read, which says why.
  }
  return false;
}
