// The rows the page shows: a results file (a check's dry run, or a run's results) read back as the
// library wrote it, each row cut to what the table shows (row, status, customer, device, policy, detail),
// with the counts above the table. Filtering, searching and paging happen here, so that the page gets
// a screenful at a time whatever the sheet's size.
import { STATUSES, type DeviceStatus, type Field, type Status } from '../model.js';
import type { RowTracking } from '../track/device-outcome.js';
import { mergeTracking } from '../track/track-rows.js';
import { mapColumns, type ColumnOverrides } from '../map/columns.js';
import { customerKey } from '../validate/guid.js';
import type { ResultsFile } from '../record/table.js';
import type { CustomerCount, DownloadView, FieldName, RowStatus, RowView, RowsPage, TableView } from './page/api-types.js';

// The page is compiled on its own (DOM types, its own rootDir), so its copies of Field and Status
// cannot import them; here, where both are seen, a field or status added to one and not the other
// fails to compile.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Agree<T extends true> = T;
export type PageTypesAgree = [Agree<Same<FieldName, Field>>, Agree<Same<RowStatus, Status>>];

export interface LoadedTable {
  view: TableView;
  rows: RowView[];
  /** By row: its batch job (tracking ID, else URI) and its place in view.customers, for settleRows. */
  jobs: Array<string | undefined>;
  customerOf: number[];
}

export interface TableSource {
  kind: TableView['kind'];
  file: ResultsFile;
  map: ColumnOverrides;
  customer: string | undefined;
  policy: string | undefined;
  files: DownloadView[];
}

export function loadTable(source: TableSource): LoadedTable {
  const { file } = source;
  const at = columnsOf(file.headers, source.map);
  const cell = (input: readonly string[], field: Field): string => {
    const index = at[field];
    return index === undefined ? '' : (input[index] ?? '').trim();
  };
  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  const customers = new Map<string, CustomerCount>();
  const jobs: Array<string | undefined> = [];
  const customerOf: number[] = [];
  const places = new Map<string, number>();
  const rows: RowView[] = file.rows.map(({ input, result }) => {
    byStatus[result.status]++;
    const id = cell(input, 'customer') || (source.customer ?? '');
    const key = customerKey(id);
    const name = cell(input, 'customerName');
    let count = customers.get(key);
    if (count === undefined) {
      customers.set(key, (count = { customer: key, ...(name === '' ? {} : { name }), rows: 0, byStatus: {} }));
      places.set(key, places.size);
    }
    jobs.push(result.trackingId ?? result.batchJobUri);
    customerOf.push(places.get(key) ?? -1);
    count.rows++;
    count.byStatus[result.status] = (count.byStatus[result.status] ?? 0) + 1;
    return {
      row: result.row,
      status: result.status,
      detail: result.detail,
      customer: name || id,
      device: deviceOf(input, cell, result.resolvedDeviceId),
      policy: cell(input, 'policy') || cell(input, 'policyName') || (source.policy ?? ''),
      ...(result.deviceStatus === undefined ? {} : { deviceStatus: result.deviceStatus }),
    };
  });
  const summary = file.summary;
  const view: TableView = {
    kind: source.kind,
    rows: rows.length,
    byStatus,
    customers: [...customers.values()],
    requests: summary?.requests ?? 0,
    exitCode: summary?.exitCode ?? 0,
    ...(summary?.devices === undefined ? {} : { devices: summary.devices }),
    files: source.files,
    ...(summary?.stoppedBecause === undefined ? {} : { stoppedBecause: summary.stoppedBecause }),
    lookups: summary?.lookups ?? 0,
  };
  return { view, rows, jobs, customerOf };
}

/**
 * The table with the outcomes a wait has learnt so far (a round of `status --wait`), each row settled as
 * the results file will have it (track-rows.ts's mergeTracking), the counts moved with it; `devices` as
 * the tracker counts them. The results file read back at the end replaces it.
 */
