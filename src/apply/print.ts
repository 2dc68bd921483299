// What a person reads at the end of a run: the plan of a dry run, the closing summary table, the most
// common reasons rows need attention (with example rows), and the files written.
import { STATUSES, type Plan, type RunSummary } from '../model.js';
import type { InputScan } from './scan-input.js';
import { where } from './scan-input.js';
import { summarisePlan } from '../plan/summary.js';
import type { CustomerRegistration } from '../register/plan-uploads.js';
import { plural } from '../record/attention.js';
import { reasonLines, type ConsoleRow } from './reason-lines.js';



/**
 * The run's first line: whether it changes devices, where, and how many. A job that meant a dry run and
 * got a live one (a misread switch) must be plain from the first line of its log. Before lookups, so
 * the rows to send are an upper bound: lookups and the journal can only take rows away.
 */
export function printRunLine(out: NodeJS.WritableStream, scan: InputScan, kept: ReadonlySet<number>, run: { dryRun: boolean; endpoint: string; lookups: boolean }): void {
  const customers = new Set<string>();
  let rows = 0;
  for (let i = 0; i < scan.rows.length; i++) {
    if (kept.has(i)) continue;
    const check = scan.rows.isValid(i) ? undefined : scan.rows.at(i);
    if (check?.ok === false && check.lookup === undefined) continue;
    rows++;
    customers.add(scan.rows.customerText(i));
  }
  const what = `${plural(rows, 'row')} of ${plural(customers.size, 'customer')}`;
  out.write(
    run.dryRun
      ? `Dry run: nothing is sent; ${what} checked ${run.lookups ? `against ${run.endpoint}` : 'without lookups'}\n`
      : `LIVE run: up to ${what} will be sent to ${run.endpoint}\n`,
  );
}

/** `registering`: what --register would upload, per customer; those devices are then assigned too. */
export function printPlan(out: NodeJS.WritableStream, scan: InputScan, plan: Plan, registering: readonly CustomerRegistration[] = [], chunkSize = 1): void {
  const { perCustomer, byStatus } = summarisePlan(plan);
  const registers = new Map(registering.map((r) => [r.customer, r] as const));
  const lines = [`Plan for ${where(scan.info)} (header on row ${scan.info.headerRow}):`];
  for (const c of perCustomer) {
    if (!registers.has(c.customer)) lines.push(`  customer ${c.customer}: ${plural(c.devices, 'device')} in ${plural(c.requests, 'request')}`);
  }
  for (const r of registering) {
    const known = perCustomer.find((c) => c.customer === r.customer)?.devices ?? 0;
    const assigned = known + r.devices;
    lines.push(
      `  customer ${r.customer}: would register ${plural(r.devices, 'device')} into batch ${JSON.stringify(r.batch)} ` +
        `(${r.newBatch ? 'a new batch' : 'an existing batch'}; ${plural(r.requests, 'upload request')}), ` +
        `then assign ${plural(assigned, 'device')} in ${plural(Math.ceil(assigned / chunkSize), 'request')}`,
    );
  }
  if (perCustomer.length === 0 && registering.length === 0) lines.push('  nothing to send');
  const unchanged = byStatus.unchanged;
  if (unchanged > 0) lines.push(`  ${plural(unchanged, 'device')} already ${unchanged === 1 ? 'has its' : 'have their'} policy: not sent (unchanged)`);
  out.write(`${lines.join('\n')}\n`);
}


export interface ClosingParts {
  /** Rows that need attention (others are ignored). */
  attention: readonly ConsoleRow[];
  /** Files written, labelled: results, report, failures. */
  files: ReadonlyArray<readonly [string, string]>;
}

export function printSummary(out: NodeJS.WritableStream, s: RunSummary, silent: boolean, closing: ClosingParts): void {
  if (silent) return;
  const rows = STATUSES.filter((st) => s.byStatus[st] > 0).map((st) => [st, String(s.byStatus[st])] as const);
  const table: Array<readonly [string, string]> = [
    ['rows', String(s.rows)],
    ...rows,
    ['customers', String(s.customers)],
    [s.dryRun ? 'requests (would send)' : 'requests', String(s.requests)],
  ];
  if (s.lookups !== undefined && s.lookups > 0) table.push(['lookups', String(s.lookups)]);
  if (s.registered !== undefined) table.push([s.dryRun ? 'registered (would register)' : 'registered', String(s.registered)]);
  if (!s.dryRun) table.push(['batch jobs', String(s.batchJobs)], ['throttled', String(s.throttled)]);
  if (s.recovered > 0) table.push(['recovered', String(s.recovered)]);
  if (s.devices) table.push(['devices succeeded', String(s.devices.succeeded)], ['devices failed', String(s.devices.failed)], ['devices pending', String(s.devices.pending)]);
  const width = Math.max(...table.map(([k]) => k.length));
  const body = table.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n');
  const cause = s.stoppedBecause ? `\nCause: ${s.stoppedBecause}` : '';
  const reasons = s.exitCode === 1 ? reasonLines(closing.attention, s.stoppedBecause) : '';
  out.write(`\n${closingTitle(s)}: ${s.input}\n${body}${cause}\n${reasons}${fileLines(closing.files)}`);
}

/** What the closing lines open with: a run that stopped must not read "Done". */
export function closingTitle(s: Pick<RunSummary, 'dryRun' | 'exitCode' | 'stoppedBecause'>): string {
  if (s.exitCode === 130) return 'Interrupted';
  if (s.stoppedBecause !== undefined) return s.dryRun ? 'Dry run stopped' : 'Stopped';
  return s.dryRun ? 'Dry run' : 'Done';
}

export function fileLines(files: ReadonlyArray<readonly [string, string]>): string {
  return files.map(([label, path]) => `${label}: ${path}\n`).join('');
}
