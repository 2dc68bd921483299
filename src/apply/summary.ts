// What a run did, counted: the summary object, the Summary sheet and the closing table (pure).
import type { Plan, RowResult } from '../model.js';
import type { RunSummary } from '../results/run-summary.js';
import { TOOL_NAME, VERSION } from '../package/version.js';
import { summarisePlan } from '../plan/summary.js';
import { countResults } from '../results/counts.js';
import { exitCodeFor } from '../results/exit-codes.js';
import type { ApplyOptions } from './options.js';
import type { InputScan } from './scan-input.js';
import type { RowResults } from './row-results.js';
import type { SendPlanReport } from './send-plan.js';
import type { RegisterStage } from './register-stage.js';

/** The requests a plan would send, per customer (a dry run's figures). */
export function requestsByCustomer(plan: Plan): Map<string, number> {
  return new Map(summarisePlan(plan).perCustomer.map((c) => [c.customer, c.requests]));
}

/** The options a run's summary records (its facts, and the options the Summary sheet lists as flags). */
export type SummaryOptions = Pick<
  ApplyOptions,
  | 'file' | 'out' | 'dryRun' | 'endpoint' | 'map' | 'customer' | 'policy' | 'offline' | 'checkPolicies' | 'verifyDevices' | 'register' | 'batch'
  | 'chunkSize' | 'concurrency' | 'perCustomer' | 'maxRetries' | 'timeoutMs' | 'auth' | 'wait' | 'restart' | 'ticket'
>;

export interface SummaryParts {
  options: SummaryOptions;
  scan: InputScan;
  plan: Plan;
  results: RowResults;
  /** What sending did; for a dry run, the requests it would send. */
  sending: Pick<SendPlanReport, 'requestsPerCustomer' | 'stoppedBecause' | 'stats'> & { unreachable?: string | undefined };
  /** What --register did (or, in a dry run, would do). */
  registration: Pick<RegisterStage, 'perCustomer' | 'requestsByCustomer' | 'stoppedBecause' | 'unreachable'>;
  interrupted: boolean;
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
    countedRows(scan, results),
    { requestsPerCustomer, names: scan.customerNames },
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
    // An endpoint that never answered: nothing could be done (SPEC §2 Exit codes, "refused endpoint").
    exitCode: p.interrupted ? 130 : (sending.unreachable ?? registration.unreachable) !== undefined ? 2 : exitCodeFor(counts.byStatus, counts.devices?.pending ?? 0, options.dryRun),
    options: summaryOptions(options, scan),
    perCustomer: counts.perCustomer,
    ...(counts.devices === undefined ? {} : { devices: counts.devices }),
    ...(stoppedBecause === undefined ? {} : { stoppedBecause }),
    ...(options.ticket === undefined ? {} : { ticket: options.ticket }),
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

/** Each row with its customer as the summary keys it: the row's valid check's, else what its cell says. */
function* countedRows(scan: InputScan, results: RowResults): Generator<{ customer: string; result: RowResult }> {
  for (let i = 0; i < results.length; i++) yield { customer: scan.rows.customerText(i), result: results.at(i) };
}

/**
 * The options as their flags are spelled (the Summary sheet prints them as `--flag`), plus where the
 * fields were found (`deviceColumn`, `customerColumn`), which `status` needs to match devices to rows.
 */
function summaryOptions(options: SummaryOptions, scan: InputScan): Record<string, string | number | boolean> {
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
    'verify-devices': options.verifyDevices ? undefined : false,
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
    // Said once in the console too: a column meant to be read must not pass unnoticed.
    columnsNotUsed: scan.unusedColumns.headers.join(', ') || undefined,
  };
  return Object.fromEntries(Object.entries(o).filter((e): e is [string, string | number | boolean] => e[1] !== undefined));
}
