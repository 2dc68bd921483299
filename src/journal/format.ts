// The journal's lines, as written and read back (version 2: write-ahead).
//
//   {"kind":"header","version":2,"inputSha256":…,"out":…,"correlationId":…,"startedAt":…}
//   {"kind":"intent","requestId":…,"op":"update","customer":…,"at":…,"items":[{index,rowNumber,…}]}
//   {"kind":"answer","requestId":…,"at":…,"answer":{"kind":"accepted"|"refused"|"split"|"transient",…}}
//
// An intent is written and flushed before its request is sent; its answer after. A request is known by
// its MS-RequestId, so a request re-sent by a later run (under the same ID) adds only an answer.
//
// Adding a kind of request (an `op`): add its item type to OP_ITEMS and a check for its items to
// ITEM_CHECKS below. The writer and the reader (journal.ts, read.ts) handle every op alike; what an
// op's answers mean for its rows, and what a later run sends again, is decided in resume.ts.
import type { RowResult } from '../model.js';

export const JOURNAL_VERSION = 2;

export interface JournalHeader {
  kind: 'header';
  version: typeof JOURNAL_VERSION;
  inputSha256: string;
  out: string;
  correlationId: string;
  startedAt: string;
  /** `--ticket`: the ticket the run was for. */
  ticket?: string;
}

/** What every item of every op carries: the row it came from. */
export interface JournalItemBase {
  /** 0-based index among the data rows read (MappedRow.index). */
  index: number;
  rowNumber: number;
}

/** A device and the policy a DevicePolicyUpdates request assigns it. */
export interface UpdateItem extends JournalItemBase {
  device: string;
  policy: string;
}

/**
 * A device `--register` uploads: `create-batch` creates `batch` with its devices, `add-devices` adds
 * them to it. The device is recorded whole, so a later run can send the very same body again under the
 * same MS-RequestId; `key` is what matches it to a row of that run (src/register/registration.ts).
 */
export interface RegisterItem extends JournalItemBase {
  key: string;
  label: string;
  batch: string;
  device: { hardwareHash?: string; productKey?: string; serialNumber?: string; manufacturer?: string; model?: string };
}

/** The item type of each op. */
export interface OpItems {
  update: UpdateItem;
  'create-batch': RegisterItem;
  'add-devices': RegisterItem;
}
export type JournalOp = keyof OpItems;

export type JournalIntent = {
  [Op in JournalOp]: { kind: 'intent'; requestId: string; op: Op; customer: string; at: string; items: OpItems[Op][] };
}[JournalOp];

/** What a request's final answer was, as much as a later run needs to decide about its rows. */
export type RecordedAnswer =
  /** The service took the request; `batchJobUri` is where its job is tracked. */
  | { kind: 'accepted'; httpStatus: number; batchJobUri: string; trackingId: string }
  /** Refused for good (400, 403, 404, 409): every item failed. */
  | { kind: 'refused'; httpStatus?: number; errorCode?: string; detail: string }
  /**
   * A 400 on several devices that named some or none of them: those named (`items`, by row index) failed
   * with `detail`; the service applied nothing of the request, so the others are sent again in new
   * requests, which have intents of their own.
   */
  | { kind: 'split'; httpStatus: 400; errorCode?: string; detail: string; items: number[] }
  /**
   * No answer that settles it (a timeout on every attempt, 5xx, the network): the service may have
   * applied it, so a later run sends it again under the same MS-RequestId.
   */
  | { kind: 'transient'; httpStatus?: number; errorCode?: string; detail: string };

export interface JournalAnswer {
  kind: 'answer';
  requestId: string;
  at: string;
  answer: RecordedAnswer;
}

export type JournalLine = JournalIntent | JournalAnswer;

/** A request of an earlier run: its intent, and its last recorded answer if one was written. */
export interface EarlierRequest {
  intent: JournalIntent;
  answer: RecordedAnswer | undefined;
  answeredAt: string | undefined;
}

/** Rows are matched by what was sent, not by position: the input may have been re-sorted in between. */
/** Where the journal of a run writing `out` is kept. */
export function journalPathFor(out: string): string {
  return `${out}.journal`;
}

export function journalKey(customer: string, device: string, policy: string): string {
  return `${customer}|${device}|${policy}`;
}

