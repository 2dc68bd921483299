// What apply says before it sends: the run's first line (live or dry, where, how many rows) and the plan
// of a dry run. The closing lines, which status shares, are report/closing.ts's.
import type { Plan } from '../model.js';
import { where, type InputScan } from './scan-input.js';
import { summarisePlan } from '../plan/summary.js';
import type { CustomerRegistration } from '../register/plan-uploads.js';
import { plural } from '../text/plural.js';

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
