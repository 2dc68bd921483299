// The result columns as data: which RowResult key each column holds, how a result becomes cells and how
// cells become a result again. Every format goes through here, so XLSX, CSV and JSON cannot disagree.
import { DEVICE_STATUSES, REGISTERED_COLUMNS, RESOLVED_COLUMNS, RESULT_COLUMNS, STATUSES, type ResultColumn, type RowResult } from '../model.js';
import { RecordError } from './errors.js';

type ExtraColumn = (typeof RESOLVED_COLUMNS)[number] | (typeof REGISTERED_COLUMNS)[number];

/**
 * Which optional columns follow the result columns (SPEC §2 Resolution): none; `Resolved Device ID` and
 * `Resolved Policy ID` when a row was resolved; and `Registered` after them when a device was registered.
 * `failures` is the failures file's (`--failures`): only `Row`, `Status` and `Detail`.
 */
export type ResultLayout = 'plain' | 'resolved' | 'registered' | 'failures';

/** Column → RowResult key. The keys are also the JSON row keys (SPEC §2: camelCase of the columns). */
export const RESULT_KEYS = {
  Row: 'row',
  Status: 'status',
  Detail: 'detail',
  'Batch Job URI': 'batchJobUri',
  'Tracking ID': 'trackingId',
  'HTTP Status': 'httpStatus',
  'Error Code': 'errorCode',
  'Request ID': 'requestId',
  'Sent At': 'sentAt',
  'Job Status': 'jobStatus',
  'Device Status': 'deviceStatus',
  'Device Error': 'deviceError',
  'Checked At': 'checkedAt',
  'Resolved Device ID': 'resolvedDeviceId',
  'Resolved Policy ID': 'resolvedPolicyId',
  Registered: 'registered',
} as const satisfies Record<ResultColumn | ExtraColumn, keyof RowResult>;

export type ResultKey = (typeof RESULT_KEYS)[keyof typeof RESULT_KEYS];
// Fails to compile when RowResult gains a key that no column writes, so no outcome is silently dropped.
const everyKeyHasAColumn: [Exclude<keyof RowResult, ResultKey>] extends [never] ? true : never = true;
void everyKeyHasAColumn;

const NUMERIC_KEYS: ReadonlySet<ResultKey> = new Set(['row', 'httpStatus']);

export type CellValue = string | number | undefined;

const NAMES: Record<ResultLayout, readonly (ResultColumn | ExtraColumn)[]> = {
  plain: RESULT_COLUMNS,
  resolved: [...RESULT_COLUMNS, ...RESOLVED_COLUMNS],
  registered: [...RESULT_COLUMNS, ...RESOLVED_COLUMNS, ...REGISTERED_COLUMNS],
  failures: ['Row', 'Status', 'Detail'],
};
const KEYS: Record<ResultLayout, readonly ResultKey[]> = {
  plain: NAMES.plain.map((name) => RESULT_KEYS[name]),
  resolved: NAMES.resolved.map((name) => RESULT_KEYS[name]),
  registered: NAMES.registered.map((name) => RESULT_KEYS[name]),
  failures: NAMES.failures.map((name) => RESULT_KEYS[name]),
};
// A failures file is never widened into: any results layout holds more.
const WIDTH: Record<ResultLayout, number> = { failures: -1, plain: 0, resolved: 1, registered: 2 };

/** The layout results need: the optional columns appear when some row fills them. */
export function layoutOf(results: Iterable<RowResult>): ResultLayout {
  let layout: ResultLayout = 'plain';
  for (const r of results) layout = widerLayout(layout, rowLayout((key) => r[key] !== undefined));
  return layout;
}

/** The layout one row needs, by which of the optional keys it has. */
export function rowLayout(has: (key: 'registered' | 'resolvedDeviceId' | 'resolvedPolicyId') => boolean): ResultLayout {
  if (has('registered')) return 'registered';
  return has('resolvedDeviceId') || has('resolvedPolicyId') ? 'resolved' : 'plain';
}

/** The layout holding both: a rewrite keeps the columns a file had, and adds those its rows now fill. */
export function widerLayout(a: ResultLayout, b: ResultLayout): ResultLayout {
  return WIDTH[a] >= WIDTH[b] ? a : b;
}

export function resultColumnNames(layout: ResultLayout): string[] {
  return [...NAMES[layout]];
}

/** The RowResult keys in column order. Shared, not copied: it is asked for once per row. */
export function resultKeys(layout: ResultLayout): readonly ResultKey[] {
  return KEYS[layout];
}

/** Where each result key sits among the result columns; keys of columns the layout lacks are absent. */
export function resultKeyIndex(layout: ResultLayout): Map<ResultKey, number> {
  return new Map(resultKeys(layout).map((key, i) => [key, i]));
}

export function isNumericKey(key: ResultKey): boolean {
  return NUMERIC_KEYS.has(key);
}

/** The result's cells in column order; numbers stay numbers (Row, HTTP Status), absent ones undefined. */
export function resultValues(result: RowResult, layout: ResultLayout): CellValue[] {
  return resultKeys(layout).map((key) => result[key]);
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
  const optional: Array<Exclude<ResultKey, 'row' | 'status' | 'detail' | 'httpStatus' | 'deviceStatus'>> = [
    'batchJobUri', 'trackingId', 'errorCode', 'requestId', 'sentAt', 'jobStatus', 'deviceError', 'checkedAt',
    'resolvedDeviceId', 'resolvedPolicyId', 'registered',
  ];
  const httpStatus = integer('httpStatus', 'HTTP Status');
  if (httpStatus !== undefined) result.httpStatus = httpStatus;
  if (deviceStatus !== undefined) result.deviceStatus = deviceStatus;
  for (const key of optional) {
    const value = rawText(get(key));
    if (value !== '') result[key] = value;
  }
  return result;
}

/**
 * Splits a results file's header into the input headers and the result columns, recognised by their
 * exact names at the end (an input column may itself be called `Row (input)` or even `Status`).
 */
export function splitHeader(all: string[], path: string): { headers: string[]; layout: ResultLayout } {
  const split = resultsHeader(all);
  if (split === undefined) {
    throw new RecordError('not-results-file', path,
      `${path} is not a results file: expected its header to end with ${RESULT_COLUMNS.join(', ')}; ` +
      `got ${all.slice(-RESULT_COLUMNS.length).join(', ') || 'no header'}`);
  }
  return split;
}

/** splitHeader's test without the error: undefined when the header does not end with the result columns. */
export function resultsHeader(all: readonly string[]): { headers: string[]; layout: ResultLayout } | undefined {
  const endsWith = (names: readonly string[]): boolean => all.length >= names.length && names.every((name, i) => all[all.length - names.length + i] === name);
  // Widest first: a file with the Registered column also has the resolved ones before it.
  const layout = (['registered', 'resolved', 'plain'] as const).find((l) => endsWith(NAMES[l]));
  if (layout === undefined) return undefined;
  return { headers: all.slice(0, all.length - NAMES[layout].length), layout };
}

/** Unique keys for duplicate headers (`Notes`, `Notes (2)`), as JSON objects need. */
export function uniqueKeys(headers: readonly string[]): string[] {
  const taken = new Set(headers);
  const seen = new Set<string>();
  return headers.map((header) => {
    if (!seen.has(header)) {
      seen.add(header);
      return header;
    }
    let n = 2;
    while (taken.has(`${header} (${n})`) || seen.has(`${header} (${n})`)) n++;
    const key = `${header} (${n})`;
    seen.add(key);
    return key;
  });
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
