// What a run did, counted: the summary object, the Summary sheet and the closing table (pure).
import { emptyByStatus, type CustomerSummary, type DeviceStatus, type Plan, type RowResult, type RunSummary, type Status } from '../model.js';
import { TOOL_NAME, VERSION } from '../version.js';
import { summarisePlan } from '../plan/summary.js';
import { countDevices, type CountedDevice } from '../track/device-counts.js';
import type { ApplyOptions } from './options.js';
import type { InputScan } from './scan-input.js';
import type { SendPlanReport } from './send-plan.js';
import type { RegisterStage } from './register-stage.js';

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
  /** Devices this run registered (rows with a Registered batch, duplicates not counted again). */
  registered: number;
}

export function countResults(rows: Iterable<CountedRow>, requestsPerCustomer: ReadonlyMap<string, number>): Counts {
  const byStatus = emptyByStatus();
  const customers = new Map<string, CustomerSummary>();
  const jobs = new Set<string>();
  const tracked: CountedDevice[] = [];
  let registered = 0;
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
    if (result.registered !== undefined && result.status !== 'duplicate') {
      registered++;
      c.registered = (c.registered ?? 0) + 1;
    }
    // Duplicates repeat their first row's device: count each device outcome once.
    if (result.deviceStatus !== undefined && result.status !== 'duplicate') tracked.push({ status: result.deviceStatus, customer: key });
  }
  // The same counting as status's (track/device-counts.ts), so both write the same per-customer figures.
  const devices = countDevices(tracked);
  const perCustomer = [...customers.values()].map((c) => {
    const d = devices.perCustomer.get(c.customer);
    return d ? { ...c, devicesSucceeded: d.succeeded, devicesFailed: d.failed, devicesPending: d.pending } : c;
  });
  return { byStatus, perCustomer, batchJobs: jobs.size, devices: tracked.length > 0 ? devices.total : undefined, registered };
}

/** SPEC exit codes: 0 all accepted or unchanged (dry run: all valid; duplicates fine), 1 otherwise. */
export function exitCodeFor(byStatus: Record<Status, number>, dryRun: boolean, devices: Record<DeviceStatus, number> | undefined): 0 | 1 {
  const bad = byStatus.invalid + byStatus.failed + byStatus['not-sent'] + (dryRun ? 0 : byStatus.planned);
  if (bad > 0) return 1;
  if (devices !== undefined && devices.failed + devices.pending > 0) return 1;
  return 0;
}

/** The requests a plan would send, per customer (a dry run's figures). */
export function requestsByCustomer(plan: Plan): Map<string, number> {
  return new Map(summarisePlan(plan).perCustomer.map((c) => [c.customer, c.requests]));
}

export interface SummaryParts {
  options: ApplyOptions;
  scan: InputScan;
  plan: Plan;
  results: RowResult[];
  /** What sending did; for a dry run, the requests it would send. */
  sending: Pick<SendPlanReport, 'requestsPerCustomer' | 'stoppedBecause' | 'stats'> & { unreachable?: string | undefined };
  /** What --register did (or, in a dry run, would do). */
  registration: Pick<RegisterStage, 'perCustomer' | 'requestsByCustomer' | 'stoppedBecause' | 'unreachable'>;
  interrupted: boolean;
  /** Whether this run tracked the batch jobs (--wait): only then do device outcomes decide the exit code. */
  tracked: boolean;
  recovered: number;
  /** Listing requests made to resolve and check rows. */
  lookups: number;
  inputSha256: string;
  correlationId: string;
  startedAt: string;
  finishedAt: Date;
}

