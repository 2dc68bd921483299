// The result columns meet the input's columns in two ways (SPEC §2 Results file): an input column
// that happens to share a result column's name is kept and renamed; a results file given back as
// input has its result columns replaced, and what they record is read back as each row's prior outcome.
import { FAILURES_COLUMNS, INPUT_CHECK_COLUMN, OUTPUT_COLUMNS, type OutputColumn, type ResultColumn } from '../results/columns.js';
import { STATUSES, DEVICE_STATUSES, type DeviceStatus, type RowResult, type Status } from '../model.js';

// The Hash columns too: a results file fed back has them replaced (its hashes are read again), and an
// input column that happens to bear one of their names is kept and renamed like any other.
const OUTPUT_NAMES: ReadonlySet<string> = new Set<string>(OUTPUT_COLUMNS);

/** Written by us, so matched exactly: a vendor's "status" column must not pass for a results file. */
const RESULTS_FILE_MARKERS: readonly ResultColumn[] = ['Row', 'Status', 'Detail', 'Batch Job URI'];
/**
 * A failures file (`--failures`) starts with exactly these and ends with `Results File`, the input's own
 * columns between; earlier versions wrote them after the input's columns, as its last ones.
 */
const FAILURES_FILE_LEAD: readonly ResultColumn[] = ['Row', 'Status', 'Detail'];
const FAILURES_FILE_END: string = FAILURES_COLUMNS[0];

export interface HeaderShape {
  /** Input columns to write back, as indexes into the headers, in order. */
  keep: number[];
  /** Their headers in the results file. */
  outputHeaders: string[];
  isResultsFile: boolean;
  /** Where a results file holds each result column. Empty for an ordinary input. */
  priorColumns: Partial<Record<OutputColumn, number>>;
}

export function inspectHeaders(headers: readonly string[]): HeaderShape {
  const isResultsFile = RESULTS_FILE_MARKERS.every((m) => headers.includes(m)) || looksLikeFailuresFile(headers);
  const keep: number[] = [];
  const outputHeaders: string[] = [];
  const priorColumns: Partial<Record<OutputColumn, number>> = {};
  headers.forEach((header, i) => {
    if (!isOutputColumn(header)) {
      keep.push(i);
      outputHeaders.push(header);
    } else if (isResultsFile) {
      // The first of a name wins, as it would for a reader looking across the sheet.
      priorColumns[header] ??= i;
    } else {
      keep.push(i);
      outputHeaders.push(`${header} (input)`);
    }
  });
  return { keep, outputHeaders, isResultsFile, priorColumns };
}

function looksLikeFailuresFile(all: readonly string[]): boolean {
  // The Input Check column, when there, is the last of all.
  const headers = all.at(-1) === INPUT_CHECK_COLUMN ? all.slice(0, -1) : all;
  const same = (part: readonly string[]): boolean => part.length === FAILURES_FILE_LEAD.length && FAILURES_FILE_LEAD.every((name, i) => part[i] === name);
  const framed = same(headers.slice(0, FAILURES_FILE_LEAD.length)) && headers[headers.length - 1] === FAILURES_FILE_END;
  return framed || same(headers.slice(-FAILURES_FILE_LEAD.length));
}

function isOutputColumn(header: string): header is OutputColumn {
  return OUTPUT_NAMES.has(header);
}

/** The outcome a results file records for a row; undefined when it records none (empty Status). */
export function priorResult(cells: readonly string[], priorColumns: Partial<Record<OutputColumn, number>>): RowResult | undefined {
  const cell = (column: OutputColumn): string | undefined => {
    const index = priorColumns[column];
    const text = index === undefined ? '' : (cells[index] ?? '').trim();
    return text === '' ? undefined : text;
  };
  const status = asStatus(cell('Status'));
  const row = recordedRow(cells, priorColumns);
  if (status === undefined || row === undefined) return undefined;
  const result: RowResult = { row, status, detail: cell('Detail') ?? '' };
  const optional: Partial<RowResult> = {
    batchJobUri: cell('Batch Job URI'),
    trackingId: cell('Tracking ID'),
    httpStatus: asWholeNumber(cell('HTTP Status')),
    errorCode: cell('Error Code'),
    requestId: cell('Request ID'),
    sentAt: cell('Sent At'),
    jobStatus: cell('Job Status'),
    deviceStatus: asDeviceStatus(cell('Device Status')),
    deviceError: cell('Device Error'),
    checkedAt: cell('Checked At'),
    resolvedDeviceId: cell('Resolved Device ID'),
    resolvedPolicyId: cell('Resolved Policy ID'),
    registered: cell('Registered'),
    runs: asWholeNumber(cell('Runs')),
    resultsFile: cell('Results File'),
    inputCheck: cell(INPUT_CHECK_COLUMN),
  };
  // Absent rather than undefined-valued keys, so the rebuilt result equals the one first written.
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) Object.assign(result, { [key]: value });
  }
  return result;
}

/**
 * The row of the original sheet a results file's row names (its `Row` cell), whatever its Status says:
 * a row someone cleared the Status of still stands for that row.
 */
export function recordedRow(cells: readonly string[], priorColumns: Partial<Record<OutputColumn, number>>): number | undefined {
  const index = priorColumns.Row;
  return index === undefined ? undefined : asWholeNumber((cells[index] ?? '').trim());
}

function asStatus(text: string | undefined): Status | undefined {
  return STATUSES.find((s) => s === text?.toLowerCase());
}


function asDeviceStatus(text: string | undefined): DeviceStatus | undefined {
  return DEVICE_STATUSES.find((s) => s === text?.toLowerCase());
}

function asWholeNumber(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}
