// A summary read back from a results file is only as good as the file: a hand-edited JSON file or a
// workbook from another tool can hold `"summary": {}`. `status` reads and rewrites it, so the parts it
// uses are checked; a summary that lacks them is treated as absent (as for CSV) rather than trusted.
import { STATUSES, type RunSummary } from '../model.js';

/**
 * Checks what `status` reads (options, perCustomer, byStatus, dryRun, endpoint, devices) and what the
 * writers index into; other fields are facts it copies through unread.
 */
export function isUsableSummary(value: unknown): value is RunSummary {
  if (!isRecord(value)) return false;
  const { options, perCustomer, byStatus, dryRun, endpoint, devices } = value;
  return (
    isRecord(options) &&
    Object.values(options).every((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') &&
    Array.isArray(perCustomer) &&
    perCustomer.every((c) => isRecord(c) && typeof c.customer === 'string') &&
    isRecord(byStatus) &&
    STATUSES.every((s) => typeof byStatus[s] === 'number') &&
    typeof dryRun === 'boolean' &&
    typeof endpoint === 'string' &&
    (devices === undefined || isRecord(devices))
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
