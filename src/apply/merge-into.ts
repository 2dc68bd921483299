// `apply FIXES --into RESULTS` at the end of the run: the rows this run attempted replace the rows of
// RESULTS they name (by Row), with the cells as fixed; every other row stays as RESULTS recorded it. The
// Runs column counts each row's attempts; the summary is recounted over the whole file, its run facts
// being this run's and the runs before it kept as its history. Pure once RESULTS and FIXES are read.
import type { CustomerSummary, RunRecord, RunSummary } from '../results/run-summary.js';
import { fieldOfHeader } from '../map/aliases.js';
import { layoutOf, uniqueKeys, widerLayout, type ResultLayout } from '../results/layout.js';
import { attentionStatus } from '../report/attention.js';
import { exitCodeFor } from '../results/exit-codes.js';
import { countResults } from '../results/counts.js';
import type { AttentionRow } from '../report/report.js';
import type { ResultRow, ResultsTable } from '../record/results-file.js';
import { chooseColumn, deviceOf } from '../map/device-columns.js';
import { customerKey } from '../validate/guid.js';
import type { IntoTarget } from './into-target.js';
import type { RowResults } from './row-results.js';
import type { InputScan } from './scan-input.js';

/** A row of the merged file that needs attention: its cells (for a failures file) and how the report names it. */
export interface MergedAttention {
  row: ResultRow;
  named: AttentionRow;
}

export interface MergedResults {
  /** The whole file as it is written back: RESULTS's headers and dialect, every row in its order. */
  table: ResultsTable & { rows: ResultRow[] };
  /** The summary of the whole file (also `table.summary`). */
  summary: RunSummary;
  attention: MergedAttention[];
  /** Rows of this run that replaced rows of RESULTS. */
  replaced: number;
}

export interface MergeParts {
  scan: InputScan;
  results: RowResults;
  /** This run's summary: its facts and its exit code when it was interrupted or could not send. */
  run: RunSummary;
  /** This run's attempt (its journal's first correlation ID; a run that resumes an attempt shares it). */
  attempt: string;
}

export async function mergeInto(target: IntoTarget, p: MergeParts): Promise<MergedResults> {
  const { file } = target;
  const headers = file.headers;
  const fixed = await attemptedRows(p.scan, headers);
  const history = file.summary?.history ?? (file.summary === undefined ? [] : [recordOf(file.summary, file.rows.length)]);
  // The same attempt again (a run that finished one killed after it wrote): its rows were counted then.
  const again = history.at(-1)?.attempt === p.attempt;
  const rows: ResultRow[] = file.rows.map((r) => {
    const fix = fixed.get(r.result.row);
    if (fix === undefined) return { input: r.input, result: { ...r.result, runs: r.result.runs ?? 1 } };
    const runs = (r.result.runs ?? 1) + (again ? 0 : 1);
    return { input: fix.cells, result: { ...p.results.at(fix.index), runs } };
  });
  const layout: ResultLayout = { ...widerLayout(file.layout, layoutOf(rows.map((r) => r.result))), runs: true };

  const columns = fileColumns(target, headers);
  const only = file.summary?.perCustomer.length === 1 ? file.summary.perCustomer[0]?.customer : undefined;
  const customerOf = (r: ResultRow): string => {
    const cell = columns.customer === undefined ? '' : (r.input[columns.customer] ?? '').trim();
    return cell !== '' ? customerKey(cell) : (only ?? '');
  };
  const summary = mergedSummary(target, p, rows, customerOf, [...history.slice(0, again ? -1 : undefined), runRecord(p.run, fixed.size, p.attempt)]);

  const attention: MergedAttention[] = [];
  rows.forEach((row, i) => {
    if (attentionStatus(row.result) === undefined) return;
    const fix = fixed.get(file.rows[i]?.result.row ?? -1);
    // The sheet's serial number, else the one inside the row's hardware hash.
    const serial = (columns.serial === undefined ? '' : (row.input[columns.serial] ?? '').trim()) || row.result.hashSerial;
    const device = fix === undefined ? deviceOf(row.input, row.result, columns.device) : p.scan.rows.deviceText(fix.index);
    attention.push({ row, named: { row: row.result.row, customer: fix === undefined ? customerOf(row) : p.scan.rows.customerText(fix.index), device, serial, result: row.result } });
  });
  const table = {
    headers,
    rows,
    summary,
    layout,
    ...(file.csvDelimiter === undefined ? {} : { csvDelimiter: file.csvDelimiter }),
  };
  return { table, summary, attention, replaced: fixed.size };
}

