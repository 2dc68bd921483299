// A results file read back, whatever its format: its header taken apart (by layout.ts's rules) and each
// row's cells made a RowResult again, or the error that names the file, the row and the column that is
// not as written. The CSV and XLSX readers hand their rows to ResultsTableReader one by one.
import { DEVICE_STATUSES, STATUSES, type RowResult } from '../model.js';
import type { ResultKey } from '../results/columns.js';
import { LEAD, resultsHeader, TRAIL, type SplitHeader } from '../results/layout.js';
import { RecordError } from './errors.js';
import { isBlankRow, type ResultRow } from './table.js';

/** A results table taken row by row: blank rows are skipped, the first other row is its header. */
export class ResultsTableReader {
  header: SplitHeader | undefined;
  readonly rows: ResultRow[] = [];

  constructor(readonly path: string) {}

  /**
   * One row: `texts`, its cells as text; `where`, the row as a message names it ("record 12 of r.csv");
   * `value`, a result column's value where the format keeps numbers (XLSX), else its text.
   */
  add(texts: string[], where: string, value: (at: number) => string | number | undefined = (at) => texts[at]): void {
    if (isBlankRow(texts)) return;
    if (this.header === undefined) {
      this.header = splitHeader(texts, this.path);
      return;
    }
    const { inputAt, keyAt } = this.header;
    const get = (key: ResultKey): string | number | undefined => {
      const at = keyAt.get(key);
      return at === undefined ? undefined : value(at);
    };
    this.rows.push({ input: inputAt.map((i) => texts[i] ?? ''), result: rowResultFrom(get, where, this.path) });
  }
}

/**
 * Rebuilds a RowResult from the text (or number) of its cells; `get` answers per key. Empty text is an
 * absent value. `where` names the row for the error message ("row 12 of results.csv").
 */
export function rowResultFrom(get: (key: ResultKey) => string | number | undefined, where: string, path: string): RowResult {
  const text = (key: ResultKey): string | undefined => {
    const value = get(key);
    const s = value === undefined ? '' : String(value).trim();
    return s === '' ? undefined : s;
  };
  const integer = (key: ResultKey, column: string): number | undefined => {
    const s = text(key);
    if (s === undefined) return undefined;
    const n = Number(s);
    if (!Number.isInteger(n)) throw badValue(path, where, column, s, 'a whole number');
    return n;
  };
  const row = integer('row', 'Row');
  if (row === undefined) throw badValue(path, where, 'Row', '', 'a row number');
  const status = text('status');
  if (!isOneOf(status, STATUSES)) throw badValue(path, where, 'Status', status ?? '', STATUSES.join(', '));
  const deviceStatus = text('deviceStatus');
  if (deviceStatus !== undefined && !isOneOf(deviceStatus, DEVICE_STATUSES)) {
    throw badValue(path, where, 'Device Status', deviceStatus, DEVICE_STATUSES.join(', '));
  }
  const result: RowResult = { row, status, detail: rawText(get('detail')) };
  const optional: Array<Exclude<ResultKey, 'row' | 'status' | 'detail' | 'httpStatus' | 'deviceStatus' | 'runs'>> = [
    'batchJobUri', 'trackingId', 'errorCode', 'requestId', 'sentAt', 'jobStatus', 'deviceError', 'checkedAt',
    'resolvedDeviceId', 'resolvedPolicyId', 'registered', 'resultsFile', 'hashSerial', 'hashManufacturer', 'hashModel', 'inputCheck',
  ];
  const httpStatus = integer('httpStatus', 'HTTP Status');
  if (httpStatus !== undefined) result.httpStatus = httpStatus;
  const runs = integer('runs', 'Runs');
  if (runs !== undefined) result.runs = runs;
  if (deviceStatus !== undefined) result.deviceStatus = deviceStatus;
  for (const key of optional) {
    const value = rawText(get(key));
    if (value !== '') result[key] = value;
  }
  return result;
}

/**
 * Splits a results file's header into the input headers and the result columns, recognised by their
 * exact names and places (an input column may itself be called `Row (input)` or even `Status`).
 */
export function splitHeader(all: string[], path: string): SplitHeader {
  const split = resultsHeader(all);
  if (split === undefined) {
    throw new RecordError('not-results-file', path,
      `${path} is not a results file: expected its header to start with ${LEAD.join(', ')} and end with ${TRAIL.join(', ')}; ` +
      `got ${all.join(', ') || 'no header'}`);
  }
  return split;
}

// Detail and the other free-text columns keep their spaces; only the parsed ones are trimmed.
function rawText(value: string | number | undefined): string {
  return value === undefined ? '' : String(value);
}

function isOneOf<T extends string>(value: string | undefined, allowed: readonly T[]): value is T {
  return value !== undefined && (allowed as readonly string[]).includes(value);
}

function badValue(path: string, where: string, column: string, got: string, expected: string): RecordError {
  return new RecordError('bad-value', path, `${where}: ${column} must be ${expected}; got "${got}"`);
}
