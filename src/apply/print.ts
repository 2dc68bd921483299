// What a person reads at the end of a run: the plan of a dry run, the closing summary table, the most
// common reasons rows need attention (with example rows), and the files written.
import { STATUSES, type Plan, type RowResult, type RunSummary } from '../model.js';
import type { InputScan } from './scan-input.js';
import { where } from './scan-input.js';
import { summarisePlan } from '../plan/summary.js';
import type { CustomerRegistration } from '../register/plan-uploads.js';
import { groupByReason, plural } from '../record/attention.js';

/** Reasons listed on the console; the report and the results file have the rest. */
const TOP_REASONS = 5;
/** Example rows per reason. */
const EXAMPLE_ROWS = 5;

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

/** A row that needs attention, as the console names it. */
export interface ConsoleRow {
  device: string;
  result: RowResult;
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
  const stopped = s.stoppedBecause ? `\nStopped: ${s.stoppedBecause}` : '';
  const reasons = s.exitCode === 1 ? reasonLines(closing.attention, s.stoppedBecause) : '';
  out.write(`\n${s.dryRun ? 'Dry run' : 'Done'}: ${s.input}\n${body}${stopped}\n${reasons}${fileLines(closing.files)}`);
}

/**
 * `3 invalid: Policy ID is not a GUID (rows 4, 7, 9)`: the most common reasons, each with how many rows
 * and a few of them, so the console alone says what to fix.
 */
export function reasonLines(rows: readonly ConsoleRow[], stoppedBecause?: string): string {
  const groups = groupByReason(rows, (r) => r);
  if (groups.length === 0) return '';
  // Rows left when the run stopped carry the reason it stopped, which was just said once already.
  const stopped = stoppedBecause === undefined ? undefined : `not sent: ${stoppedBecause}`;
  const kindOf = (g: (typeof groups)[number]): string =>
    g.status === 'not-sent' && g.rows.every((r) => r.result.detail === stopped) ? 'the run stopped (see "Stopped" above)' : g.kind;
  const lines = groups.slice(0, TOP_REASONS).map((g) => {
    const numbers = g.rows.map((r) => r.result.row).sort((a, b) => a - b);
    const shown = numbers.slice(0, EXAMPLE_ROWS).join(', ');
    const more = numbers.length > EXAMPLE_ROWS ? ` and ${numbers.length - EXAMPLE_ROWS} more` : '';
    return `  ${g.rows.length} ${g.status}: ${kindOf(g)} (${numbers.length === 1 ? 'row' : 'rows'} ${shown}${more})`;
  });
  const rest = groups.length - TOP_REASONS;
  if (rest > 0) lines.push(`  and ${plural(rest, 'more reason')}: every row is in the results file`);
  return `Needs attention:\n${lines.join('\n')}\n`;
}

export function fileLines(files: ReadonlyArray<readonly [string, string]>): string {
  return files.map(([label, path]) => `${label}: ${path}\n`).join('');
}
