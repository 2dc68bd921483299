// The Markdown summary of `--report`, to paste into an onboarding ticket: what was done, the counts,
// and what went wrong grouped so a reader sees kinds of problems rather than thousands of rows.
import { DEVICE_STATUSES, STATUSES, type DeviceStatus, type RowResult, type RunSummary } from '../model.js';
import { writeAtomically, writeText } from './atomic.js';
import { cell, code, count, rowList, table } from './markdown.js';

export interface ReportFailure {
  row: number;
  customer: string;
  device: string;
  result: RowResult;
}

export interface ReportInput {
  summary: RunSummary;
  /** Rows that did not end well: failed, invalid, not-sent, or whose device failed or is pending. */
  failures: ReportFailure[];
  /** The distinct batch-job URIs; without them the report only counts the jobs. */
  batchJobUris?: string[];
}

/** Groups shown per section; the rest are counted (the results file has every row). */
const MAX_GROUPS = 25;
const MAX_URIS = 20;

export function renderReport(input: ReportInput): string {
  const { summary, failures } = input;
  const sections = [
    `# ${title(summary)}`,
    whatWasDone(summary),
    `## Rows by status\n\n${statusTable(summary)}`,
    summary.devices === undefined ? '' : `## Devices\n\n${deviceTable(summary.devices)}`,
    summary.perCustomer.length === 0 ? '' : `## Per customer\n\n${customerTable(summary)}`,
    groupSection('Failed rows, by error code', ['Error code', 'Description'],
      failures.filter((f) => f.result.status === 'failed'), (r) => [errorCodeOf(r), r.detail]),
    groupSection('Invalid rows, by reason', ['Reason'], failures.filter((f) => f.result.status === 'invalid'), (r) => [r.detail]),
    groupSection('Rows not sent', ['Reason'], failures.filter((f) => f.result.status === 'not-sent'), (r) => [r.detail]),
    groupSection('Devices that failed', ['Device error'],
      failures.filter((f) => f.result.deviceStatus === 'failed'), (r) => [r.deviceError ?? '']),
    groupSection('Devices still pending', ['Job status'],
      failures.filter((f) => f.result.deviceStatus === 'pending'), (r) => [r.jobStatus ?? '']),
    batchJobs(summary, input.batchJobUris),
  ];
  return `${sections.filter((s) => s !== '').join('\n\n')}\n`;
}

export async function writeReport(path: string, text: string): Promise<void> {
  await writeAtomically(path, (out) => writeText(out, text));
}

function title(s: RunSummary): string {
  if (s.command === 'status' && s.devices !== undefined) {
    return `${s.tool} status: ${count(s.devices.succeeded)} devices succeeded, ${count(s.devices.failed)} failed, ` +
      `${count(s.devices.pending)} pending`;
  }
  if (s.dryRun) return `${s.tool} ${s.command} (dry run): ${count(s.byStatus.planned)} of ${count(s.rows)} rows would be sent`;
  return `${s.tool} ${s.command}: ${count(s.byStatus.accepted)} of ${count(s.rows)} rows accepted`;
}