export function settleRows(table: LoadedTable, outcomes: ReadonlyMap<number, RowTracking>, devices: NonNullable<TableView['devices']>): LoadedTable {
  const rows = table.rows.slice();
  const byStatus = { ...table.view.byStatus };
  const customers = table.view.customers.map((c) => ({ ...c, byStatus: { ...c.byStatus } }));
  for (const [index, outcome] of outcomes) {
    const before = rows[index];
    const job = table.jobs[index];
    if (before === undefined || job === undefined) continue;
    const known = { row: before.row, status: before.status, detail: before.detail, batchJobUri: job, trackingId: job };
    const after = mergeTracking(before.deviceStatus === undefined ? known : { ...known, deviceStatus: before.deviceStatus as DeviceStatus }, outcome);
    if (after.status === before.status && after.detail === before.detail && after.deviceStatus === before.deviceStatus) continue;
    rows[index] = { ...before, status: after.status, detail: after.detail, ...(after.deviceStatus === undefined ? {} : { deviceStatus: after.deviceStatus }) };
    byStatus[before.status]--;
    byStatus[after.status]++;
    const customer = customers[table.customerOf[index] ?? -1];
    if (customer !== undefined) {
      customer.byStatus[before.status] = (customer.byStatus[before.status] ?? 1) - 1;
      customer.byStatus[after.status] = (customer.byStatus[after.status] ?? 0) + 1;
    }
  }
  return { ...table, rows, view: { ...table.view, byStatus, customers, devices } };
}

/** The columns the table shows, as the run read them; none where the headers cannot be mapped. */
function columnsOf(headers: readonly string[], map: ColumnOverrides): Partial<Record<Field, number>> {
  try {
    return mapColumns(headers, map, '');
  } catch {
    // A results file whose --map column was renamed: the rows still show, their columns blank.
    return {};
  }
}

/** The device as the sheet names it, and the ID it was resolved to when that differs. */
function deviceOf(input: readonly string[], cell: (input: readonly string[], field: Field) => string, resolved: string | undefined): string {
  const named = cell(input, 'device') || cell(input, 'serial') || cell(input, 'productKey') || (cell(input, 'hardwareHash') === '' ? '' : 'hardware hash');
  if (resolved === undefined || resolved === '' || resolved === named) return named;
  return named === '' ? resolved : `${named} → ${resolved}`;
}

export interface RowQuery {
  status: RowStatus | undefined;
  search: string;
  offset: number;
  limit: number;
}

export const PAGE_ROWS = 100;

export function queryRows(rows: readonly RowView[], query: RowQuery): RowsPage {
  const words = query.search.toLowerCase().split(/\s+/).filter((w) => w !== '');
  const matches = (r: RowView): boolean => {
    if (query.status !== undefined && r.status !== query.status) return false;
    if (words.length === 0) return true;
    const text = `${r.row} ${r.status} ${r.customer} ${r.device} ${r.policy} ${r.detail}`.toLowerCase();
    return words.every((w) => text.includes(w));
  };
  const kept = rows.filter(matches);
  const offset = Math.min(Math.max(0, query.offset), Math.max(0, kept.length - 1));
  return { total: rows.length, matched: kept.length, offset: kept.length === 0 ? 0 : offset, rows: kept.slice(offset, offset + query.limit) };
}

export function rowQuery(params: URLSearchParams): RowQuery {
  const status = params.get('status') ?? '';
  const number = (name: string, fallback: number): number => {
    const given = params.get(name);
    if (given === null || given === '') return fallback;
    const n = Number(given);
    return Number.isSafeInteger(n) && n >= 0 ? n : fallback;
  };
  return {
    status: (STATUSES as readonly string[]).includes(status) ? (status as RowStatus) : undefined,
    search: (params.get('q') ?? '').slice(0, 200),
    offset: number('offset', 0),
    limit: Math.min(500, Math.max(1, number('limit', PAGE_ROWS))),
  };
}
