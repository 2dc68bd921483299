// What apply writes after the results file when asked: the failures file (`--failures`) and the Markdown
// report (`--report`), both from the rows that need attention, which the results pass kept.
import type { Plan, RowResult, RunSummary } from '../model.js';
import { writeFailuresFile } from '../record/failures-file.js';
import { FAILURES } from '../record/columns.js';
import { renderReport, writeReport, type AttentionRow } from '../record/report.js';
import type { ApplyOptions } from './options.js';
import type { InputScan } from './scan-input.js';
import type { RowResults } from './row-results.js';
import { applyTable, type NoticedRow } from './write-results.js';

/** The files written, in the order a person wants them named: results, report, failures. */
export type WrittenFiles = Array<[label: string, path: string]>;

export interface FollowUpParts {
  options: Pick<ApplyOptions, 'out' | 'report' | 'failures'>;
  scan: InputScan;
  plan: Plan;
  results: RowResults;
  summary: RunSummary;
  noticed: NoticedRow[];
}

export async function writeFollowUps(p: FollowUpParts): Promise<WrittenFiles> {
  const files: WrittenFiles = [['Results', p.options.out]];
  let failures = 0;
  if (p.options.failures !== undefined) {
    // Only Row, Status and Detail follow the input's columns: resolution runs again on the fixed rows.
    failures = await writeFailuresFile(p.options.failures, applyTable(p.scan, p.noticed, p.summary, FAILURES), p.options.out);
  }
  if (p.options.report !== undefined) {
    const batchJobUris = new Set<string>();
    for (const r of p.results) if (r.batchJobUri !== undefined) batchJobUris.add(r.batchJobUri);
    const others: WrittenFiles = p.options.failures === undefined ? [] : [['Rows to fix', p.options.failures]];
    await writeReport(p.options.report, renderReport({ summary: p.summary, attention: attentionRows(p), batchJobUris: [...batchJobUris], files: others }));
    files.push(['Report', p.options.report]);
  }
  if (p.options.failures !== undefined) files.push([`Rows to fix (${failures})`, p.options.failures]);
  return files;
}

/** The noticed rows as the report names them: device, serial, customer (keyed as the summary keys it). */
export function attentionRows(p: Pick<FollowUpParts, 'scan' | 'plan' | 'noticed'>): AttentionRow[] {
  return p.noticed.map((n) => ({
    row: n.result.row,
    customer: p.scan.rows.customerText(n.index),
    device: p.scan.rows.deviceText(n.index),
    serial: n.serial,
    result: n.result,
  }));
}
