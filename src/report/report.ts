// The Markdown summary of `--report` (apply and status), to paste into an onboarding ticket: the device
// counts on the first line, customers by name, and every row that needs attention, grouped by reason,
// each with its device, serial, customer and status, so the ticket names devices rather than row numbers.
import { DEVICE_STATUSES, STATUSES, type DeviceStatus, type RowResult } from '../model.js';
import type { RunSummary } from '../results/run-summary.js';
import { writeAtomically, writeText } from '../record/atomic.js';
import { attentionStatus, groupByReason, reasonOf, type ReasonGroup } from './attention.js';
import { plural } from '../text/plural.js';
import { cell, code, count, table } from './markdown.js';
import { customerTable } from '../record/customer-table.js';

/** A row that needs attention, as the report names it. */
export interface AttentionRow {
  row: number;
  /** The customer as the summary keys it (the GUID, or the cell's text when it is none). */
  customer: string;
  device: string;
  /** The serial number: the sheet's, else the one inside the row's hardware hash (SPEC §2 Input). */
  serial?: string | undefined;
  result: RowResult;
}

export interface ReportInput {
  summary: RunSummary;
  /** Rows that need attention (attention.ts); others given are left out. */
  attention: AttentionRow[];
  /** The distinct batch-job URIs; without them the report only counts the jobs. */
  batchJobUris?: string[];
  /** The other files this run wrote (results, failures), named in the report. */
  files?: Array<[label: string, path: string]>;
  /** The command that records the rows once fixed in the failures file (`apply FIXES --into RESULTS`). */
  next?: string;
}

/** Rows listed per group; the rest are counted (the results and failures files have every row). */
const MAX_ROWS_PER_GROUP = 500;
const MAX_URIS = 20;

export function renderReport(input: ReportInput): string {
  const { summary } = input;
  const sections = [
    // The ticket's reference leads, so a report pasted into the wrong ticket shows it at once.
    `# ${summary.ticket === undefined ? '' : `${cell(summary.ticket)}: `}${headline(summary)}`,
    whatWasDone(summary, input.files ?? [], input.next),
    summary.perCustomer.length === 0 ? '' : `## Per customer\n\n${customerSection(summary)}`,
    attentionSection(summary, input.attention),
    `## Rows by status\n\n${statusTable(summary)}`,
    summary.devices === undefined ? '' : `## Devices\n\n${deviceTable(summary.devices)}`,
    batchJobs(summary, input.batchJobUris),
  ];
  return `${sections.filter((s) => s !== '').join('\n\n')}\n`;
}

export async function writeReport(path: string, text: string): Promise<void> {
  await writeAtomically(path, (out) => writeText(out, text));
}

/**
 * The first line, the one a ticket reader reads: devices applied / failed / pending / not sent / invalid.
 * Rows are devices here, duplicates aside (they repeat a device counted once); `pending` is a device
 * whose request was accepted and whose outcome is not known yet.
 */
export function headline(s: RunSummary): string {
  const b = s.byStatus;
  const unchanged = b.unchanged > 0 ? [`${count(b.unchanged)} unchanged`] : [];
  if (s.dryRun) return [`${plural(b.planned, 'device')} would be sent`, `${count(b.invalid)} invalid`, ...unchanged].join(', ');
  return [`${plural(b.applied, 'device')} applied`, `${count(b.failed)} failed`, `${count(b.accepted)} pending`,
    `${count(b['not-sent'])} not sent`, `${count(b.invalid)} invalid`, ...unchanged].join(', ');
}

/** One line that says what was done, then the few facts a ticket reader may need, as a list. */
function whatWasDone(s: RunSummary, files: Array<[string, string]>, next: string | undefined): string {
  const input = `${code(s.input)} (${s.sheet === undefined ? '' : `sheet ${code(s.sheet)}, `}SHA-256 ${code(s.inputSha256.slice(0, 12))})`;
  const where = `${code(s.endpoint)}, correlation ID ${code(s.correlationId)}, ${s.startedAt} to ${s.finishedAt}`;
  const line = s.dryRun
    ? `${s.tool} ${s.command} (dry run) of ${input}: ${plural(s.rows, 'row')} checked, ${plural(s.requests, 'request')} planned, nothing sent; ${where}.`
    : `${s.tool} ${s.command} of ${input}: ${plural(s.rows, 'row')}, ${plural(s.requests, 'request')} to ${where}.`;
  const facts = [`Results: ${code(s.output)} (exit code ${s.exitCode})`, ...files.map(([label, path]) => `${label}: ${code(path)}`)];
  if (next !== undefined) facts.push(`Once those rows are fixed, to record them in the results: ${code(next)}`);
  if (s.ticket !== undefined) facts.push(`Ticket: ${code(s.ticket)}`);
  if (s.history !== undefined && s.history.length > 1) {
    const runs = s.history.map((r) => `${code(r.input)} (${plural(r.rows, 'row')}, correlation ID ${code(r.correlationId)})`).join('; ');
    facts.push(`The results file holds ${plural(s.history.length, 'run')}, oldest first: ${runs}`);
  }
  if (s.statusCheckedAt !== undefined) facts.push(`Device outcomes checked at ${s.statusCheckedAt}`);
  if (s.recovered > 0) facts.push(`${plural(s.recovered, 'row')} accepted by an earlier, interrupted run were kept, not sent again`);
  if (s.registered !== undefined) {
    const batch = typeof s.options.batch === 'string' ? ` into batch ${code(s.options.batch)}` : '';
    facts.push(s.dryRun
      ? `${plural(s.registered, 'device')} would be registered${batch}, then assigned`
      : `${plural(s.registered, 'device')} registered${batch} (--register), then assigned`);
  }
  if (s.byStatus.unchanged > 0) facts.push(`${plural(s.byStatus.unchanged, 'row')} not sent: their device already had the policy (unchanged)`);
  if (s.lookups !== undefined && s.lookups > 0) facts.push(`${plural(s.lookups, 'lookup request')} listed the customers' policies and devices`);
  if (s.throttled > 0 || s.retries > 0) facts.push(`Throttled ${plural(s.throttled, 'time')}; ${plural(s.retries, 'retry', 'retries')}`);
  if (s.stoppedBecause !== undefined) facts.push(`**Stopped early:** ${cell(s.stoppedBecause)}`);
  return `${line}\n\n${facts.map((fact) => `- ${fact}`).join('\n')}`;
}

