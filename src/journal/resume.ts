// What a run keeps from before and what it sends again (SPEC §2 Safety of the work): every rule, here.
// Pure; journal.ts reads the journal, and what is then planned and sent is apply's.
//
// A results file fed back as input: its applied, accepted and unchanged rows are kept as they are, with
// the IDs resolution found for them (keepsEarlierOutcome, keptIds); a row invalid for what writing erases stays
// invalid while its cells are unchanged (stillInvalid); every other row is checked and sent again.
//
// The journal of an earlier, unfinished run of the same input: its requests are walked in the order
// they were first sent, so a device's last request decides. Policy updates (resumeFrom, keptRows):
//   accepted                      → kept as accepted, never sent again
//   refused (400/403/404/409)     → kept as failed with the service's words, never sent again
//   split (a 400 naming devices)  → those named kept as failed; the rest were applied by nobody and are
//                                   planned afresh (their later requests, if any, have intents of their own)
//   transient, or no answer       → sent again first, the same devices under the same MS-RequestId, even
//                                   where the listing shows the policy applied (withResends, unlessResent)
// Device uploads of `--register` (resumeUploads):
//   accepted                      → its upload job is tracked; the device is not uploaded again
//   refused (400/403/404)         → kept as failed with the service's words, not uploaded again
//   409 on create-batch           → the batch exists: the device is uploaded afresh, added to it
//   split (a 400 naming devices)  → those named kept as failed; the rest are uploaded afresh
//   transient, or no answer       → the same request sent again under the same MS-RequestId
// A request goes again whole or not at all: under its MS-RequestId the service must see the same body.
import type { ChunkItem, Plan, RowCheck, RowResult, Status } from '../model.js';
import { inputCheck } from '../record/input-check.js';
import { STORED_AS_NUMBER } from '../validate/messages.js';
import type { SendChunk } from '../send/outcomes.js';
import { plural } from '../text/plural.js';
import { answerRowResult, journalKey, type EarlierRequest, type RegisterItem, type UpdateItem } from './format.js';

/** Rows a results file fed back to apply keeps as they are; every other row is validated and sent again. */
export const KEPT_STATUSES: readonly Status[] = ['applied', 'accepted', 'unchanged'];

/**
 * Whether a row of a results file fed back is kept rather than sent again: applied, accepted and
 * unchanged rows are (SPEC §2). An `accepted` row whose device is known to have failed (a file written
 * before Status followed the device) is a failure, and is sent again.
 */
export function keepsEarlierOutcome(result: RowResult): boolean {
  return KEPT_STATUSES.includes(result.status) && !(result.status === 'accepted' && result.deviceStatus === 'failed');
}

/**
 * A row of a results file fed back that was invalid for what writing erases (an ID Excel stored as a
 * number reads as plain text once written back), and whose cells are as they were (its Input Check
 * still matches): invalid again, for the same reason. Every other invalid row is checked afresh: its
 * text is kept whole, so the same options find the same fault, and --customer, --policy or --map given
 * now (as its Detail may have said to) can mend it.
 */
export function stillInvalid(prior: RowResult | undefined, cells: readonly string[], index: number, rowNumber: number): RowCheck | undefined {
  if (prior?.status !== 'invalid' || prior.inputCheck === undefined || !prior.detail.includes(STORED_AS_NUMBER)) return undefined;
  if (prior.inputCheck !== inputCheck(cells)) return undefined;
  return { ok: false, index, rowNumber, detail: prior.detail };
}

/**
 * A row of a results file fed back whose earlier run resolved it and was kept (applied, accepted or found
 * unchanged): the IDs it recorded stand, so nothing is looked up for it again — nor can a listing that
 * fails now, or --offline, turn a device that took its policy into an invalid row.
 */
export function keptIds(check: RowCheck, prior: RowResult | undefined): RowCheck {
  if (check.ok || check.lookup === undefined || prior === undefined) return check;
  if (!KEPT_STATUSES.includes(prior.status)) return check;
  const { lookup } = check;
  const device = 'id' in lookup.device ? lookup.device.id : prior.resolvedDeviceId;
  const policy = 'id' in lookup.policy ? lookup.policy.id : prior.resolvedPolicyId;
  if (device === undefined || policy === undefined) return check;
  return { ok: true, index: check.index, rowNumber: check.rowNumber, customer: lookup.customer, device, policy };
}

/** Rows a results file fed back already settled, with their IDs: they are not looked up or checked again. */
export function settledBefore(scanned: { priors(): Iterable<[number, RowResult]>; isValid(index: number): boolean }): Set<number> {
  const settled = new Set<number>();
  for (const [i] of scanned.priors()) if (scanned.isValid(i)) settled.add(i);
  return settled;
}

