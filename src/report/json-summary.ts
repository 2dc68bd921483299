// What `--json` prints (apply and status alike): the contract a ticket job reads instead of the console.
// Versioned; its JSON Schema ships with the package (schema/summary.schema.json) and a test holds real
// outputs to it. Within a schemaVersion fields are only ever added: a field removed, renamed or given
// another meaning is a new schemaVersion.
import type { RunSummary } from '../results/run-summary.js';
import { attentionStatus, reasonKind, reasonOf, type AttentionStatus } from './attention.js';
import { outcomeOf, type Outcome } from '../results/exit-codes.js';
import type { AttentionRow } from './report.js';

export const SUMMARY_SCHEMA_VERSION = 1;

/** A row that needs someone to act, as automation reads it. */
export interface JsonAttentionRow {
  /** The row of the original sheet. */
  row: number;
  status: AttentionStatus;
  /** The device as the row names it (its ID, else its serial number or product key); '' when it names none. */
  device: string;
  serial?: string;
  /** The customer as the summary keys it (its GUID, or the cell's text when that is none); '' when none. */
  customer: string;
  customerName?: string;
  reason: {
    /** The service's error code: the device's in its batch job (808…), else the request's. */
    code?: string;
    httpStatus?: number;
    /** The kind of reason, the row's particulars left out: rows failing alike share it (the report's groups). */
    kind: string;
    /** The row's own reason in full. */
    text: string;
  };
  /** The MS-RequestId of the row's request, to quote to Microsoft. */
  requestId?: string;
  /** The batch job the device is tracked in. */
  trackingId?: string;
}

/** The files the run wrote or left, by what they are. */
export interface JsonFiles {
  results?: string;
  report?: string;
  failures?: string;
  log?: string;
  /** A journal left for the same command to finish the run (rows not sent, answers not final). */
  journal?: string;
}

export interface JsonSummary extends RunSummary {
  schemaVersion: typeof SUMMARY_SCHEMA_VERSION;
  /** The exit code in one word: done, needs-attention, not-started, pending, interrupted. */
  outcome: Outcome;
  /** Every row that needs attention, in row order. */
  attention: JsonAttentionRow[];
  files: JsonFiles;
  /** The command that records the rows to fix into the results file once fixed (a failures file was written). */
  intoCommand?: string;
}

/** What `--json` prints when the command could not start at all (exit 2 before any summary). */
export interface JsonFailure {
  schemaVersion: typeof SUMMARY_SCHEMA_VERSION;
  command: 'apply' | 'status';
  outcome: Outcome;
  exitCode: number;
  /** Why, as stderr says it. */
  error: string;
}

export interface JsonParts {
  command: 'apply' | 'status';
  /** The process's exit code (it may differ from the recorded summary's: status on an apply's file). */
  exitCode: number;
  attention: readonly AttentionRow[];
  files: JsonFiles;
  intoCommand?: string | undefined;
}

export function jsonSummary(summary: RunSummary, parts: JsonParts): JsonSummary {
  const names = new Map(summary.perCustomer.flatMap((c) => (c.name === undefined ? [] : [[c.customer, c.name] as const])));
  const attention = parts.attention
    .flatMap((r) => {
      const row = jsonAttentionRow(r, names);
      return row === undefined ? [] : [row];
    })
    .sort((a, b) => a.row - b.row);
  return {
    ...summary,
    schemaVersion: SUMMARY_SCHEMA_VERSION,
    command: parts.command,
    exitCode: parts.exitCode,
    outcome: outcomeOf(parts.exitCode),
    attention,
    files: withoutUndefined(parts.files),
    ...(parts.intoCommand === undefined ? {} : { intoCommand: parts.intoCommand }),
  };
}

export function jsonFailure(command: 'apply' | 'status', exitCode: number, error: string): JsonFailure {
  return { schemaVersion: SUMMARY_SCHEMA_VERSION, command, outcome: outcomeOf(exitCode), exitCode, error };
}

function jsonAttentionRow(r: AttentionRow, names: ReadonlyMap<string, string>): JsonAttentionRow | undefined {
  const status = attentionStatus(r.result);
  if (status === undefined) return undefined;
  const { result } = r;
  const code = serviceCode(r);
  const name = names.get(r.customer);
  return {
    row: r.row,
    status,
    device: r.device,
    ...(r.serial === undefined || r.serial === '' ? {} : { serial: r.serial }),
    customer: r.customer,
    ...(name === undefined ? {} : { customerName: name }),
    reason: {
      ...(code === undefined ? {} : { code }),
      ...(result.httpStatus === undefined || result.httpStatus < 400 ? {} : { httpStatus: result.httpStatus }),
      kind: reasonKind(result, r.device),
      text: reasonOf(result),
    },
    ...(result.requestId === undefined ? {} : { requestId: result.requestId }),
    ...(result.trackingId === undefined ? {} : { trackingId: result.trackingId }),
  };
}

/**
 * The device's error code from its batch job (Device Error starts with it: `808 ZtdDevice…`, or the
 * name alone when the service gave no number), else the request's Error Code.
 */
function serviceCode({ result }: AttentionRow): string | undefined {
  if (result.deviceStatus === 'failed' && result.deviceError !== undefined) {
    const lead = /^(\d+|Ztd\w+)\b/.exec(result.deviceError)?.[1];
    if (lead !== undefined) return lead;
  }
  return result.errorCode;
}

function withoutUndefined(files: JsonFiles): JsonFiles {
  return Object.fromEntries(Object.entries(files).filter((e) => e[1] !== undefined)) as JsonFiles;
}
