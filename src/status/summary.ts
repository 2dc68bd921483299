// The summary of a results file, brought up to date once its devices were asked about (pure). Everything
// the run recorded is kept, its times and exit code included (SPEC §2 status: "keeping everything
// else"); what tracking changes is recounted: rows by status (Status follows the device), the device
// outcomes, the per-customer figures, and `statusCheckedAt`.
import type { CustomerSummary, RunSummary } from '../results/run-summary.js';
import type { RowResult } from '../model.js';
import { TOOL_NAME, VERSION } from '../package/version.js';
import { countResults, type Counts } from '../results/counts.js';
import { customerKey } from '../validate/guid.js';

export interface SummaryRow {
  /** The row's customer as the summary keys it, when known. */
  customer: string | undefined;
  result: RowResult;
}

export function summaryWithDevices(summary: RunSummary, rows: readonly SummaryRow[], checkedAt: string): RunSummary {
  // With one customer every row is theirs, even when the file has no customer column (--customer).
  const only = summary.perCustomer.length === 1 ? summary.perCustomer[0]?.customer : undefined;
  const customerOf = (r: SummaryRow): string | undefined => (only !== undefined ? customerKey(only) : r.customer);
  const requestsPerCustomer = new Map(summary.perCustomer.map((c) => [customerKey(c.customer), c.requests]));
  const counts = countResults(rows.map((r) => ({ customer: customerOf(r) ?? '', result: r.result })), { requestsPerCustomer });
  // Rows of unknown customer (several customers, no column to tell them by) cannot be counted per
  // customer: the recorded row figures stay, and only what is known is brought up to date.
  const perCustomerKnown = rows.every((r) => customerOf(r) !== undefined);
  const counted = new Map(counts.perCustomer.map((c) => [c.customer, c]));
  return {
    ...summary,
    byStatus: counts.byStatus,
    statusCheckedAt: checkedAt,
    ...(counts.devices === undefined ? {} : { devices: counts.devices }),
    perCustomer: summary.perCustomer.map((c) => recounted(c, counted.get(customerKey(c.customer)), perCustomerKnown)),
  };
}

function recounted(recorded: CustomerSummary, now: CustomerSummary | undefined, rowsKnown: boolean): CustomerSummary {
  if (now === undefined) return recorded;
  const devices = now.devicesSucceeded === undefined ? {} : {
    devicesSucceeded: now.devicesSucceeded, devicesFailed: now.devicesFailed ?? 0, devicesPending: now.devicesPending ?? 0,
  };
  if (!rowsKnown) return { ...recorded, ...devices };
  const { customer: _key, name: _name, requests: _requests, ...figures } = now;
  return { ...recorded, ...figures, ...devices };
}

/** For a results file that carries no summary (CSV): what can be said from the rows alone. */
export function summaryFromRows(file: string, rows: readonly SummaryRow[], at: string, names: ReadonlyMap<string, string> = new Map()): RunSummary {
  const counts: Counts = countResults(rows.map((r) => ({ customer: r.customer ?? '', result: r.result })), { requestsPerCustomer: new Map(), names });
  return {
    tool: TOOL_NAME,
    version: VERSION,
    command: 'status',
    dryRun: false,
    input: file,
    inputSha256: '',
    output: file,
    rows: rows.length,
    byStatus: counts.byStatus,
    customers: new Set(rows.map((r) => r.customer).filter((c) => c)).size,
    requests: 0,
    batchJobs: counts.batchJobs,
    throttled: 0,
    retries: 0,
    recovered: 0,
    correlationId: '',
    endpoint: '',
    startedAt: at,
    finishedAt: at,
    exitCode: 0,
    options: {},
    // Per customer only when every row's customer is known (a customer column was found).
    perCustomer: rows.every((r) => r.customer !== undefined) ? counts.perCustomer : [],
  };
}
