// The one pass over the input: read → map → validate, keeping only what planning needs per row (not the
// cells), so a 300k-row sheet costs a few small objects per row. The cells the results repeat go to a
// spool on disk as they pass (record/row-spool.ts) and are read back from it when the results are
// written (write-results.ts): the input is parsed once.
import type { ColumnMap, Field, MappedRow, RowCheck, RowResult, SourceRow, TableInfo } from '../model.js';
import { openTable, type OpenedTable } from '../read/open-table.js';
import { InputError } from '../read/errors.js';
import { headerCheck, mapColumns, mapHint, missingFields, toMappedRow } from '../map/columns.js';
import { unusedColumns, type UnusedColumns } from '../map/unused-columns.js';
import { inspectHeaders, priorResult, recordedRow } from '../map/result-columns.js';
import { validateRow } from '../validate/rules.js';
import { customerKey } from '../validate/guid.js';
import { detach } from '../text/detach.js';
import { quoteList } from '../text/quote-list.js';
import { unescapeFormula } from '../record/csv-results.js';
import type { RowSpool } from '../record/row-spool.js';
import { recordedResultsFile } from '../report/failures-file.js';
import { ScannedRows } from './scanned-rows.js';
import { keepsEarlierOutcome, keptIds, stillInvalid } from '../journal/resume.js';
import { inputCheck } from '../record/input-check.js';
import { HashColumns } from './hash-columns.js';
import { createHashReader } from '../hardware-hash/cache.js';
import { usableSerial } from '../validate/hash-check.js';

export interface ScanOptions {
  file: string;
  sheet: string | undefined;
  headerRow: number | undefined;
  map: Partial<Record<Field, string>>;
  customer: string | undefined;
  policy: string | undefined;
}

export interface InputScan {
  info: TableInfo;
  /** The kept input cells of each row (`keep`'s columns), in order, read back from the spool. */
  cells: AsyncIterable<string[]>;
  columns: ColumnMap;
  /** Input columns written back to the results (indexes into info.headers) and their output headers. */
  keep: number[];
  outputHeaders: string[];
  isResultsFile: boolean;
  /** Each row's check, earlier result and texts, kept compactly (scanned-rows.ts). */
  rows: ScannedRows;
  /** Customer key → the name the input gives it (first non-empty), where it has a customer-name column. */
  customerNames: Map<string, string>;
  /** The input's columns the tool does not read (kept in the results as they are), by header. */
  unusedColumns: UnusedColumns;
  /** What each row's hardware hash says, when the input has a hash column (the Hash columns). */
  hashes: HashColumns | undefined;
  /** A results or failures file given back: the row numbers of its rows whose Row cell names no row (`--into` needs every one). */
  unnumbered: number[];
  /** A failures file: the results file its rows came from, as its Results File column names it (resolved). */
  resultsFile: string | undefined;
}

/** `spool` takes each row's kept cells; the caller owns it (and removes it when the run ends). */
/** `onRow`: each row's check as it is read (`kept`: an earlier outcome kept as it was), for lookups that start early. */
export async function scanInput(options: ScanOptions, spool: RowSpool, onRow?: (check: RowCheck, kept: boolean) => void): Promise<InputScan> {
  const defaults = { customer: options.customer, policy: options.policy };
  const table = await openTable(options.file, {
    sheet: options.sheet,
    headerRow: options.headerRow,
    ...headerCheck(options.map, defaults),
  });
  try {
    return await scanTable(table, options, spool, onRow);
  } finally {
    // A workbook left open after its header, when the rows were not all read (a missing column).
    await table.close?.();
  }
}

