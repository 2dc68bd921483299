// What registering made of each row (SPEC §2 Registration): a new device ID to assign the policy to, or
// the row's final word when it cannot go on (the upload refused, the device refused in its job, the job
// not finished in time, the run interrupted). Pure: the upload answers and job outcomes in, verdicts out.
import type { RowResult } from '../model.js';
import type { ItemOutcome } from '../send/outcomes.js';
import type { RegistrationPlan } from './plan-uploads.js';
import type { UploadOutcome } from './upload-outcomes.js';

export type RowRegistration =
  | { kind: 'registered'; deviceId: string; batch: string }
  /** The row's result as it stands: `failed`, or `not-sent` when a later run can finish it. */
  | { kind: 'stopped'; result: RowResult };

export interface RegistrationAnswers {
  /** By row index: how its upload request ended (accepted, failed, not-sent). */
  sent: ReadonlyMap<number, ItemOutcome>;
  /** By row index: what the upload job said of the device, for rows whose upload was accepted. */
  tracked: ReadonlyMap<number, UploadOutcome>;
  /** Why the tracked jobs were not all seen to the end (time out, Ctrl-C), if they were not. */
  unfinishedBecause: string | undefined;
  /** By row index: rows whose upload an earlier run of the same input settled for good (refused). */
  settled?: ReadonlyMap<number, RowResult>;
}

/** A row uploaded this run or by an earlier one: its row number and the batch it went into. */
export interface UploadedRow {
  rowNumber: number;
  batch: string;
  customer: string;
}

/**
 * One verdict per uploaded row (`uploaded`, by row index), per row an earlier run settled, and per row
 * that repeats one of their devices (sharing its verdict).
 */
export function registrationResults(
  outcomes: RegistrationPlan['outcomes'],
  uploaded: ReadonlyMap<number, UploadedRow>,
  answers: RegistrationAnswers,
): Map<number, RowRegistration> {
  const out = new Map<number, RowRegistration>();
  for (const [index, { rowNumber, batch }] of uploaded) {
    out.set(index, verdict(rowNumber, batch, answers.sent.get(index), answers.tracked.get(index), answers.unfinishedBecause));
  }
  for (const [index, result] of answers.settled ?? []) out.set(index, stopped(result));
  for (const outcome of outcomes) {
    if (outcome.kind !== 'same-device') continue;
    const first = out.get(outcome.sameAs);
    if (first === undefined) continue;
    out.set(outcome.index, first.kind === 'registered' ? first : { kind: 'stopped', result: { ...first.result, row: outcome.rowNumber } });
  }
  return out;
}

function verdict(row: number, batch: string, sent: ItemOutcome | undefined, tracked: UploadOutcome | undefined, unfinishedBecause: string | undefined): RowRegistration {
  if (sent === undefined) return stopped({ row, status: 'not-sent', detail: 'not registered: the upload was not sent' });
  switch (sent.status) {
    case 'not-sent':
      return stopped({ row, status: 'not-sent', detail: sent.detail });
    case 'failed':
      return stopped({
        row,
        status: 'failed',
        detail: `not registered: the upload into batch ${quoted(batch)} was refused: ${sent.detail}${sent.httpStatus === 403 ? `; ${INDIRECT_RESELLER}` : ''}`,
        ...(sent.httpStatus === undefined ? {} : { httpStatus: sent.httpStatus }),
        ...(sent.errorCode === undefined ? {} : { errorCode: sent.errorCode }),
        requestId: sent.requestId,
        sentAt: sent.sentAt,
      });
    case 'accepted':
      break;
  }
  // The upload job is named in words, not in Batch Job URI: that column is the policy job's, which
  // `status` polls by device ID.
  const upload = { requestId: sent.requestId, sentAt: sent.sentAt };
  switch (tracked?.kind) {
    case 'registered':
      return { kind: 'registered', deviceId: tracked.deviceId, batch };
    case 'refused':
      return stopped({
        row,
        status: 'failed',
        detail: `not registered (upload job ${sent.trackingId}): ${tracked.detail}`,
        ...(tracked.errorCode === undefined ? {} : { errorCode: tracked.errorCode }),
        ...upload,
      });
    case 'unnamed':
      // Found by listing the batch before results are made; one still here could not be looked for.
      return stopped({ row, status: 'failed', detail: `not assigned: upload job ${sent.trackingId} reports the device registered but names no device ID`, ...upload });
    case 'pending':
    case undefined:
      return stopped({
        row,
        status: 'not-sent',
        detail:
          `not assigned: upload job ${sent.trackingId} had not finished registering the device` +
          `${unfinishedBecause === undefined ? '' : ` (${unfinishedBecause})`}; run the same command again to finish (the upload is not repeated)`,
        ...upload,
      });
  }
}

/**
 * Who may register devices through the API (Microsoft's "Windows Autopilot customer consent" page):
 * direct CSP partners and indirect providers. An indirect reseller's upload is refused.
 */
export const INDIRECT_RESELLER =
  'Partner Center lets direct partners and indirect providers register devices through the API, but an indirect reseller must ' +
  'upload them in the Partner Center portal (Customers → the customer → Devices → Add devices), or ask its indirect provider; ' +
  'a sign-in without the Admin agent role is refused the same way';

function stopped(result: RowResult): RowRegistration {
  return { kind: 'stopped', result };
}

function quoted(text: string): string {
  return JSON.stringify(text);
}
