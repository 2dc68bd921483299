// What an earlier, unfinished run of the same input left to do (SPEC §2 Safety of the work), from its
// journal's update requests. Pure. Walks the requests in the order they were first sent, so a device's
// last request decides:
//   accepted                      → kept as accepted, never sent again
//   refused (400/403/404/409)     → kept as failed with the service's words, never sent again
//   split (a 400 naming devices)  → those named kept as failed; the rest were applied by nobody and are
//                                   planned afresh (their later requests, if any, have intents of their own)
//   transient, or no answer       → sent again, the same devices under the same MS-RequestId
import type { RowResult } from '../model.js';
import { answerRowResult, journalKey, type EarlierRequest, type UpdateItem } from '../record/journal-format.js';

/** A request to send again exactly as it was first sent. */
export interface Resend {
  requestId: string;
  customer: string;
  items: UpdateItem[];
}

export interface Resumption {
  /** Rows answered for good, by journalKey(customer, device, policy). */
  recovered: Map<string, RowResult>;
  /** Requests whose answer is unknown or was not final, in the order they were first sent. */
  resend: Resend[];
}

type DeviceState = { kind: 'answered'; result: RowResult } | { kind: 'pending'; requestId: string } | { kind: 'open' };

export function resumeFrom(earlier: readonly EarlierRequest[]): Resumption {
  const state = new Map<string, DeviceState>();
  const byId = new Map<string, Resend>();
  for (const { intent, answer, answeredAt } of earlier) {
    if (intent.op !== 'update') continue;
    const { requestId, customer, items } = intent;
    byId.set(requestId, { requestId, customer, items });
    const named = answer?.kind === 'split' ? new Set(answer.items) : undefined;
    for (const item of items) {
      const key = journalKey(customer, item.device, item.policy);
      const result = answer === undefined ? undefined : answerRowResult(item.rowNumber, requestId, answer, answeredAt ?? intent.at);
      if (answer === undefined || result === undefined) state.set(key, { kind: 'pending', requestId });
      else if (named === undefined || named.has(item.index)) state.set(key, { kind: 'answered', result });
      else state.set(key, { kind: 'open' });
    }
  }
  const recovered = new Map<string, RowResult>();
  const pending = new Set<string>();
  for (const [key, s] of state) {
    if (s.kind === 'answered') recovered.set(key, s.result);
    else if (s.kind === 'pending') pending.add(s.requestId);
  }
  // A request is sent again whole or not at all: under its MS-RequestId the service must see the same body.
  const resend = [...byId.values()].filter((r) => pending.has(r.requestId) && r.items.every((item) => isPendingIn(state, r, item)));
  return { recovered, resend };
}

function isPendingIn(state: ReadonlyMap<string, DeviceState>, request: Resend, item: UpdateItem): boolean {
  const s = state.get(journalKey(request.customer, item.device, item.policy));
  return s?.kind === 'pending' && s.requestId === request.requestId;
}