export interface KeptRows {
  /** Rows done earlier, by row index: from a results file given as input, or answered for good in the journal. */
  rows: Map<number, RowResult>;
  /** How many of them came from the journal of an earlier, unfinished run. */
  recovered: number;
}

/** The scan's rows as keptRows reads them: each row's check, and the earlier outcomes a results file fed back records. */
export interface RowsBefore extends Iterable<RowCheck> {
  priors(): Iterable<[number, RowResult]>;
}

/** `journal`: rows an earlier run of this input had answered for good, by journalKey (resumeFrom). */
export function keptRows(scanned: RowsBefore, journal: { recovered: ReadonlyMap<string, RowResult> } | undefined): KeptRows {
  const rows = new Map<number, RowResult>();
  const fromJournal = new Set<string>();
  for (const [i, prior] of scanned.priors()) if (keepsEarlierOutcome(prior)) rows.set(i, prior);
  if (journal === undefined || journal.recovered.size === 0) return { rows, recovered: 0 };
  for (const check of scanned) {
    const i = check.index;
    if (rows.has(i) || !check.ok) continue;
    const key = journalKey(check.customer, check.device, check.policy);
    const recorded = journal.recovered.get(key);
    // Only the first row naming that device and policy is the one the journal recorded as sent; its
    // copies stay copies, so planning marks them duplicates of it.
    if (recorded === undefined || fromJournal.has(key)) continue;
    fromJournal.add(key);
    rows.set(i, recorded);
  }
  return { rows, recovered: fromJournal.size };
}

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

/**
 * `alreadyApplied` (the listing shows the device carrying the policy), except for a device an earlier
 * run's unanswered request carries: that request is sent again under its MS-RequestId (the service
 * answers as it did), whatever the listing shows of the policy it may have applied.
 */
export function unlessResent(
  resumption: Resumption | undefined,
  alreadyApplied: (customer: string, device: string, policy: string) => boolean,
): (customer: string, device: string, policy: string) => boolean {
  const resending = new Set(resumption?.resend.flatMap((r) => r.items.map((item) => journalKey(r.customer, item.device, item.policy))) ?? []);
  return (customer, device, policy) => !resending.has(journalKey(customer, device, policy)) && alreadyApplied(customer, device, policy);
}

/**
 * What the console says of a resumed run before it sends: how many rows an earlier run settled, and how
 * many of its requests go again first. Counted as sending will count them: a request goes again under
 * its MS-RequestId only with all its devices.
 */
export function resumingLines(kept: KeptRows, resumption: Resumption | undefined, plan: Plan, journalPath: string): string {
  let lines = '';
  if (kept.recovered > 0) {
    lines += `resuming: ${plural(kept.recovered, 'row')} ${kept.recovered === 1 ? 'was' : 'were'} answered by an earlier run of this input (from ${journalPath}); they will not be sent again\n`;
  }
  if (resumption !== undefined && resumption.resend.length > 0) {
    const again = withResends(plan, resumption.resend).filter((chunk) => chunk.requestId !== undefined).length;
    if (again > 0) lines += `resuming: ${plural(again, 'request')} of an earlier run ${again === 1 ? 'has' : 'have'} no final answer; ${again === 1 ? 'it is' : 'they are'} sent again first, under ${again === 1 ? 'its recorded MS-RequestId' : 'their recorded MS-RequestIds'}\n`;
  }
  return lines;
}

/**
 * The plan's chunks with the devices of requests to send again taken out, and those requests put first,
 * rebuilt from the plan's own items. A request is sent again only when every device it carried is still
 * to be sent in this run (the same input, so normally all are); otherwise its devices are planned anew.
 */
export function withResends(plan: Plan, resend: readonly Resend[]): readonly SendChunk[] {
  if (resend.length === 0) return plan.chunks;
  const planned = new Map<string, ChunkItem>();
  for (const chunk of plan.chunks) for (const item of chunk.items) planned.set(journalKey(chunk.customer, item.device, item.policy), item);
  const taken = new Set<ChunkItem>();
  const first: SendChunk[] = [];
  for (const request of resend) {
    const items = request.items.map((item) => planned.get(journalKey(request.customer, item.device, item.policy)));
    if (!items.every((item): item is ChunkItem => item !== undefined && !taken.has(item))) continue;
    for (const item of items) taken.add(item);
    first.push({ id: `${request.customer}#resend-${first.length + 1}`, customer: request.customer, items, requestId: request.requestId });
  }
  const rest = plan.chunks
    .map((chunk) => ({ ...chunk, items: chunk.items.filter((item) => !taken.has(item)) }))
    .filter((chunk) => chunk.items.length > 0);
  return [...first, ...rest];
}

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
