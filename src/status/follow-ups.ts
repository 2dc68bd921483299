// What `status --report` / `status --failures` write once the devices were asked about: the same report
// and failures file apply writes (report/follow-ups.ts), from the rows of the results file as they now stand.
import type { RunSummary } from '../results/run-summary.js';
import { fieldOfHeader } from '../map/aliases.js';
import { writeFollowUps, type FollowUps } from '../report/follow-ups.js';
import type { AttentionRow } from '../report/report.js';
import type { ResultRow, ResultsTable } from '../record/results-file.js';
import { attentionStatus } from '../report/attention.js';
import { customerKey } from '../validate/guid.js';
import { deviceOf } from '../map/device-columns.js';

export interface StatusFollowUps {
  report: string | undefined;
  failures: string | undefined;
}

export interface StatusRows {
  /** The results file. */
  file: string;
  /** The results file as rewritten (or as read, when there was nothing to track). */
  table: Omit<ResultsTable, 'rows'> & { rows: readonly ResultRow[] };
  summary: RunSummary;
  deviceColumn: number | undefined;
  customerColumn: number | undefined;
}

/** Writes what was asked for: the files written (labelled, after the results file) and the command to record fixes. */
export async function writeStatusFollowUps(asked: StatusFollowUps, s: StatusRows): Promise<FollowUps> {
  const batchJobUris = [...new Set(s.table.rows.flatMap((r) => (r.result.batchJobUri ? [r.result.batchJobUri] : [])))];
  const { rows, summary: _summary, layout: _layout, ...table } = s.table;
  return writeFollowUps(
    { results: s.file, report: asked.report, failures: asked.failures },
    { table, summary: s.summary, rows, checked: s.table.layout?.checked === true, attention: statusAttention(s), batchJobUris },
  );
}

/** The rows that need attention, named by their device, serial and customer as the file's columns give them. */
export function statusAttention(s: StatusRows): AttentionRow[] {
  const headers = s.table.headers;
  const serialColumn = headers.findIndex((h) => fieldOfHeader(h) === 'serial');
  // With one customer every row is theirs, even when the file has no customer column (--customer).
  const only = s.summary.perCustomer.length === 1 ? s.summary.perCustomer[0]?.customer : undefined;
  return s.table.rows.flatMap((r): AttentionRow[] => {
    if (attentionStatus(r.result) === undefined) return [];
    const cell = s.customerColumn === undefined ? undefined : r.input[s.customerColumn];
    return [{
      row: r.result.row,
      customer: cell !== undefined && cell.trim() !== '' ? customerKey(cell) : (only ?? ''),
      device: deviceOf(r.input, r.result, s.deviceColumn),
      // The sheet's serial number, else the one inside the row's hardware hash (its Hash Serial column).
      serial: (serialColumn < 0 ? undefined : (r.input[serialColumn] ?? '').trim()) || r.result.hashSerial,
      result: r.result,
    }];
  });
}

/** Customer key → name, from the file's customer-name column, for a results file without a summary. */
export function customerNames(headers: readonly string[], rows: readonly ResultRow[], customerColumn: number | undefined): Map<string, string> {
  const names = new Map<string, string>();
  const nameColumn = headers.findIndex((h) => fieldOfHeader(h) === 'customerName');
  if (nameColumn < 0 || customerColumn === undefined) return names;
  for (const r of rows) {
    const key = customerKey(r.input[customerColumn] ?? '');
    const name = (r.input[nameColumn] ?? '').trim();
    if (key !== '' && name !== '' && !names.has(key)) names.set(key, name);
  }
  return names;
}
