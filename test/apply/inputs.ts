// Device lists for the end-to-end tests: CSV files a vendor could have sent, with GUIDs that are fixed
// so a failing test names the same rows every time.
import { readFileSync, writeFileSync } from 'node:fs';
import type { SimulatedCustomer, SimulatorData } from '../../src/simulator/data.js';
import type { Simulator } from '../../src/simulator/start.js';
import { join } from 'node:path';

export const CUSTOMERS = [
  'c7f3c849-129f-4b85-a96d-4f8e88b315a3',
  '1ecedaec-f4fc-461a-a132-6c7861dfc534',
  '645dc068-4825-4028-8073-964c76321efe',
  '81985331-0c57-445a-971c-2452bd7ad1b1',
] as const;
export const POLICY = '15a04610-9229-4e80-94e0-0e826a09c9e2';
export const OTHER_POLICY = '9ab79dc7-6858-4998-a1a0-c1e008d78b8c';

export interface DeviceLine {
  customer: string;
  device: string;
  policy: string;
}

/** `count` devices spread round-robin over the first `customers` customers. */
export function devices(count: number, customers = 1): DeviceLine[] {
  return Array.from({ length: count }, (_, i) => ({
    customer: CUSTOMERS[i % customers] ?? CUSTOMERS[0],
    device: `DEV-${String(i + 1).padStart(5, '0')}`,
    policy: POLICY,
  }));
}

export function writeDeviceCsv(dir: string, lines: DeviceLine[], name = 'devices.csv'): string {
  const path = join(dir, name);
  const body = lines.map((l, i) => `${l.customer},${l.device},${l.policy},SN-${i + 1}`).join('\r\n');
  writeFileSync(path, `Customer ID,Device ID,Policy ID,Serial Number\r\n${body}\r\n`);
  return path;
}

/**
 * Simulator data in which each customer of `lines` has its devices registered, in one batch, as a tenant
 * has them: `apply` lists a customer's devices before sending, and a device ID the customer lacks is
 * invalid. `data` is kept (its policies, other tenants' devices, …); its customers' batches gain these.
 */
export function registered(lines: readonly DeviceLine[], data: SimulatorData = { customers: {} }, batch = 'Registered devices'): SimulatorData {
  const added = new Map<string, Map<string, { id: string; serialNumber: string }>>();
  for (const [i, line] of lines.entries()) {
    const devices = added.get(line.customer) ?? new Map();
    added.set(line.customer, devices);
    if (!devices.has(line.device)) devices.set(line.device, { id: line.device, serialNumber: `SN-${i + 1}` });
  }
  const customers: Record<string, SimulatedCustomer> = { ...data.customers };
  for (const [cid, devices] of added) {
    const customer = customers[cid] ?? {};
    const batches = { ...customer.batches };
    batches[batch] = [...(batches[batch] ?? []), ...devices.values()];
    customers[cid] = { ...customer, batches };
  }
  return { ...data, customers };
}

/** A JSON results file, as much of it as these tests read. */
export interface JsonResults {
  summary: { byStatus: Record<string, number>; requests: number; throttled: number; exitCode: number; recovered: number; stoppedBecause?: string; output?: string };
  rows: Array<{ row: number; status: string; detail: string; batchJobUri?: string; errorCode?: string; httpStatus?: number; requestId?: string; input: Record<string, string> }>;
}

export function readJsonResults(path: string): JsonResults {
  return JSON.parse(readFileSync(path, 'utf8')) as JsonResults;
}

/** Device → how many of the simulator's accepted jobs hold it (retries of one request count once). */
export function acceptedDevices(sim: Simulator): Map<string, number> {
  const seen = new Map<string, number>();
  for (const job of sim.jobs()) for (const d of job.devices) seen.set(d.deviceId, (seen.get(d.deviceId) ?? 0) + 1);
  return seen;
}
