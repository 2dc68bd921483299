// The summary of a results file, brought up to date with device outcomes (pure). Everything the run
// recorded is kept, its times included (SPEC §2 status: "keeping everything else"); only the device
// counts and `statusCheckedAt` change.
import { emptyByStatus, type RowResult, type RunSummary } from '../model.js';
import { TOOL_NAME, VERSION } from '../version.js';
import { countDevices, type CountedDevice } from './device-counts.js';
import { customerKey } from '../validate/guid.js';

export interface SummaryRow {
  /** The row's customer as the summary keys it, when known. */
  customer: string | undefined;
  result: RowResult;
}

/** The rows whose device was tracked, each device once: duplicates repeat their first row's device. */
function trackedDevices(rows: readonly SummaryRow[], only: string | undefined): CountedDevice[] {
  return rows.flatMap(({ customer, result }) =>
    result.deviceStatus === undefined || result.status === 'duplicate' ? [] : [{ status: result.deviceStatus, customer: only ?? customer }],
  );
}

export function summaryWithDevices(summary: RunSummary, rows: readonly SummaryRow[], checkedAt: string): RunSummary {
  // With one customer every row is theirs, even when the file has no customer column (--customer).
  const only = summary.perCustomer.length === 1 ? summary.perCustomer[0]?.customer : undefined;
  const { total, perCustomer } = countDevices(trackedDevices(rows, only === undefined ? undefined : customerKey(only)));
  const tracked = total.succeeded + total.failed + total.pending > 0;
  return {
    ...summary,
    statusCheckedAt: checkedAt,
    ...(tracked ? { devices: total } : {}),
    perCustomer: summary.perCustomer.map((c) => {
      const d = perCustomer.get(customerKey(c.customer));
      return d ? { ...c, devicesSucceeded: d.succeeded, devicesFailed: d.failed, devicesPending: d.pending } : c;
    }),
  };
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
