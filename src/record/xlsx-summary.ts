// The Summary sheet (for people: counts by status, device outcomes, per customer, then the run's facts
// and options) and the hidden `_summary` sheet (for the tool: the RunSummary as JSON, so `status` can
// restore it exactly).
import type ExcelJS from 'exceljs';
import { DEVICE_STATUSES, STATUSES } from '../model.js';
import type { RunSummary } from '../results/run-summary.js';
import { customerTable } from './customer-table.js';

export const SUMMARY_SHEET = 'Summary';
export const SUMMARY_JSON_SHEET = '_summary';
/** Below Excel's 32 767 characters per cell. */
const JSON_PART = 30_000;

type Cell = string | number;

export function addSummarySheets(workbook: ExcelJS.stream.xlsx.WorkbookWriter, summary: RunSummary): void {
  const sheet = workbook.addWorksheet(SUMMARY_SHEET);
  // Column B holds the long facts (paths, the SHA-256) as well as the first count column.
  sheet.columns = [{ width: 40 }, { width: 66 }, ...Array.from({ length: 7 }, () => ({ width: 18 }))];
  const add = (values: Cell[], bold = false): void => {
    const row = sheet.addRow(values);
    if (bold) row.font = { bold: true };
    row.commit();
  };

  // What a ticket reader looks for first: which ticket, the counts and the customers; the run's facts and
  // options after.
  if (summary.ticket !== undefined) {
    add(['Ticket', summary.ticket], true);
    add([]);
  }
  add(['Counts by status', 'Rows'], true);
  for (const status of STATUSES) add([status, summary.byStatus[status] ?? 0]);
  if (summary.devices !== undefined) {
    add([]);
    add(['Device outcomes', 'Devices'], true);
    for (const status of DEVICE_STATUSES) add([status, summary.devices[status] ?? 0]);
  }
  add([]);
  const table = customerTable(summary);
  add(table.header, true);
  for (const row of table.rows) add(row);
  add([]);
  add(['Run', ''], true);
  for (const [key, value] of facts(summary)) add([key, value]);
  if (summary.history !== undefined && summary.history.length > 0) {
    // `apply --into`: every run that wrote rows into this file, the last one being the run above.
    add([]);
    add(['Runs of this file', 'Input', 'Started', 'Finished', 'Rows', 'Requests', 'Correlation ID', 'Ticket'], true);
    summary.history.forEach((r, i) => add([`${i + 1}. ${r.command}`, r.input, r.startedAt, r.finishedAt, r.rows, r.requests, r.correlationId, r.ticket ?? '']));
  }
  sheet.commit();

  const hidden = workbook.addWorksheet(SUMMARY_JSON_SHEET, { state: 'hidden' });
  for (const part of splitJson(summary)) hidden.addRow([part]).commit();
  hidden.commit();
}

function facts(summary: RunSummary): Array<[string, Cell]> {
  const all: Array<[string, Cell | undefined]> = [
    ['Tool', summary.tool],
    ['Version', summary.version],
    ['Command', summary.command],
    ['Dry run', yesNo(summary.dryRun)],
    ['Input', summary.input],
    ['Input SHA-256', summary.inputSha256],
    ['Sheet', summary.sheet],
    ['Encoding', summary.encoding],
    ['Output', summary.output],
    ['Started', summary.startedAt],
    ['Finished', summary.finishedAt],
    ['Endpoint', summary.endpoint],
    ['Correlation ID', summary.correlationId],
    ['Exit code', summary.exitCode],
    ['Stopped because', summary.stoppedBecause],
    ...Object.entries(summary.options).map(([name, value]): [string, Cell] =>
      [optionLabel(name), typeof value === 'boolean' ? yesNo(value) : value]),
    ['Throttled', summary.throttled],
    ['Retries', summary.retries],
    ['Recovered', summary.recovered],
    ['Rows', summary.rows],
    ['Customers', summary.customers],
    ['Requests', summary.requests],
    ['Lookups', summary.lookups],
    [summary.dryRun ? 'Devices to register' : 'Devices registered', summary.registered],
    ['Batch jobs', summary.batchJobs],
  ];
  return all.filter((fact): fact is [string, Cell] => fact[1] !== undefined && fact[1] !== '');
}

/**
 * The summary as JSON cut into cell-sized parts. Every non-ASCII character is escaped first, so a cut
 * can never fall inside a surrogate pair (which would corrupt the text in the XML).
 */
export function splitJson(summary: RunSummary): string[] {
  const json = JSON.stringify(summary).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const parts: string[] = [];
  for (let i = 0; i < json.length; i += JSON_PART) parts.push(json.slice(i, i + JSON_PART));
  return parts;
}

// Options may be keyed by their flag (`chunk-size`) or their camelCase name (`chunkSize`).
// The options are keyed by their flags (`chunk-size`); camelCase keys are what the run found rather
// than what it was told (`deviceColumn`: the column read as the device), so they are not shown as flags.
function optionLabel(name: string): string {
  if (!/[A-Z]/.test(name)) return `option --${name.replace(/^--/, '')}`;
  const words = name.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}
