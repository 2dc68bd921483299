// Reading a results file back as its user would: the XLSX through exceljs (what Excel shows), the CSV
// through csv-parse, the JSON through JSON.parse. Nothing here comes from src/: the file is the contract.
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import ExcelJS from '../../src/vendor/exceljs.js';
import type * as XL from 'exceljs';

/** The result columns written before the input's own: what a ticket reader looks at first. */
export const LEAD_HEADERS = ['Row', 'Status', 'Detail'] as const;
/** The result columns written after the input's own, in this order. */
export const TRAIL_HEADERS = [
  'Batch Job URI', 'Tracking ID', 'HTTP Status', 'Error Code', 'Request ID', 'Sent At',
  'Job Status', 'Device Status', 'Device Error', 'Checked At',
] as const;

/**
 * The last column of a results file with a row invalid by its own cells (a fingerprint of them, so that
 * fed back unchanged the row stays invalid).
 */
export const INPUT_CHECK = 'Input Check';
/** TRAIL_HEADERS with the Input Check column after them. */
export const CHECKED_TRAIL_HEADERS = [...TRAIL_HEADERS, INPUT_CHECK] as const;

/** A results file's whole header for these input headers (SPEC §2 "Results file", as issue 22 ordered it). */
export function resultsHeaders(input: readonly string[], trail: readonly string[] = TRAIL_HEADERS): string[] {
  return [...LEAD_HEADERS, ...input, ...trail];
}

/** The input's own headers in a results file's header (between the lead and the trailing result columns). */
export function inputHeadersOf(headers: readonly string[], trail: readonly string[] = TRAIL_HEADERS): string[] {
  return headers.slice(LEAD_HEADERS.length, headers.length - trail.length);
}

/** Every status a row can have (SPEC §2), so a summary's `byStatus` can be checked for completeness. */
export const STATUSES = ['applied', 'accepted', 'unchanged', 'failed', 'invalid', 'duplicate', 'planned', 'not-sent'] as const;
export type Status = (typeof STATUSES)[number];

export interface XlsxResults {
  sheets: string[];
  /** Row 1 of `Results`, as written (repeated headers stay repeated). */
  headers: string[];
  /** Data rows of `Results` by header, raw exceljs values: a number stays a number, a formula an object. */
  rows: Record<string, XL.CellValue>[];
  /** Each `Results` data row's cells in column order (for checks that repeated headers would hide). */
  cells: XL.CellValue[][];
  /**
   * The `Summary` sheet read as label (column A) → value (column B); the first label wins, so `Rows` is
   * the run's row count and not the header of the status table below it, and each status name gives its
   * count from the "Counts by status" table.
   */
  summary: Map<string, XL.CellValue>;
}

export async function readXlsxResults(path: string): Promise<XlsxResults> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const results = workbook.getWorksheet('Results');
  if (results === undefined) throw new Error(`${path}: no Results sheet (sheets: ${workbook.worksheets.map((w) => w.name).join(', ')})`);
  const width = results.getRow(1).cellCount;
  const headers = Array.from({ length: width }, (_, i) => String(results.getCell(1, i + 1).value ?? ''));
  const cells: XL.CellValue[][] = [];
  for (let r = 2; r <= results.rowCount; r++) {
    cells.push(Array.from({ length: width }, (_, i) => results.getCell(r, i + 1).value));
  }
  const summary = new Map<string, XL.CellValue>();
  const summarySheet = workbook.getWorksheet('Summary');
  if (summarySheet !== undefined) {
    for (let r = 1; r <= summarySheet.rowCount; r++) {
      const label = summarySheet.getCell(r, 1).value;
      if (typeof label === 'string' && label !== '' && !summary.has(label)) summary.set(label, summarySheet.getCell(r, 2).value);
    }
  }
  return {
    sheets: workbook.worksheets.map((w) => w.name),
    headers,
    rows: cells.map((row) => byHeader(headers, row)),
    cells,
    summary,
  };
}

export interface CsvResults {
  /** Whether the file starts with a UTF-8 byte-order mark (what makes Excel read it as UTF-8). */
  bom: boolean;
  /** The separator: the input's (SPEC §2: a CSV result speaks its input's dialect). */
  delimiter: ',' | ';' | '\t';
  headers: string[];
  rows: Record<string, string>[];
  cells: string[][];
}

export async function readCsvResults(path: string): Promise<CsvResults> {
  const bytes = await readFile(path);
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  // The separator under which the first line starts with the lead result columns.
  const firstLine = bytes.toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '';
  const delimiter = ([',', ';', '\t'] as const).find((d) => firstLine.split(d).slice(0, LEAD_HEADERS.length).join('|') === LEAD_HEADERS.join('|')) ?? ',';
  const records: string[][] = parse(bytes, { bom: true, relax_column_count: false, delimiter });
  const [headers = [], ...cells] = records;
  return { bom, delimiter, headers, rows: cells.map((row) => byHeader(headers, row)), cells };
}

/** The run summary: the fields SPEC §2 Output promises (the JSON holds more; tests use these). */
export interface SummaryJson {
  input: string;
  inputSha256: string;
  rows: number;
  byStatus: Record<string, number>;
  customers: number;
  requests: number;
  batchJobs: number;
  correlationId: string;
  endpoint: string;
  startedAt: string;
  finishedAt: string;
  exitCode: number;
  sheet?: string;
  options?: Record<string, unknown>;
  perCustomer?: { customer: string; rows: number; requests: number }[];
}

export interface JsonResultRow {
  row: number;
  status: Status;
  detail?: string;
  batchJobUri?: string;
  input: Record<string, string>;
}

export interface JsonResults {
  summary: SummaryJson;
  rows: JsonResultRow[];
}

export async function readJsonResults(path: string): Promise<JsonResults> {
  return parseJson<JsonResults>(await readFile(path, 'utf8'), path);
}

/** Parses text that must be JSON and nothing else (e.g. `--json` stdout), naming where it came from. */
export function parseJson<T>(text: string, what: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new Error(`${what} is not pure JSON: ${e instanceof Error ? e.message : String(e)}\n${text.slice(0, 500)}`);
  }
}

/** A cell as the text a person reads: rich text joined, a hyperlink's text, a formula's result. */
export function cellText(value: XL.CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'object') return String(value);
  if (value instanceof Date) return value.toISOString();
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('text' in value) return cellText(value.text);
  if ('result' in value) return cellText(value.result as XL.CellValue);
  return JSON.stringify(value);
}

/** A row by header; a header that repeats is keyed `Header (2)`, `Header (3)`… in the order met. */
function byHeader<T>(headers: string[], row: T[]): Record<string, T> {
  const out: Record<string, T> = {};
  const seen = new Map<string, number>();
  headers.forEach((h, i) => {
    const n = (seen.get(h) ?? 0) + 1;
    seen.set(h, n);
    const value = row[i];
    if (value !== undefined) out[n === 1 ? h : `${h} (${n})`] = value;
  });
  return out;
}
