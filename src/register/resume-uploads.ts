// What an earlier, unfinished run of the same input left of its device uploads (`create-batch` and
// `add-devices` in the journal). Pure. Walks the requests in the order they were first sent, so a
// device's last request decides:
//   accepted                      → its upload job is tracked; the device is not uploaded again
//   refused (400/403/404)         → kept as failed with the service's words, not uploaded again
//   409 on create-batch           → the batch exists: the device is uploaded afresh, added to it
//   split (a 400 naming devices)  → those named kept as failed; the rest are uploaded afresh
//   transient, or no answer       → the same request sent again under the same MS-RequestId
import type { RowResult } from '../model.js';
import { answerRowResult, type EarlierRequest, type RegisterItem } from '../record/journal-format.js';

export type UploadOp = 'create-batch' | 'add-devices';

/** An upload of an earlier run still to see through: tracked when accepted, else sent again whole. */
export interface EarlierUpload {
  requestId: string;
  op: UploadOp;
  customer: string;
  batch: string;
  items: RegisterItem[];
  /** Set when the service took it: where its job is. */
  accepted?: { batchJobUri: string; trackingId: string; httpStatus: number; at: string };
}

export interface UploadResumption {
  uploads: EarlierUpload[];
  /** Devices refused for good, by deviceKey(customer, key). */
  refused: Map<string, RowResult>;
  /** Batches an earlier run created (or may have), by deviceKey(customer, batch). */
  batches: Set<string>;
}

/** Devices and batches are per customer. */
export function deviceKey(customer: string, key: string): string {
  return `${customer}|${key}`;
}

type State = { kind: 'request'; requestId: string } | { kind: 'refused'; result: RowResult } | { kind: 'open' };

export function resumeUploads(earlier: readonly EarlierRequest[]): UploadResumption {
  const state = new Map<string, State>();
  const requests = new Map<string, EarlierUpload>();
  const batches = new Set<string>();
  for (const { intent, answer, answeredAt } of earlier) {
    if (intent.op !== 'create-batch' && intent.op !== 'add-devices') continue;
    const { requestId, customer, items, op } = intent;
    const batch = items[0]?.batch ?? '';
    const at = answeredAt ?? intent.at;
    const upload: EarlierUpload = { requestId, op, customer, batch, items };
    if (answer?.kind === 'accepted') upload.accepted = { batchJobUri: answer.batchJobUri, trackingId: answer.trackingId, httpStatus: answer.httpStatus, at };
    requests.set(requestId, upload);
    const exists = answer?.kind !== 'refused' || answer.httpStatus === 409;
    if (op === 'create-batch' && answer?.kind !== 'split' && exists) batches.add(deviceKey(customer, batch));
    const named = answer?.kind === 'split' ? new Set(answer.items) : undefined;
    for (const item of items) {
      const key = deviceKey(customer, item.key);
      if (answer === undefined || answer.kind === 'transient' || answer.kind === 'accepted') {
        state.set(key, { kind: 'request', requestId });
      } else if (answer.kind === 'refused' && answer.httpStatus === 409 && op === 'create-batch') {
        state.set(key, { kind: 'open' });
      } else if (named !== undefined && !named.has(item.index)) {
        state.set(key, { kind: 'open' });
      } else {
        const result = answerRowResult(item.rowNumber, requestId, answer, at);
        state.set(key, result === undefined ? { kind: 'open' } : { kind: 'refused', result });
      }
    }
  }
  const refused = new Map<string, RowResult>();
  const live = new Set<string>();
  for (const [key, s] of state) {
    if (s.kind === 'refused') refused.set(key, s.result);
    else if (s.kind === 'request') live.add(s.requestId);
  }
  // Sent again whole or not at all (the service must see the same body under the MS-RequestId); an
  // accepted one is tracked whatever later requests did with some of its devices.
  const uploads = [...requests.values()].filter((u) => {
    if (!live.has(u.requestId)) return false;
    if (u.accepted !== undefined) return true;
    return u.items.every((item) => {
      const s = state.get(deviceKey(u.customer, item.key));
      return s?.kind === 'request' && s.requestId === u.requestId;
    });
  });
  return { uploads, refused, batches };
}