async function scanTable(table: OpenedTable, options: ScanOptions, spool: RowSpool, onRow: ((check: RowCheck, kept: boolean) => void) | undefined): Promise<InputScan> {
  const defaults = { customer: options.customer, policy: options.policy };
  // A results CSV given back: its cells and headers without the `'` that kept formulas from running.
  const csvResults = table.info.format === 'csv' && inspectHeaders(table.info.headers).isResultsFile;
  const info = csvResults ? { ...table.info, headers: table.info.headers.map(unescapeFormula) } : table.info;
  const columns = mapColumns(info.headers, options.map, options.file);
  const missing = missingFields(columns, defaults);
  if (missing.length > 0) {
    const hint = mapHint(info.headers, columns, options.map, defaults);
    throw new InputError(
      'missing-columns',
      options.file,
      `${where(info)}: missing ${missing.join('; ')}. Headers found: ${quoteList(info.headers)}${hint === '' ? '' : `. ${hint}`}`,
    );
  }
  const shape = inspectHeaders(info.headers);
  const rows = new ScannedRows();
  const customerNames = new Map<string, string>();
  const hashes = columns.hardwareHash === undefined ? undefined : new HashColumns();
  const hashReader = createHashReader();
  // Where the hash is among the cells the spool keeps: rows that need a lookup read it back from there.
  const hashKept = columns.hardwareHash === undefined ? -1 : shape.keep.indexOf(columns.hardwareHash);
  if (hashKept >= 0) spool.keepPlaces();
  const unnumbered: number[] = [];
  const resultsFileAt = shape.priorColumns['Results File'];
  let resultsFile: string | undefined;
  let index = 0;
  const sourceRows = csvResults ? withoutFormulaEscapes(table.rows) : table.rows;
  for await (const source of sourceRows) {
    const mapped: MappedRow = toMappedRow(source, index, columns);
    const prior = shape.isResultsFile ? priorResult(source.cells, shape.priorColumns) : undefined;
    // A results file fed back keeps naming the rows of the original sheet.
    const recorded = shape.isResultsFile ? recordedRow(source.cells, shape.priorColumns) : undefined;
    if (recorded !== undefined) mapped.rowNumber = recorded;
    else if (shape.isResultsFile) unnumbered.push(mapped.rowNumber);
    const named = resultsFileAt === undefined ? '' : (source.cells[resultsFileAt] ?? '').trim();
    if (resultsFile === undefined && named !== '') resultsFile = recordedResultsFile(options.file, named);
    const kept = shape.keep.map((c) => source.cells[c] ?? '');
    // The row's hash is read once, here: validation holds it against the row, the Hash columns keep what it says.
    const hashText = mapped.fields.hardwareHash;
    const reading = hashText === undefined ? undefined : hashReader.read(hashText);
    const check = stillInvalid(prior, kept, index, mapped.rowNumber) ?? keptIds(validateRow(mapped, defaults, reading), prior);
    // Invalid by its own cells (not for want of a lookup, which a later run may make): the results
    // record their fingerprint, so that fed back unchanged the row stays invalid.
    if (!check.ok && check.lookup === undefined) rows.setInputCheck(index, inputCheck(kept));
    const hashFacts = reading?.kind === 'read' ? reading.facts : undefined;
    hashes?.push(index, hashFacts);
    if (hashKept >= 0) spooledHash(check, spool, index, hashKept);
    // What is kept for every row gets strings of its own (text/detach.ts): a slice of the reader's
    // chunk would keep the chunk, and with it the whole sheet, in memory. The rows' store copies device
    // texts into its buffer and keeps one copy of each customer and policy.
    if (!check.ok) check.detail = detach(check.detail);
    // A GUID written differently ({…}, upper case) on an invalid row still names the same tenant; a row
    // without a Device ID is known to people by its serial number (or product key, or the serial inside its hash).
    const keepsPrior = prior !== undefined && keepsEarlierOutcome(prior);
    rows.push(
      check,
      // Only a kept row's earlier outcome is used again (it is kept as it was).
      keepsPrior ? detachResult(prior) : undefined,
      check.ok ? check.customer : customerKey(mapped.fields.customer ?? options.customer ?? ''),
      check.ok ? check.device : (mapped.fields.device ?? mapped.fields.serial ?? mapped.fields.productKey ?? usableSerial(hashFacts?.serial) ?? ''),
    );
    onRow?.(check, keepsPrior);
    if (!spool.append(kept)) await spool.drained();
    const name = mapped.fields.customerName;
    const customer = rows.customerText(index);
    if (name !== undefined && customer !== '' && !customerNames.has(customer)) customerNames.set(customer, detach(name));
    index++;
  }
  if (rows.length === 0) throw noDataRows(info);
  await spool.finish();
  return {
    info, cells: spool.rows(), columns, keep: shape.keep, outputHeaders: shape.outputHeaders, isResultsFile: shape.isResultsFile, rows, customerNames,
    unusedColumns: unusedColumns(info.headers, shape.keep, columns, options.map), hashes,
    unnumbered, resultsFile,
  };
}

/**
 * A row that needs a lookup would keep its hardware hash (some 4,000 characters) until resolution and
 * registration are done: a hash-only sheet of 100,000 rows, half a gigabyte. Its lookup reads the hash
 * back from the spool instead, each time it is asked for (resolution, registration: a few times a run),
 * so that what the row keeps is its place in the spool's file.
 */
function spooledHash(check: RowCheck, spool: RowSpool, index: number, column: number): void {
  const device = check.ok ? undefined : check.lookup?.device;
  if (device === undefined || !('find' in device) || device.find.hardwareHash === undefined) return;
  // The cell as mapping made it: trimmed (toMappedRow), which is what validation took for the hash.
  Object.defineProperty(device.find, 'hardwareHash', { get: () => spool.cell(index, column).trim(), enumerable: true, configurable: true });
}

/**
 * A results CSV holds its cells as written, `'` before what would run as a formula (record/csv-results.ts):
 * taken off again, so that the cells are the user's, and a second round of results adds no second `'`.
 */
function withoutFormulaEscapes(rows: AsyncIterable<SourceRow>): AsyncIterable<SourceRow> {
  return {
    async *[Symbol.asyncIterator]() {
      for await (const row of rows) yield { ...row, cells: row.cells.map(unescapeFormula) };
    },
  };
}

/** A header with nothing under it is nothing to do, and saying so beats an exit 0 that did nothing. */
function noDataRows(info: TableInfo): InputError {
  const sheet = info.sheet === undefined ? '' : `sheet ${JSON.stringify(info.sheet)}, `;
  return new InputError('no-data', info.file, `no data rows in ${info.file} (${sheet}header on row ${info.headerRow}): nothing to do`);
}

export function where(info: TableInfo): string {
  return info.sheet === undefined ? info.file : `${info.file}, sheet "${info.sheet}"`;
}

const TEXT_FIELDS = ['detail', 'batchJobUri', 'trackingId', 'errorCode', 'requestId', 'sentAt', 'jobStatus', 'deviceError', 'checkedAt', 'resolvedDeviceId', 'resolvedPolicyId'] as const satisfies ReadonlyArray<keyof RowResult>;

function detachResult(result: RowResult): RowResult {
  const own: RowResult = { ...result };
  for (const key of TEXT_FIELDS) {
    const value = own[key];
    if (value !== undefined) own[key] = detach(value);
  }
  return own;
}
