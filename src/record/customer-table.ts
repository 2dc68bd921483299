// The per-customer table as data, for the Summary sheet and the report alike: the customer's name first
// where the input gave one (SPEC §2: customers by name), then the figures.
import type { CustomerSummary, RunSummary } from '../results/run-summary.js';

export type TableCell = string | number;

export interface CustomerTable {
  header: string[];
  rows: TableCell[][];
  /** Which columns hold numbers (right-aligned in Markdown). */
  numeric: boolean[];
}

export function customerTable(summary: RunSummary): CustomerTable {
  const named = summary.perCustomer.some((c) => c.name !== undefined);
  const withDevices = summary.devices !== undefined || summary.perCustomer.some(hasDeviceCounts);
  const withRegistered = summary.perCustomer.some((c) => c.registered !== undefined);
  const lead = named ? ['Customer', 'Customer ID'] : ['Customer'];
  const header = [...lead, 'Rows', 'Applied', 'Accepted', 'Failed', 'Invalid', 'Not sent', 'Requests',
    ...(withRegistered ? ['Registered'] : []), ...(withDevices ? ['Devices succeeded', 'Devices failed', 'Devices pending'] : [])];
  const rows = summary.perCustomer.map((c): TableCell[] => [
    ...(named ? [c.name ?? '', c.customer] : [c.customer]),
    c.rows, c.applied, c.accepted, c.failed, c.invalid, c.notSent, c.requests, ...(withRegistered ? [c.registered ?? 0] : []),
    ...(withDevices ? [c.devicesSucceeded ?? 0, c.devicesFailed ?? 0, c.devicesPending ?? 0] : []),
  ]);
  return { header, rows, numeric: header.map((_, i) => i >= lead.length) };
}

function hasDeviceCounts(c: CustomerSummary): boolean {
  return c.devicesSucceeded !== undefined || c.devicesFailed !== undefined || c.devicesPending !== undefined;
}
