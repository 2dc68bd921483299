// What a person reads at the end of a run: the plan of a dry run and the closing summary table.
import { STATUSES, type Plan, type RunSummary } from '../model.js';
import type { InputScan } from './scan-input.js';
import { where } from './scan-input.js';
import { summarisePlan } from '../plan/summary.js';
import type { CustomerRegistration } from '../register/plan-uploads.js';

/** `registering`: what --register would upload, per customer; those devices are then assigned too. */
export function printPlan(out: NodeJS.WritableStream, scan: InputScan, plan: Plan, registering: readonly CustomerRegistration[] = [], chunkSize = 1): void {
  const { perCustomer, byStatus } = summarisePlan(plan);
  const registers = new Map(registering.map((r) => [r.customer, r] as const));
  const lines = [`Plan for ${where(scan.info)} (header on row ${scan.info.headerRow}):`];
  for (const c of perCustomer) {
    if (!registers.has(c.customer)) lines.push(`  customer ${c.customer}: ${c.devices} devices in ${c.requests} request(s)`);
  }
  for (const r of registering) {
    const known = perCustomer.find((c) => c.customer === r.customer)?.devices ?? 0;
    const assigned = known + r.devices;
    lines.push(
      `  customer ${r.customer}: would register ${r.devices} device(s) into batch ${JSON.stringify(r.batch)} ` +
        `(${r.newBatch ? 'a new batch' : 'an existing batch'}; ${r.requests} upload request(s)), ` +
        `then assign ${assigned} device(s) in ${Math.ceil(assigned / chunkSize)} request(s)`,
    );
  }
  if (perCustomer.length === 0 && registering.length === 0) lines.push('  nothing to send');
  if (byStatus.unchanged > 0) lines.push(`  ${byStatus.unchanged} device(s) already have their policy: not sent (unchanged)`);
  out.write(`${lines.join('\n')}\n`);
}

export function printSummary(out: NodeJS.WritableStream, s: RunSummary, silent: boolean): void {
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
  out.write(`\n${s.dryRun ? 'Dry run' : 'Done'}: ${s.input}\n${body}${stopped}\nResults: ${s.output}\n`);
}
