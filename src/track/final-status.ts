// Status is the final word (SPEC §2 Results file): once a device's outcome is known, a row's Status
// follows it, so no row reads `accepted` in green beside a device that failed (pure).
import type { RowResult } from '../model.js';

/**
 * The row as its device's outcome leaves it: `applied` when the device took the policy, `failed` when it
 * did not (Detail: the device error in words), `accepted` while it is pending. The request-level columns
 * (HTTP Status, Request ID, Sent At, Batch Job URI) stay as they were. Rows that were never tracked (no
 * batch job) and duplicates (whose Status names the row they repeat) are left alone.
 */
export function settleStatus(result: RowResult): RowResult {
  if (result.status === 'duplicate' || result.batchJobUri === undefined || result.deviceStatus === undefined) return result;
  switch (result.deviceStatus) {
    case 'succeeded':
      return { ...result, status: 'applied', detail: `applied: the service confirmed the device took the policy (batch job ${jobName(result)})` };
    case 'failed':
      return { ...result, status: 'failed', detail: result.deviceError ?? `the device failed in batch job ${jobName(result)}` };
    case 'pending':
      if (result.status === 'accepted') return result;
      return { ...result, status: 'accepted', detail: `accepted; the device's outcome in batch job ${jobName(result)} is not known yet` };
  }
}

function jobName(result: RowResult): string {
  return result.trackingId ?? result.batchJobUri ?? '';
}
