// Turning the plan and what sending returned into one RowResult per input row (pure). Duplicates share
// their first row's outcome; rows accepted in an earlier run keep what that run recorded.
import type { Plan, RowResult } from '../model.js';

export interface OutcomeSources {
  plan: Plan;
  dryRun: boolean;
  /** Rows accepted earlier (results file given as input, or the journal), by row index. */
  kept: ReadonlyMap<number, RowResult>;
  /** What sending made of each sent row, by row index. */
  sent: ReadonlyMap<number, RowResult>;
  /** Why rows that were planned but never sent were not sent (interrupted, sign-in refused). */
  notSentDetail: string;
}

export function composeResults(src: OutcomeSources): RowResult[] {
  // One Detail string per chunk, shared by its rows.
  const chunkOf = new Map<number, string>();
  if (src.dryRun) {
    for (const chunk of src.plan.chunks) {
      const detail = `would be sent in request ${chunk.id}`;
      for (const item of chunk.items) chunkOf.set(item.index, detail);
    }
  }
  const results: RowResult[] = [];
  for (const o of src.plan.outcomes) {
    switch (o.status) {
      case 'invalid':
        results.push({ row: o.rowNumber, status: 'invalid', detail: o.detail });
        break;
      case 'duplicate': {
        // Plan guarantees duplicateOf < index, so the first row's result is already composed.
        const first = results[o.duplicateOf];
        const { row: _row, status: _status, detail: _detail, ...shared } = first ?? { row: 0, status: 'invalid', detail: '' };
        results.push({ ...shared, row: o.rowNumber, status: 'duplicate', detail: o.detail });
        break;
      }
      case 'kept': {
        const kept = src.kept.get(o.index);
        results.push({ ...(kept ?? { status: 'accepted', detail: '' }), row: o.rowNumber, status: 'accepted' });
        break;
      }
      case 'planned': {
        if (src.dryRun) {
          results.push({ row: o.rowNumber, status: 'planned', detail: chunkOf.get(o.index) ?? 'would be sent' });
          break;
        }
        const sent = src.sent.get(o.index);
        results.push(sent === undefined ? { row: o.rowNumber, status: 'not-sent', detail: src.notSentDetail } : { ...sent, row: o.rowNumber });
        break;
      }
    }
  }
  return results;
}
