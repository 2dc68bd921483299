// Counting what a run did, for the summary object, the Summary sheet and the closing table (pure).
import { emptyByStatus, type CustomerSummary, type DeviceStatus, type RowResult, type Status } from '../model.js';

export interface CountedRow {
  /** The customer as the row names it (normalised GUID when valid, else the raw text). */
  customer: string;
  result: RowResult;
}

export interface Counts {
  byStatus: Record<Status, number>;
  perCustomer: CustomerSummary[];
  batchJobs: number;
  devices: Record<DeviceStatus, number> | undefined;
}

export function countResults(rows: Iterable<CountedRow>, requestsPerCustomer: ReadonlyMap<string, number>): Counts {
  const byStatus = emptyByStatus();
  const customers = new Map<string, CustomerSummary>();
  const jobs = new Set<string>();
  const devices: Record<DeviceStatus, number> = { succeeded: 0, failed: 0, pending: 0 };
  let tracked = false;
  for (const { customer, result } of rows) {
    byStatus[result.status]++;
    const key = customer === '' ? '(none)' : customer;
    let c = customers.get(key);
    if (c === undefined) {
      c = { customer: key, rows: 0, accepted: 0, failed: 0, invalid: 0, requests: requestsPerCustomer.get(key) ?? 0 };
      customers.set(key, c);
    }
    c.rows++;
    if (result.status === 'accepted') c.accepted++;
    if (result.status === 'failed') c.failed++;
    if (result.status === 'invalid') c.invalid++;
    if (result.batchJobUri) jobs.add(result.batchJobUri);
    // Duplicates repeat their first row's device: count each device outcome once.
    if (result.deviceStatus !== undefined && result.status !== 'duplicate') {
      tracked = true;
      devices[result.deviceStatus]++;
      const field = result.deviceStatus === 'succeeded' ? 'devicesSucceeded' : result.deviceStatus === 'failed' ? 'devicesFailed' : 'devicesPending';
      c[field] = (c[field] ?? 0) + 1;
    }
  }
  return { byStatus, perCustomer: [...customers.values()], batchJobs: jobs.size, devices: tracked ? devices : undefined };
}

/** SPEC exit codes: 0 all accepted (dry run: all valid; duplicates fine), 1 otherwise. */
export function exitCodeFor(byStatus: Record<Status, number>, dryRun: boolean, devices: Record<DeviceStatus, number> | undefined): 0 | 1 {
  const bad = byStatus.invalid + byStatus.failed + byStatus['not-sent'] + (dryRun ? 0 : byStatus.planned);
  if (bad > 0) return 1;
  if (devices !== undefined && devices.failed + devices.pending > 0) return 1;
  return 0;
}
