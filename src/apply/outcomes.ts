// Turning the plan and what sending returned into one RowResult per input row (pure). Duplicates share
// their first row's outcome; rows kept from an earlier run (journal/resume.ts) keep what it recorded.
import type { Plan, RowResult } from '../model.js';
import type { ResolvedIds } from '../resolve/resolve-rows.js';
import type { SearchKey } from '../resolve/keys.js';
import { RowResults } from './row-results.js';
import type { HashColumnValues } from './hash-columns.js';

export interface OutcomeSources {
  plan: Plan;
  dryRun: boolean;
  kept: ReadonlyMap<number, RowResult>;
  /** What sending made of each sent row, by row index. */
  sent: ReadonlyMap<number, RowResult>;
  /** What resolution looked up for each row, by row index (the Resolved … columns). */
  resolved: ReadonlyMap<number, ResolvedIds>;
  /** Rows whose result registration decided (--register): they were never planned. */
  decided?: ReadonlyMap<number, RowResult>;
  /** Rows whose device this run registered, by row index: the batch (the Registered column). */
  registered?: ReadonlyMap<number, string>;
  /** Rows invalid by their own cells, by row index: their fingerprint (the Input Check column). */
  inputChecks?: ReadonlyMap<number, string>;
  /** What each row's hardware hash says (the Hash columns), when the input has a hash column. */
  hashes?: { at(index: number): HashColumnValues };
}

export function composeResults(src: OutcomeSources): RowResults {
  const { plan } = src;
  // One Detail string per request, shared by its rows.
  const wouldBeSentIn = new Map<string, string>();
  const base = (i: number): RowResult => {
    // A planned row's result needs only its number: its check is not made (a dry run of a million rows).
    if (plan.status(i) === 'planned') return planned(i);
    const o = plan.outcome(i);
    switch (o.status) {
      case 'invalid':
        return { row: o.rowNumber, status: 'invalid', detail: o.detail };
      case 'duplicate': {
        // The row it repeats may come later in the sheet (a kept row is the original even when an unsent
        // copy stands above it).
        const { row: _row, status: _status, detail: _detail, ...shared } = base(o.duplicateOf);
        return { ...shared, row: o.rowNumber, status: 'duplicate', detail: o.detail };
      }
      case 'kept':
        // As it was recorded: applied, accepted or unchanged in a results file fed back; accepted, or
        // refused for good, by an earlier run of this input (journal).
        return { status: 'accepted', ...(src.kept.get(o.index) ?? { detail: '' }), row: o.rowNumber };
      case 'unchanged':
        return { row: o.rowNumber, status: 'unchanged', detail: `not sent: device ${o.device} already has policy ${o.policy}` };
      case 'planned':
        return planned(i);
    }
  };
  const planned = (i: number): RowResult => {
    const row = plan.rowNumber(i);
    if (src.dryRun) return { row, status: 'planned', detail: dryRunDetail(plan.requestOf(i)) };
    const sent = src.sent.get(i);
    return sent === undefined ? { row, status: 'not-sent', detail: 'not sent' } : { ...sent, row };
  };
  const dryRunDetail = (request: string | undefined): string => {
    if (request === undefined) return 'would be sent';
    let detail = wouldBeSentIn.get(request);
    if (detail === undefined) {
      detail = `would be sent in request ${request}`;
      wouldBeSentIn.set(request, detail);
    }
    return detail;
  };
  return new RowResults(plan.rows, (i) => {
    const decided = src.decided?.get(i);
    const result = decided === undefined ? base(i) : { ...decided };
    const batch = src.registered?.get(i);
    if (batch !== undefined) result.registered = batch;
    const ids = src.resolved.get(i);
    if (ids?.deviceId !== undefined) result.resolvedDeviceId = ids.deviceId;
    // Said of rows whose device was used: a duplicate's Detail names the row that holds its outcome, and
    // an invalid row's says what is wrong with it.
    if (ids?.foundBy !== undefined && ids.foundBy.length > 0 && result.status !== 'duplicate' && result.status !== 'invalid') result.detail = withFoundBy(result.detail, ids.foundBy);
    if (ids?.policyId !== undefined) result.resolvedPolicyId = ids.policyId;
    const check = src.inputChecks?.get(i);
    if (check !== undefined && result.status === 'invalid') result.inputCheck = check;
    if (src.hashes !== undefined) Object.assign(result, src.hashes.at(i));
    return result;
  });
}

const IDENTIFIER_WORDS: Record<SearchKey, string> = { serial: 'serial number', productKey: 'product key', hardwareHash: 'hardware hash' };

/** Which of the row's identifiers found its device (SPEC §2 Resolution), after what the Detail says. */
function withFoundBy(detail: string, foundBy: readonly SearchKey[]): string {
  const words = `device found by its ${foundBy.map((by) => IDENTIFIER_WORDS[by]).join(' and ')}`;
  return detail === '' ? words : `${detail} (${words})`;
}