/**
 * The rows of FIXES this run attempted (not those it kept as a fed-back results file recorded them),
 * by row number, with their cells laid out as RESULTS's headers: a column FIXES lacks keeps RESULTS's cell.
 */
async function attemptedRows(scan: InputScan, headers: readonly string[]): Promise<Map<number, { index: number; cells: string[] }>> {
  const fixKeys = uniqueKeys(scan.outputHeaders);
  const from = uniqueKeys(headers).map((key) => fixKeys.indexOf(key));
  const out = new Map<number, { index: number; cells: string[] }>();
  let index = 0;
  for await (const cells of scan.cells) {
    const i = index++;
    if (scan.rows.prior(i) !== undefined) continue;
    out.set(scan.rows.rowNumber(i), { index: i, cells: from.map((at) => (at < 0 ? '' : (cells[at] ?? ''))) });
  }
  return out;
}

interface FileColumns {
  device: number | undefined;
  customer: number | undefined;
  serial: number | undefined;
}

/** Where RESULTS holds each row's device, customer and serial: the columns its run recorded, else the aliases. */
function fileColumns(target: IntoTarget, headers: readonly string[]): FileColumns {
  const options = target.file.summary?.options ?? {};
  const found = (field: 'device' | 'customer', recorded: string | number | boolean | undefined): number | undefined => {
    const choice = chooseColumn(headers, field, { recorded });
    return choice.kind === 'found' ? choice.index : undefined;
  };
  const serial = headers.findIndex((h) => fieldOfHeader(h) === 'serial');
  return { device: found('device', options['deviceColumn']), customer: found('customer', options['customerColumn']), serial: serial < 0 ? undefined : serial };
}

function mergedSummary(target: IntoTarget, p: MergeParts, rows: readonly ResultRow[], customerOf: (r: ResultRow) => string, history: RunRecord[]): RunSummary {
  const earlier = target.file.summary;
  const key = (c: CustomerSummary): string => customerKey(c.customer);
  const requestsPerCustomer = new Map<string, number>();
  const names = new Map<string, string>(p.scan.customerNames);
  for (const c of [...(earlier?.perCustomer ?? []), ...p.run.perCustomer]) {
    requestsPerCustomer.set(key(c), (requestsPerCustomer.get(key(c)) ?? 0) + c.requests);
    if (c.name !== undefined && !names.has(key(c))) names.set(key(c), c.name);
  }
  const counts = countResults(rows.map((r) => ({ customer: customerOf(r), result: r.result })), { requestsPerCustomer, names });
  // Interrupted, or an endpoint that never answered: this run's word stands; otherwise the file's rows decide.
  const exitCode = p.run.exitCode === 130 || p.run.exitCode === 2 ? p.run.exitCode : exitCodeFor(counts.byStatus, counts.devices?.pending ?? 0, false);
  const ticket = p.run.ticket ?? earlier?.ticket;
  const { devices: _devices, registered: _registered, ...run } = p.run;
  return {
    ...run,
    output: target.path,
    rows: rows.length,
    byStatus: counts.byStatus,
    customers: counts.perCustomer.filter((c) => c.rows > c.invalid).length,
    requests: (earlier?.requests ?? 0) + p.run.requests,
    batchJobs: counts.batchJobs,
    exitCode,
    perCustomer: counts.perCustomer,
    ...(counts.devices === undefined ? {} : { devices: counts.devices }),
    ...(counts.registered > 0 ? { registered: counts.registered } : {}),
    ...(earlier?.statusCheckedAt === undefined ? {} : { statusCheckedAt: earlier.statusCheckedAt }),
    ...(ticket === undefined ? {} : { ticket }),
    history,
  };
}

/** The run that wrote RESULTS first, from its summary (the file has no history yet). */
function recordOf(s: RunSummary, rows: number): RunRecord {
  return runRecord(s, rows, s.correlationId);
}

function runRecord(s: RunSummary, rows: number, attempt: string): RunRecord {
  return {
    command: s.command,
    input: s.input,
    inputSha256: s.inputSha256,
    correlationId: s.correlationId,
    startedAt: s.startedAt,
    finishedAt: s.finishedAt,
    rows,
    requests: s.requests,
    ...(s.ticket === undefined ? {} : { ticket: s.ticket }),
    attempt,
  };
}