/** The summary object of SPEC §2 Output, also the Summary sheet and `--json`. */
export function summarise(p: SummaryParts): RunSummary {
  const { options, scan, plan, results, sending, registration } = p;
  const requestsPerCustomer = options.dryRun
    ? dryRunRequests(plan, registration, options.chunkSize)
    : addCounts(sending.requestsPerCustomer, registration.requestsByCustomer);
  const counts = countResults(
    results.map((result, i) => ({ customer: customerOf(scan, plan, i), result })),
    requestsPerCustomer,
  );
  const stoppedBecause = sending.stoppedBecause ?? registration.stoppedBecause;
  return {
    tool: TOOL_NAME,
    version: VERSION,
    command: 'apply',
    dryRun: options.dryRun,
    input: options.file,
    inputSha256: p.inputSha256,
    ...(scan.info.sheet === undefined ? {} : { sheet: scan.info.sheet }),
    ...(scan.info.encoding === undefined ? {} : { encoding: scan.info.encoding }),
    output: options.out,
    rows: results.length,
    byStatus: counts.byStatus,
    customers: counts.perCustomer.filter((c) => c.rows > c.invalid).length,
    requests: options.dryRun ? sum(requestsPerCustomer.values()) : sending.stats.requests + sum(registration.requestsByCustomer.values()),
    ...(options.register ? { registered: options.dryRun ? sum(registration.perCustomer.map((c) => c.devices)) : counts.registered } : {}),
    lookups: p.lookups,
    batchJobs: counts.batchJobs,
    throttled: sending.stats.throttled,
    retries: sending.stats.retries,
    recovered: p.recovered,
    correlationId: p.correlationId,
    endpoint: options.endpoint,
    startedAt: p.startedAt,
    finishedAt: p.finishedAt.toISOString(),
    // Device outcomes a results file given as input still carries are history, not this run's doing.
    // An endpoint that never answered: nothing could be done (SPEC §2 Exit codes, "refused endpoint").
    exitCode: p.interrupted ? 130 : (sending.unreachable ?? registration.unreachable) !== undefined ? 2 : exitCodeFor(counts.byStatus, options.dryRun, p.tracked ? counts.devices : undefined),
    options: summaryOptions(options, scan),
    perCustomer: counts.perCustomer,
    ...(counts.devices === undefined ? {} : { devices: counts.devices }),
    ...(stoppedBecause === undefined ? {} : { stoppedBecause }),
  };
}

/**
 * The requests a dry run would send, per customer: its uploads, and its assignments with the devices it
 * would register counted in (they join the customer's chunks once they have IDs).
 */
function dryRunRequests(plan: Plan, registration: SummaryParts['registration'], chunkSize: number): Map<string, number> {
  const out = requestsByCustomer(plan);
  if (registration.perCustomer.length === 0) return out;
  const planned = new Map(summarisePlan(plan).perCustomer.map((c) => [c.customer, c.devices] as const));
  for (const c of registration.perCustomer) {
    out.set(c.customer, c.requests + Math.ceil(((planned.get(c.customer) ?? 0) + c.devices) / chunkSize));
  }
  return out;
}

function addCounts(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): Map<string, number> {
  const out = new Map(a);
  for (const [key, n] of b) out.set(key, (out.get(key) ?? 0) + n);
  return out;
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

function customerOf(scan: InputScan, plan: Plan, i: number): string {
  const o = plan.outcomes[i];
  if (o !== undefined && (o.status === 'planned' || o.status === 'kept')) return o.customer;
  const check = scan.rows[i]?.check;
  if (check?.ok) return check.customer;
  return scan.rows[i]?.customerText ?? '';
}

/**
 * The options as their flags are spelled (the Summary sheet prints them as `--flag`), plus where the
 * fields were found (`deviceColumn`, `customerColumn`), which `status` needs to match devices to rows.
 */
function summaryOptions(options: ApplyOptions, scan: InputScan): Record<string, string | number | boolean> {
  const header = (field: 'device' | 'customer'): string | undefined => {
    const column = scan.columns[field];
    return column === undefined ? undefined : scan.info.headers[column];
  };
  const o: Record<string, string | number | boolean | undefined> = {
    sheet: scan.info.sheet,
    'header-row': scan.info.headerRow,
    map: Object.entries(options.map).map(([k, v]) => `${k}=${v}`).join(', ') || undefined,
    customer: options.customer,
    policy: options.policy,
    offline: options.offline || undefined,
    'check-policies': options.checkPolicies ? undefined : false,
    register: options.register || undefined,
    batch: options.register ? options.batch : undefined,
    'chunk-size': options.chunkSize,
    concurrency: options.concurrency,
    'per-customer': options.perCustomer,
    'max-retries': options.maxRetries,
    timeout: options.timeoutMs / 1000,
    auth: options.auth,
    wait: options.wait,
    restart: options.restart,
    deviceColumn: header('device'),
    customerColumn: header('customer'),
  };
  return Object.fromEntries(Object.entries(o).filter((e): e is [string, string | number | boolean] => e[1] !== undefined));
}