// ---- reading back: shape checks, so a line this tool did not write is never taken for one ----

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isItemBase(value: unknown): value is Record<string, unknown> & JournalItemBase {
  return isObject(value) && Number.isInteger(value.index) && Number.isInteger(value.rowNumber);
}

const ITEM_CHECKS: { [Op in JournalOp]: (item: unknown) => item is OpItems[Op] } = {
  update: (item): item is UpdateItem => isItemBase(item) && typeof item.device === 'string' && typeof item.policy === 'string',
  'create-batch': isRegisterItem,
  'add-devices': isRegisterItem,
};

function isRegisterItem(item: unknown): item is RegisterItem {
  return (
    isItemBase(item) &&
    typeof item.key === 'string' &&
    typeof item.label === 'string' &&
    typeof item.batch === 'string' &&
    isObject(item.device) &&
    Object.values(item.device).every((value) => typeof value === 'string')
  );
}

export function isHeader(value: unknown): value is JournalHeader {
  return isObject(value) && value.kind === 'header' && value.version === JOURNAL_VERSION && typeof value.inputSha256 === 'string';
}

/** The version an older header names, for the message that says why it was not used. */
export function headerVersion(value: unknown): number | undefined {
  return isObject(value) && value.kind === 'header' && typeof value.version === 'number' ? value.version : undefined;
}

export function isIntent(value: unknown): value is JournalIntent {
  if (!isObject(value) || value.kind !== 'intent' || typeof value.requestId !== 'string' || typeof value.customer !== 'string') return false;
  const op = value.op;
  if (typeof op !== 'string' || !Object.hasOwn(ITEM_CHECKS, op)) return false;
  const check = ITEM_CHECKS[op as JournalOp];
  return Array.isArray(value.items) && value.items.length > 0 && value.items.every((item) => check(item));
}

export function isAnswer(value: unknown): value is JournalAnswer {
  if (!isObject(value) || value.kind !== 'answer' || typeof value.requestId !== 'string' || !isObject(value.answer)) return false;
  const a = value.answer;
  switch (a.kind) {
    case 'accepted':
      return typeof a.httpStatus === 'number' && typeof a.batchJobUri === 'string' && typeof a.trackingId === 'string';
    case 'refused':
      return typeof a.detail === 'string';
    case 'split':
      return a.httpStatus === 400 && typeof a.detail === 'string' && Array.isArray(a.items) && a.items.every((i) => Number.isInteger(i));
    case 'transient':
      return typeof a.detail === 'string';
    default:
      return false;
  }
}

/** The Detail of an accepted row. */
export function acceptedDetail(httpStatus: number, trackingId: string): string {
  return `accepted (HTTP ${httpStatus}); batch job ${trackingId}`;
}

/** An accepted row: what the service answered, and the request that decided it. */
export function acceptedRow(
  row: number,
  requestId: string,
  at: string,
  answer: { httpStatus: number; batchJobUri: string; trackingId: string },
): RowResult {
  return {
    row,
    status: 'accepted',
    detail: acceptedDetail(answer.httpStatus, answer.trackingId),
    batchJobUri: answer.batchJobUri,
    trackingId: answer.trackingId,
    httpStatus: answer.httpStatus,
    requestId,
    sentAt: at,
  };
}

/** A failed row: the service's refusal (or why no answer settled it), and the request that decided it. */
export function failedRow(
  row: number,
  requestId: string,
  at: string,
  failure: { httpStatus?: number; errorCode?: string; detail: string },
): RowResult {
  return {
    row,
    status: 'failed',
    detail: failure.detail,
    ...(failure.httpStatus === undefined ? {} : { httpStatus: failure.httpStatus }),
    ...(failure.errorCode === undefined ? {} : { errorCode: failure.errorCode }),
    requestId,
    sentAt: at,
  };
}

/** The row result an answer gives one of its items (for ops whose rows take the answer as it is). */
export function answerRowResult(row: number, requestId: string, answer: RecordedAnswer, at: string): RowResult | undefined {
  switch (answer.kind) {
    case 'accepted':
      return acceptedRow(row, requestId, at, answer);
    case 'refused':
    case 'split':
      return failedRow(row, requestId, at, answer);
    case 'transient':
      return undefined;
  }
}