function customerSection(s: RunSummary): string {
  const t = customerTable(s);
  return table(t.header, t.rows.map((row) => row.map((v) => (typeof v === 'number' ? count(v) : v))), t.numeric);
}

/** Every row that needs attention, grouped by status and kind of reason, largest group first. */
function attentionSection(s: RunSummary, rows: readonly AttentionRow[]): string {
  const names = new Map(s.perCustomer.flatMap((c) => (c.name === undefined ? [] : [[c.customer, c.name] as const])));
  const groups = groupByReason(rows, (r) => ({ result: r.result, device: r.device }));
  const total = groups.reduce((n, g) => n + g.rows.length, 0);
  if (total === 0) return '';
  const withSerial = rows.some((r) => r.serial !== undefined && r.serial !== '');
  const body = groups.map((g) => groupBlock(g, withSerial, (customer) => names.get(customer) ?? customer)).join('\n\n');
  return `## Needs attention (${plural(total, 'row')})\n\n${body}`;
}

function groupBlock(group: ReasonGroup<AttentionRow>, withSerial: boolean, customerName: (key: string) => string): string {
  const shown = group.rows.slice(0, MAX_ROWS_PER_GROUP);
  // Rows of a kind usually share their words; when they do not, each row keeps its own (no row is
  // described by another row's words).
  const words = new Set(group.rows.map((r) => reasonOf(r.result)));
  const shared = words.size === 1 ? [...words][0] : undefined;
  const header = ['Row', 'Device ID', ...(withSerial ? ['Serial'] : []), 'Customer', 'Status', ...(shared === undefined ? ['Reason'] : [])];
  const lines = shown.map((r) => [
    String(r.row),
    r.device === '' ? '—' : r.device,
    ...(withSerial ? [r.serial || '—'] : []),
    r.customer === '' ? '—' : customerName(r.customer),
    attentionStatus(r.result) ?? r.result.status,
    ...(shared === undefined ? [reasonOf(r.result)] : []),
  ]);
  const numeric = header.map((h) => h === 'Row');
  const more = group.rows.length - shown.length;
  const tail = more > 0 ? `\n\nand ${plural(more, 'more row')} of this kind: every one is in the results file.` : '';
  const heading = `### ${group.status}: ${cell(group.kind)} (${plural(group.rows.length, 'row')})`;
  return `${heading}\n\n${shared === undefined ? '' : `${cell(shared)}\n\n`}${table(header, lines, numeric)}${tail}`;
}

function statusTable(s: RunSummary): string {
  const rows: Array<Array<string | number>> = STATUSES.map((status) => [status, count(s.byStatus[status] ?? 0)]);
  rows.push(['total', count(s.rows)]);
  return table(['Status', 'Rows'], rows, [false, true]);
}

function deviceTable(devices: Record<DeviceStatus, number>): string {
  return table(['Device status', 'Devices'], DEVICE_STATUSES.map((d) => [d, count(devices[d] ?? 0)]), [false, true]);
}

function batchJobs(s: RunSummary, uris: string[] | undefined): string {
  if (s.batchJobs === 0 && (uris === undefined || uris.length === 0)) return '';
  if (uris === undefined) {
    return `## Batch jobs (${count(s.batchJobs)})\n\nTheir URIs are in the results file's ${code('Batch Job URI')} column.`;
  }
  const shown = uris.length > MAX_URIS ? uris.slice(0, 10) : uris;
  const list = shown.map((uri) => `- ${code(uri)}`).join('\n');
  const more = uris.length - shown.length;
  const tail = more > 0 ? `\n- and ${count(more)} more, in the results file's ${code('Batch Job URI')} column` : '';
  return `## Batch jobs (${count(uris.length)})\n\n${list}${tail}`;
}
