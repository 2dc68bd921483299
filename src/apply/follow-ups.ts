// What apply writes after the results file when asked (`--failures`, `--report`): the rows that need
// attention, which the results pass kept, handed to the writer status uses too (record/follow-ups.ts).
import type { RunSummary } from '../model.js';
import { writeFollowUps as writeBoth, type FollowUps } from '../record/follow-ups.js';
import type { AttentionRow } from '../record/report.js';
import type { ApplyOptions } from './options.js';
import type { InputScan } from './scan-input.js';
import type { RowResults } from './row-results.js';
import { applyTable, type NoticedRow } from './write-results.js';

export type { FollowUps, WrittenFiles } from '../record/follow-ups.js';

export interface FollowUpParts {
  options: Pick<ApplyOptions, 'out' | 'report' | 'failures'>;
  scan: InputScan;
  results: RowResults;
  summary: RunSummary;
  noticed: NoticedRow[];
}

export async function writeFollowUps(p: FollowUpParts): Promise<FollowUps> {
  const batchJobUris = new Set<string>();
  if (p.options.report !== undefined) for (const r of p.results) if (r.batchJobUri !== undefined) batchJobUris.add(r.batchJobUri);
  const { rows: _rows, layout: _layout, summary: _summary, ...table } = applyTable(p.scan, [], p.summary, {});
  return writeBoth(
    { results: p.options.out, report: p.options.report, failures: p.options.failures },
    { table, summary: p.summary, rows: p.noticed, checked: p.scan.rows.inputChecks.size > 0, attention: attentionRows(p), batchJobUris: [...batchJobUris] },
  );
}

/** The noticed rows as the report names them: device, serial, customer (keyed as the summary keys it). */
export function attentionRows(p: Pick<FollowUpParts, 'scan' | 'noticed'>): AttentionRow[] {
  return p.noticed.map((n) => ({
    row: n.result.row,
    customer: p.scan.rows.customerText(n.index),
    device: p.scan.rows.deviceText(n.index),
    // The sheet's serial number, else the one inside the row's hardware hash.
    serial: n.serial || n.result.hashSerial,
    result: n.result,
  }));
}
