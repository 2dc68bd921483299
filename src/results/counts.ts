// Counting rows by status, per customer and by device outcome (pure). apply counts the rows it just
// made, status the rows it read back, the tracker the devices it asked about; all count here, so the
// Summary, the report, `--json` and the progress line agree.
import type { DeviceStatus, RowResult, Status } from '../model.js';
import type { CustomerSummary } from './run-summary.js';

export function emptyByStatus(): Record<Status, number> {
  return { applied: 0, accepted: 0, unchanged: 0, failed: 0, invalid: 0, duplicate: 0, planned: 0, 'not-sent': 0 };
}

export function emptyDevices(): Record<DeviceStatus, number> {
  return { succeeded: 0, failed: 0, pending: 0 };
}

export interface DeviceCounts {
  total: Record<DeviceStatus, number>;
  /** Only devices whose customer is known. */
  perCustomer: Map<string, Record<DeviceStatus, number>>;
}

/** One entry per device to count; the caller decides which devices count (each device once). */
export interface CountedDevice {
  /** Undefined when nothing is known yet: counted as pending, since the device is not confirmed. */
  status: DeviceStatus | undefined;
  customer?: string | undefined;
}

export function countDevices(devices: Iterable<CountedDevice>): DeviceCounts {
  const total = emptyDevices();
  const perCustomer = new Map<string, Record<DeviceStatus, number>>();
  for (const { status = 'pending', customer } of devices) {
    total[status]++;
    if (customer === undefined) continue;
    let c = perCustomer.get(customer);
    if (!c) perCustomer.set(customer, (c = emptyDevices()));
    c[status]++;
  }
  return { total, perCustomer };
}

export interface CountedRow {
  /** The customer as the summary keys it (customerKey), '' when the row names none. */
  customer: string;
  result: RowResult;
}

export interface Counts {
  byStatus: Record<Status, number>;
  perCustomer: CustomerSummary[];
  batchJobs: number;
  devices: Record<DeviceStatus, number> | undefined;
  /** Devices this run registered (rows with a Registered batch, duplicates not counted again). */
  registered: number;
}

/** What a row without a customer is listed as. */
export const NO_CUSTOMER = '(none)';

export interface CountContext {
  requestsPerCustomer: ReadonlyMap<string, number>;
  /** Customer key → name, where the input names its customers. */
  names?: ReadonlyMap<string, string>;
}

export function countResults(rows: Iterable<CountedRow>, context: CountContext): Counts {
  const byStatus = emptyByStatus();
  const customers = new Map<string, CustomerSummary>();
  const jobs = new Set<string>();
  const tracked: CountedDevice[] = [];
  let registered = 0;
  for (const { customer, result } of rows) {
    byStatus[result.status]++;
    const key = customer === '' ? NO_CUSTOMER : customer;
    let c = customers.get(key);
    if (c === undefined) {
      c = emptyCustomer(key, context.requestsPerCustomer.get(key) ?? 0, context.names?.get(key));
      customers.set(key, c);
    }
    c.rows++;
    countStatus(c, result.status);
    if (result.batchJobUri) jobs.add(result.batchJobUri);
    if (result.registered !== undefined && result.status !== 'duplicate') {
      registered++;
      c.registered = (c.registered ?? 0) + 1;
    }
    // Duplicates repeat their first row's device: count each device outcome once.
    if (result.deviceStatus !== undefined && result.status !== 'duplicate') tracked.push({ status: result.deviceStatus, customer: key });
  }
  // The same counting as the tracker's (countDevices), so every device figure agrees.
  const devices = countDevices(tracked);
  const perCustomer = [...customers.values()].map((c) => {
    const d = devices.perCustomer.get(c.customer);
    return d ? { ...c, devicesSucceeded: d.succeeded, devicesFailed: d.failed, devicesPending: d.pending } : c;
  });
  return { byStatus, perCustomer, batchJobs: jobs.size, devices: tracked.length > 0 ? devices.total : undefined, registered };
}

function emptyCustomer(customer: string, requests: number, name: string | undefined): CustomerSummary {
  return {
    customer,
    ...(name === undefined || name === '' ? {} : { name }),
    rows: 0,
    applied: 0,
    accepted: 0,
    failed: 0,
    invalid: 0,
    notSent: 0,
    requests,
  };
}

function countStatus(c: CustomerSummary, status: Status): void {
  switch (status) {
    case 'applied':
      c.applied++;
      return;
    case 'accepted':
      c.accepted++;
      return;
    case 'failed':
      c.failed++;
      return;
    case 'invalid':
      c.invalid++;
      return;
    case 'not-sent':
      c.notSent++;
      return;
    case 'unchanged':
    case 'duplicate':
    case 'planned':
      return;
  }
}
