// What apply and status write after the results file when asked: the failures file (`--failures`) and
// the Markdown report (`--report`), both from the rows that need attention. One function for both
// commands, so the same file gives the same report and the same rows to fix whichever wrote them.
import type { RunSummary } from '../results/run-summary.js';
import { TOOL_NAME } from '../package/version.js';
import { shellWord } from '../text/shell-word.js';
import { writeFailuresFile } from './failures-file.js';
import { renderReport, writeReport, type AttentionRow } from './report.js';
import type { ResultRow, ResultsTable } from '../record/table.js';

/** Files written, labelled as a person reads them: results, report, failures. */
export type WrittenFiles = Array<[label: string, path: string]>;

export interface FollowUpRequest {
  /** The results file the rows are in (the failures file records it). */
  results: string;
  report: string | undefined;
  failures: string | undefined;
}

export interface FollowUpSource {
  /** The results table's headers, dialect and summary (the failures file is cut from it). */
  table: Omit<ResultsTable, 'rows' | 'layout' | 'summary'>;
  summary: RunSummary;
  /** Rows offered to the failures file: those that need fixing are written. */
  rows: Iterable<ResultRow> | AsyncIterable<ResultRow>;
  /** Some row carries an Input Check (it is invalid by its own cells): the failures file keeps the column. */
  checked: boolean;
  /** The rows that need attention, as the report names them. */
  attention: readonly AttentionRow[];
  batchJobUris: readonly string[];
}

export interface FollowUps {
  /** The report and the failures file, labelled (the results file is the caller's to name). */
  files: WrittenFiles;
  report?: string;
  failures?: { path: string; rows: number };
  /** Once the rows are fixed in the failures file: the command that records them in the results file. */
  intoCommand?: string;
}

export async function writeFollowUps(asked: FollowUpRequest, source: FollowUpSource): Promise<FollowUps> {
  const out: FollowUps = { files: [] };
  if (asked.failures !== undefined) {
    const layout = source.checked ? { checked: true as const } : undefined;
    const rows = await writeFailuresFile(asked.failures, { ...source.table, rows: source.rows, summary: source.summary, ...(layout === undefined ? {} : { layout }) }, asked.results);
    out.failures = { path: asked.failures, rows };
    if (rows > 0) out.intoCommand = intoCommand(asked.failures, asked.results);
  }
  if (asked.report !== undefined) {
    const others: WrittenFiles = asked.failures === undefined ? [] : [['Rows to fix', asked.failures]];
    const text = renderReport({
      summary: source.summary, attention: [...source.attention], batchJobUris: [...source.batchJobUris], files: others,
      ...(out.intoCommand === undefined ? {} : { next: out.intoCommand }),
    });
    await writeReport(asked.report, text);
    out.report = asked.report;
    out.files.push(['Report', asked.report]);
  }
  if (out.failures !== undefined) out.files.push([`Rows to fix (${out.failures.rows})`, out.failures.path]);
  return out;
}

/** The closing line that suggests it. */
export function intoLine(command: string): string {
  return `Once those rows are fixed, record them in the results file: ${command}\n`;
}

/** `device-policy apply fix.csv --into devices.results.xlsx`: the fixed rows' new outcome, into the results file. */
export function intoCommand(failures: string, results: string): string {
  return `${TOOL_NAME} apply ${shellWord(failures)} --into ${shellWord(results)}`;
}
