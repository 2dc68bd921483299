// The result columns by name (SPEC §2 Results file): those every results file has, the groups that
// follow them when some row fills them, and the RowResult key each column holds, which is also the
// JSON row key. Where each column goes is layout.ts's.
import type { RowResult } from '../model.js';

/**
 * The result columns of SPEC §2 that every results file has. `Row`, `Status` and `Detail` are written
 * before the input's own columns (so that Status is on the first screen), the others after them
 * (layout.ts keeps the order).
 */
export const RESULT_COLUMNS = [
  'Row',
  'Status',
  'Detail',
  'Batch Job URI',
  'Tracking ID',
  'HTTP Status',
  'Error Code',
  'Request ID',
  'Sent At',
  'Job Status',
  'Device Status',
  'Device Error',
  'Checked At',
] as const;
export type ResultColumn = (typeof RESULT_COLUMNS)[number];

/** Extra columns written only when some row was resolved (SPEC §2 Resolution). */
export const RESOLVED_COLUMNS = ['Resolved Device ID', 'Resolved Policy ID'] as const;

/** Written after the resolved columns only when `--register` registered some device (SPEC §2 Resolution). */
export const REGISTERED_COLUMNS = ['Registered'] as const;

/** Written when a row was attempted more than once in the same results file (`apply --into`). */
export const RUNS_COLUMNS = ['Runs'] as const;

/** A failures file's last column: the results file its rows came from, for `apply FIXES --into RESULTS`. */
export const FAILURES_COLUMNS = ['Results File'] as const;

/**
 * Written when the input has a hardware hash column (SPEC §2 Input): what each row's hash says. After the
 * other result columns (Input Check aside), so that they never push Status off the first screen.
 */
export const HASH_COLUMNS = ['Hash Serial', 'Hash Manufacturer', 'Hash Model'] as const;

/**
 * The last column, written only when some row is invalid by its own cells: a fingerprint of those
 * cells, so that a results file fed back keeps the row invalid until its cells change (a number Excel
 * mangled reads as a plain ID once written back as text).
 */
export const INPUT_CHECK_COLUMN = 'Input Check' as const;

/** The columns of the optional groups, which follow RESULT_COLUMNS when some row fills them. */
export type ExtraColumn =
  | (typeof RESOLVED_COLUMNS)[number]
  | (typeof REGISTERED_COLUMNS)[number]
  | (typeof RUNS_COLUMNS)[number]
  | (typeof FAILURES_COLUMNS)[number]
  | (typeof HASH_COLUMNS)[number]
  | typeof INPUT_CHECK_COLUMN;

/** Every column the tool writes beside the input's own. */
export type OutputColumn = ResultColumn | ExtraColumn;

export const OUTPUT_COLUMNS: readonly OutputColumn[] = [
  ...RESULT_COLUMNS, ...RESOLVED_COLUMNS, ...REGISTERED_COLUMNS, ...RUNS_COLUMNS, ...FAILURES_COLUMNS, ...HASH_COLUMNS, INPUT_CHECK_COLUMN,
];

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
  Runs: 'runs',
  'Results File': 'resultsFile',
  'Hash Serial': 'hashSerial',
  'Hash Manufacturer': 'hashManufacturer',
  'Hash Model': 'hashModel',
  [INPUT_CHECK_COLUMN]: 'inputCheck',
} as const satisfies Record<OutputColumn, keyof RowResult>;

export type ResultKey = (typeof RESULT_KEYS)[keyof typeof RESULT_KEYS];
export type ColumnName = keyof typeof RESULT_KEYS;
// Fails to compile when RowResult gains a key that no column writes, so no outcome is silently dropped.
const everyKeyHasAColumn: [Exclude<keyof RowResult, ResultKey>] extends [never] ? true : never = true;
void everyKeyHasAColumn;

const NUMERIC_KEYS: ReadonlySet<ResultKey> = new Set(['row', 'httpStatus', 'runs']);

export type CellValue = string | number | undefined;

export function isNumericKey(key: ResultKey): boolean {
  return NUMERIC_KEYS.has(key);
}