/** One line that says what was done, then the few facts a ticket reader may need, as a list. */
function whatWasDone(s: RunSummary): string {
  const input = `${code(s.input)} (${s.sheet === undefined ? '' : `sheet ${code(s.sheet)}, `}SHA-256 ${code(s.inputSha256.slice(0, 12))})`;
  const where = `${code(s.endpoint)}, correlation ID ${code(s.correlationId)}, ${s.startedAt} to ${s.finishedAt}`;
  const line = s.dryRun
    ? `Dry run of ${input}: ${count(s.rows)} rows checked, ${count(s.requests)} requests planned, nothing sent; ${where}.`
    : s.command === 'status'
      ? `Tracked the batch jobs of ${code(s.output)}, from ${input}: ${count(s.rows)} rows; ${where}.`
      : `Applied ${input}: ${count(s.rows)} rows, ${count(s.requests)} requests to ${where}.`;
  const facts = [`Results: ${code(s.output)} (exit code ${s.exitCode})`];
  if (s.recovered > 0) facts.push(`${count(s.recovered)} rows accepted by an earlier, interrupted run were kept, not sent again`);
  if (s.registered !== undefined) {
    const batch = typeof s.options.batch === 'string' ? ` into batch ${code(s.options.batch)}` : '';
    facts.push(s.dryRun ? `${count(s.registered)} devices would be registered${batch}, then assigned` : `${count(s.registered)} devices registered${batch} (--register), then assigned`);
  }
  if (s.byStatus.unchanged > 0) facts.push(`${count(s.byStatus.unchanged)} rows not sent: their device already had the policy (unchanged)`);
  if (s.lookups !== undefined && s.lookups > 0) facts.push(`${count(s.lookups)} lookup requests listed the customers' policies and devices`);
  if (s.throttled > 0 || s.retries > 0) facts.push(`Throttled ${count(s.throttled)} times; ${count(s.retries)} retries`);
  if (s.stoppedBecause !== undefined) facts.push(`**Stopped early:** ${cell(s.stoppedBecause)}`);
  return `${line}\n\n${facts.map((fact) => `- ${fact}`).join('\n')}`;
}

function statusTable(s: RunSummary): string {
  const rows: Array<Array<string | number>> = STATUSES.map((status) => [status, count(s.byStatus[status] ?? 0)]);
  rows.push(['total', count(s.rows)]);
  return table(['Status', 'Rows'], rows, [false, true]);
}

function deviceTable(devices: Record<DeviceStatus, number>): string {
  return table(['Device status', 'Devices'], DEVICE_STATUSES.map((d) => [d, count(devices[d] ?? 0)]), [false, true]);
}

function customerTable(s: RunSummary): string {
  const devices = s.devices !== undefined || s.perCustomer.some((c) => c.devicesSucceeded !== undefined);
  const registered = s.perCustomer.some((c) => c.registered !== undefined);
  const header = ['Customer', 'Rows', 'Accepted', 'Failed', 'Invalid', 'Requests', ...(registered ? ['Registered'] : []),
    ...(devices ? ['Devices succeeded', 'Devices failed', 'Devices pending'] : [])];
  const rows = s.perCustomer.map((c) => [c.customer, ...[c.rows, c.accepted, c.failed, c.invalid, c.requests, ...(registered ? [c.registered ?? 0] : []),
    ...(devices ? [c.devicesSucceeded ?? 0, c.devicesFailed ?? 0, c.devicesPending ?? 0] : [])].map(count)]);
  return table(header, rows, header.map((_, i) => i > 0));
}

/**
 * One table row per kind of problem: the key columns (`keyOf` decides the kind), how many rows, and
 * their row numbers. Kinds with the most rows first.
 */
function groupSection(
  heading: string,
  keyColumns: string[],
  failures: ReportFailure[],
  keyOf: (result: RowResult) => string[],
): string {
  if (failures.length === 0) return '';
  const groups = new Map<string, { key: string[]; rows: number[] }>();
  for (const failure of failures) {
    const key = keyOf(failure.result);
    // The first column names the kind; later ones (a description) describe it, taken from its first row.
    const id = key[0] ?? '';
    const group = groups.get(id) ?? { key, rows: [] };
    group.rows.push(failure.row);
    groups.set(id, group);
  }
  const sorted = [...groups.values()].sort((a, b) => b.rows.length - a.rows.length);
  const shown = sorted.slice(0, MAX_GROUPS);
  const body = table(
    [...keyColumns, 'Rows', 'Row numbers'],
    shown.map((g) => [...g.key.map((k) => k || '—'), count(g.rows.length), rowList(g.rows)]),
    [...keyColumns.map(() => false), true, false],
  );
  const more = sorted.length - shown.length;
  const tail = more > 0 ? `\n\nand ${count(more)} more kinds; every row is in the results file.` : '';
  return `## ${heading} (${count(failures.length)})\n\n${body}${tail}`;
}

function errorCodeOf(result: RowResult): string {
  if (result.errorCode !== undefined) return result.errorCode;
  return result.httpStatus === undefined ? 'no code' : `HTTP ${result.httpStatus}`;
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
