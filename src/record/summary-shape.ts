// A summary read back from a results file is only as good as the file: a hand-edited JSON file or a
// workbook from another tool can hold `"summary": {}`. `status` reads and rewrites it, so the parts it
// uses are checked; a summary that lacks them is treated as absent (as for CSV) rather than trusted.
import { emptyByStatus } from '../results/counts.js';
import type { CustomerSummary, RunSummary } from '../results/run-summary.js';
import type { Status } from '../model.js';

/** The statuses every results file has counted; `applied` and `unchanged` came later (filled with 0). */
const ALWAYS_COUNTED: readonly Status[] = ['accepted', 'failed', 'invalid', 'duplicate', 'planned', 'not-sent'];

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
    ALWAYS_COUNTED.every((s) => typeof byStatus[s] === 'number') &&
    typeof dryRun === 'boolean' &&
    typeof endpoint === 'string' &&
    (devices === undefined || isRecord(devices))
  );
}

/**
 * The summary as this version writes it, or undefined when it is not usable. A file written before a
 * count existed (`applied`, per-customer `notSent`) reads as having counted none.
 */
export function usableSummary(value: unknown): RunSummary | undefined {
  if (!isUsableSummary(value)) return undefined;
  return {
    ...value,
    byStatus: { ...emptyByStatus(), ...value.byStatus },
    // Typed as read (the check only vouched for `customer`), so the zeros fill what an older file lacks.
    perCustomer: (value.perCustomer as Array<Partial<CustomerSummary> & { customer: string }>).map((c): CustomerSummary => ({
      ...NO_FIGURES,
      ...c,
    })),
  };
}

const NO_FIGURES = { rows: 0, applied: 0, accepted: 0, failed: 0, invalid: 0, notSent: 0, requests: 0 } as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
