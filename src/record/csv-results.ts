// CSV results: UTF-8 with a BOM (without it Excel reads UTF-8 as the ANSI code page), CRLF, RFC 4180
// quoting. No summary: CSV has nowhere to put one.
import { createReadStream } from 'node:fs';
import { pipeline, type Writable } from 'node:stream';
import { parse } from 'csv-parse';
import { writeText } from './atomic.js';
import { resultColumnNames, resultKeyIndex, resultsHeader, resultValues, rowResultFrom, splitHeader, type ResultKey } from './columns.js';
import { isRecordError, RecordError, unreadableFile } from './errors.js';
import { eachRow, isBlankRow, type CsvDelimiter, type ResultRow, type ResultsFile, type ResultsTable } from './table.js';

const BOM = '\uFEFF';
/**
 * Tried in this order when reading, as the input reader tries them: Excel re-saves a CSV with its
 * locale's list separator (`;` in much of Europe), and "Text (Tab delimited)" with tabs.
 */
const DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t'];
type Delimiter = CsvDelimiter;
// Lines are gathered into blocks of about this size: one stream write per row would dominate the time.
const BLOCK = 64 * 1024;

export async function writeCsvResults(out: Writable, table: ResultsTable, path: string): Promise<void> {
  const resolved = table.resolvedColumns ?? false;
  const delimiter = table.csvDelimiter ?? ',';
  let block = BOM + csvLine([...table.headers, ...resultColumnNames(resolved)], delimiter);
  for await (const row of eachRow(table, path)) {
    const results = resultValues(row.result, resolved).map((v) => (v === undefined ? '' : String(v)));
    block += csvLine([...row.input, ...results], delimiter);
    if (block.length >= BLOCK) {
      await writeText(out, block);
      block = '';
    }
  }
  await writeText(out, block);
}

export function csvLine(fields: readonly string[], delimiter: CsvDelimiter = ','): string {
  return fields.map((f) => csvField(f, delimiter)).join(delimiter) + '\r\n';
}

/**
 * Quotes what RFC 4180 requires, and also a value that starts like a formula (`=`, `+`, `-`, `@`), has
 * edge spaces or a `;` (the list separator of many Excel locales), so a spreadsheet cannot split or
 * trim it. The value itself is never changed: no apostrophe is prepended to what the user gave.
 */
export function csvField(value: string, delimiter: CsvDelimiter = ','): string {
  const needsQuotes = /[",;\r\n]|^[=+\-@\t ]|\s$/.test(value) || value.includes(delimiter);
  return needsQuotes ? `"${value.replaceAll('"', '""')}"` : value;
}

export async function readCsvResults(path: string): Promise<Omit<ResultsFile, 'format'>> {
  const delimiter = await headerDelimiter(path);
  const records = csvRecords(path, delimiter);
  let header: { headers: string[]; resolved: boolean; keys: Map<ResultKey, number> } | undefined;
  const rows: ResultRow[] = [];
  let record = 0;
  try {
    for await (const fields of records) {
      record++;
      if (isBlankRow(fields)) continue;
      if (header === undefined) {
        const split = splitHeader(fields, path);
        header = { ...split, keys: resultKeyIndex(split.resolved) };
        continue;
      }
      const { headers, keys } = header;
      const get = (key: ResultKey): string | undefined => {
        const at = keys.get(key);
        return at === undefined ? undefined : fields[headers.length + at];
      };
      rows.push({ input: fields.slice(0, headers.length), result: rowResultFrom(get, `record ${record} of ${path}`, path) });
    }
  } catch (e) {
    if (isRecordError(e)) throw e;
    throw unreadableFile(path, 'CSV', e);
  }
  if (header === undefined) throw new RecordError('not-results-file', path, `${path} is empty: expected a results file`);
  return { headers: header.headers, rows, resolvedColumns: header.resolved, csvDelimiter: delimiter };
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
