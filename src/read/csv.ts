// CSV/TSV through csv-parse's stream: any encoding encoding.ts recognises, any line ending, the
// delimiter chosen by which one makes the header readable. Never holds more than one record.
import { pipeline } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import type { SourceRow, TableInfo } from '../model.js';
import { utf8OrWindows1252, utf8Stream, type HeadEncoding, type TextEncoding } from './encoding.js';
import { InputError } from './errors.js';
import { describeCandidate, describeLater, HEADER_SEARCH_ROWS, scanForHeader, type HeaderScan, type HeaderSearch } from './header.js';
import { alignRow, isBlank } from './table.js';

/** Tried in this order; on a tie the earlier one wins. */
const DELIMITERS = [',', ';', '\t'] as const;
type Delimiter = (typeof DELIMITERS)[number];

/** A runaway quoted field (an unbalanced `"`) would otherwise swallow the rest of the file. */
const MAX_RECORD_CHARS = 1_000_000;

export interface CsvTable {
  info: TableInfo;
  rows: AsyncIterable<SourceRow>;
}

/** A CSV file and how its bytes are to be read. */
interface CsvSource {
  file: string;
  encoding: TextEncoding;
}

export async function openCsv(file: string, search: HeaderSearch, head: Exclude<HeadEncoding, 'binary'>): Promise<CsvTable> {
  const source: CsvSource = { file, encoding: head === 'utf-8?' ? await readableEncoding(file) : head };
  const { delimiter, scan } = await locateHeader(source, search);
  const header = scan.header;
  if (header === undefined) throw noHeader(file, search, scan);
  const info: TableInfo = { file, format: 'csv', encoding: source.encoding, delimiter, headerRow: header.rowNumber, headers: header.cells };
  const width = header.cells.length;
  return {
    info,
    rows: {
      [Symbol.asyncIterator]: () => dataRows(source, delimiter, header.rowNumber, width),
    },
  };
}

async function readableEncoding(file: string): Promise<TextEncoding> {
  try {
    return await utf8OrWindows1252(file);
  } catch (e) {
    throw parseError(file, e);
  }
}

interface DelimiterScan {
  delimiter: Delimiter;
  scan: HeaderScan;
  error?: InputError;
}

/**
 * The delimiter is the one under which a row holds the required columns (the widest such header on
 * a tie). Failing that: with --header-row, the one that splits that row into the most cells; without,
 * the one that splits the likeliest header the most, for the message that lists it.
 */
async function locateHeader(file: CsvSource, search: HeaderSearch): Promise<{ delimiter: Delimiter; scan: HeaderScan }> {
  const auto = await scanAll(file, { isHeader: search.isHeader, missing: search.missing, hint: search.hint });
  const fits = auto.filter((s) => s.scan.header !== undefined);
  if (search.headerRow === undefined) {
    // No header in reach: the delimiter under which one shows further down, for the message naming its row.
    const further = auto.filter((s) => s.scan.later !== undefined);
    return widest(fits.length > 0 ? fits : further.length > 0 ? further : readable(auto));
  }
  const pinned = await scanAll(file, search);
  if (fits.length > 0) {
    const { delimiter } = widest(fits);
    return pinned.find((s) => s.delimiter === delimiter) ?? widest(readable(pinned));
  }
  return widest(readable(pinned));
}

function scanAll(file: CsvSource, search: HeaderSearch): Promise<DelimiterScan[]> {
  return Promise.all(DELIMITERS.map((d) => scanDelimiter(file, d, search)));
}

async function scanDelimiter(file: CsvSource, delimiter: Delimiter, search: HeaderSearch): Promise<DelimiterScan> {
  const rows = csvRows(file, delimiter);
  try {
    return { delimiter, scan: await scanForHeader(rows, search) };
  } catch (e) {
    // A wrong delimiter can make a good file look broken; only an error under every delimiter counts.
    if (e instanceof InputError) return { delimiter, scan: {}, error: e };
    throw e;
  } finally {
    await rows.return(undefined);
  }
}

function readable(scans: DelimiterScan[]): DelimiterScan[] {
  const ok = scans.filter((s) => s.error === undefined);
  if (ok.length === 0) throw scans[0]?.error ?? new Error('no delimiter was tried');
  return ok;
}

/** The scan whose header (or likeliest header) has the most cells; the earlier delimiter on a tie. */
function widest(scans: DelimiterScan[]): DelimiterScan {
  const width = (s: DelimiterScan): number => (s.scan.header ?? s.scan.candidate?.row)?.cells.length ?? 0;
  return scans.reduce((best, s) => (width(s) > width(best) ? s : best));
}

function noHeader(file: string, search: HeaderSearch, scan: HeaderScan): InputError {
  const candidate = scan.candidate;
  const message =
    candidate === undefined
      ? `${file}: the file is empty`
      : search.headerRow !== undefined
        ? `${file}: row ${search.headerRow} is blank or beyond the end of the file, so it cannot be the header. First row found: ${describeCandidate(candidate)}`
        : scan.later !== undefined
          ? `${file}: ${describeLater(scan.later)}`
          : `${file}: found no header row with the required columns within the first ${HEADER_SEARCH_ROWS} rows. Headers found: ${describeCandidate(candidate)}`;
  return new InputError('no-header', file, message);
}

async function* dataRows(file: CsvSource, delimiter: Delimiter, headerRow: number, width: number): AsyncGenerator<SourceRow> {
  for await (const row of csvRows(file, delimiter)) {
    if (row.rowNumber > headerRow) yield alignRow(row, width);
  }
}

/**
 * Non-blank records with their row number as a spreadsheet shows it. Excel opens a CSV with one row
 * per record — a blank line is a (blank) row, a quoted cell spanning lines is still one row — so the
 * row number is the record's ordinal, not the text line it starts on.
 */
async function* csvRows({ file, encoding }: CsvSource, delimiter: Delimiter): AsyncGenerator<SourceRow> {
  const parser = parse({
    delimiter,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_CHARS,
  });
  // pipeline() forwards a read error to the parser and, when the consumer stops early, closes the file.
  pipeline(utf8Stream(file, encoding), parser, () => {});
  let rowNumber = 0;
  try {
    for await (const record of parser) {
      rowNumber++;
      const cells = toCells(record);
      if (!isBlank(cells)) yield { rowNumber, cells, numericColumns: [] };
    }
  } catch (e) {
    throw parseError(file, e);
  } finally {
    parser.destroy();
  }
}

function toCells(record: unknown): string[] {
  return Array.isArray(record) ? record.map((c: unknown) => (typeof c === 'string' ? c.trim() : '')) : [];
}

function parseError(file: string, e: unknown): InputError {
  if (isCsvError(e) && e.code === 'CSV_MAX_RECORD_SIZE') {
    const records = 'records' in e && typeof e.records === 'number' ? e.records : undefined;
    const row = records === undefined ? 'a row' : `row ${records + 1}`;
    return new InputError('too-large', file,
      `${file}: ${row} is longer than ${MAX_RECORD_CHARS.toLocaleString('en-US')} characters, the most one row may hold. ` +
        'Is a quote (") left open? Everything after it would be read as one cell', { cause: e });
  }
  if (isCsvError(e)) return new InputError('unreadable', file, `${file}: cannot parse the CSV: ${e.message}`, { cause: e });
  const reason = e instanceof Error ? e.message : String(e);
  return new InputError('unreadable', file, `${file}: cannot read the file (${reason})`, { cause: e });
}

function isCsvError(e: unknown): e is CsvError {
  return e instanceof Error && 'code' in e && typeof e.code === 'string' && e.code.startsWith('CSV_');
}
