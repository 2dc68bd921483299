// The summary of a results file, brought up to date with device outcomes (pure). Everything the run
// recorded is kept; only the device counts and the times change.
import { emptyByStatus, type DeviceStatus, type RowResult, type RunSummary } from '../model.js';
import { TOOL_NAME, VERSION } from '../version.js';

export interface SummaryRow {
  /** The row's customer as the summary keys it, when known. */
  customer: string | undefined;
  result: RowResult;
}

function emptyDevices(): Record<DeviceStatus, number> {
  return { succeeded: 0, failed: 0, pending: 0 };
}

/** Device outcomes, each device once: duplicates repeat their first row's device. */
export function countDevices(rows: Iterable<SummaryRow>): { total: Record<DeviceStatus, number>; perCustomer: Map<string, Record<DeviceStatus, number>> } {
  const total = emptyDevices();
  const perCustomer = new Map<string, Record<DeviceStatus, number>>();
  for (const { customer, result } of rows) {
    if (result.deviceStatus === undefined || result.status === 'duplicate') continue;
    total[result.deviceStatus]++;
    if (customer === undefined) continue;
    let c = perCustomer.get(customer);
    if (!c) perCustomer.set(customer, (c = emptyDevices()));
    c[result.deviceStatus]++;
  }
  return { total, perCustomer };
}

export function summaryWithDevices(summary: RunSummary, rows: readonly SummaryRow[], checkedAt: string): RunSummary {
  // With one customer every row is theirs, even when the file has no customer column (--customer).
  const only = summary.perCustomer.length === 1 ? summary.perCustomer[0]?.customer : undefined;
  const { total, perCustomer } = countDevices(rows.map((r) => ({ ...r, customer: only ?? r.customer })));
  const tracked = total.succeeded + total.failed + total.pending > 0;
  return {
    ...summary,
    finishedAt: checkedAt,
    statusCheckedAt: checkedAt,
    ...(tracked ? { devices: total } : {}),
    perCustomer: summary.perCustomer.map((c) => {
      const d = perCustomer.get(customerLookupKey(c.customer));
      return d ? { ...c, devicesSucceeded: d.succeeded, devicesFailed: d.failed, devicesPending: d.pending } : c;
    }),
  };
}

function customerLookupKey(customer: string): string {
  return customer.trim().replace(/^\{(.*)\}$/, '$1').toLowerCase();
}

/** For a results file that carries no summary (CSV): what can be said from the rows alone. */
export function summaryFromRows(file: string, rows: readonly SummaryRow[], at: string): RunSummary {
  const byStatus = emptyByStatus();
  for (const { result } of rows) byStatus[result.status]++;
  const jobs = new Set(rows.map((r) => r.result.batchJobUri).filter((u): u is string => Boolean(u)));
  return {
    tool: TOOL_NAME,
    version: VERSION,
    command: 'status',
    dryRun: false,
    input: file,
    inputSha256: '',
    output: file,
    rows: rows.length,
    byStatus,
    customers: new Set(rows.map((r) => r.customer).filter((c) => c)).size,
    requests: 0,
    batchJobs: jobs.size,
    throttled: 0,
    retries: 0,
    recovered: 0,
    correlationId: '',
    endpoint: '',
    startedAt: at,
    finishedAt: at,
    exitCode: 0,
    options: {},
    perCustomer: [],
  };
}
