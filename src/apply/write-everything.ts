// The end of a run: the results file (or, when its place cannot take it, the first of the fallbacks
// that can), the report and failures file, and the journal's fate — removed once the results hold
// everything it did, kept otherwise, and named whenever it is what stands between the user and a lost
// run. Nothing written here may end the run with a stack trace, or without saying where things are.
import type { Plan } from '../model.js';
import type { RunSummary } from '../results/run-summary.js';
import type { Journal } from '../journal/journal.js';
import { plural } from '../text/plural.js';
import { isRecordError } from '../record/errors.js';
import { writeFollowUps, type FollowUps, type WrittenFiles } from '../report/follow-ups.js';
import { writeResultsFile } from '../record/results-file.js';
import type { AttentionRow } from '../report/report.js';
import type { ApplyOptions } from './options.js';
import type { InputScan } from './scan-input.js';
import type { RowResults } from './row-results.js';
import type { ConsoleRow } from '../report/reason-lines.js';
import type { MergedResults } from './merge-into.js';
import type { ResultRow } from '../record/table.js';
import { applyTable, resultRows, ResultsNotWrittenError, writeApplyResults, writeResultsOrBeside, type NoticedRow, type WrittenResults } from './write-results.js';

export type { FollowUps, WrittenFiles } from '../report/follow-ups.js';

export interface EndParts {
  options: Pick<ApplyOptions, 'out' | 'report' | 'failures'>;
  scan: InputScan;
  plan: Plan;
  results: RowResults;
  /** This run's summary. */
  summary: RunSummary;
  /** `--into`: the whole results file with this run's rows in it, written instead of this run's rows alone. */
  merged?: MergedResults | undefined;
  journal: Journal | undefined;
  /** Rows sent without a final answer: the journal is kept for them. */
  unsettled: number;
  now: Date;
  stderr: NodeJS.WritableStream;
}

export interface RunEnd {
  /** The summary as the run ends it: where the results are, and its exit code. */
  summary: RunSummary;
  attention: ConsoleRow[];
  /** The same rows as the report and `--json` name them. */
  rows: AttentionRow[];
  files: WrittenFiles;
  /** What the report and failures file came to (undefined when they could not be written). */
  followUps?: FollowUps;
  /** The journal, when it is kept for the same command to finish the run. */
  journal?: string;
}

export async function writeEverything(p: EndParts): Promise<RunEnd> {
  // The summary of what the results file holds: with --into, the whole file's.
  const summary = p.merged?.summary ?? p.summary;
  let written: WrittenResults<AttentionRow[]>;
  try {
    written = await writeResultsOrBeside(p.options.out, p.scan.info.file, writerOf(p), p.now);
  } catch (error) {
    // A dry run has no journal: nothing was done that its rerun would not do again (exit 2).
    if (!(error instanceof ResultsNotWrittenError) || p.journal === undefined) throw error;
    await p.journal.close();
    p.stderr.write(
      `${error.message}\nNo results file could be written anywhere. The journal ${p.journal.path} keeps every answer: ` +
        `make room, then run the same command again to write the results (nothing is sent twice).\n`,
    );
    return { summary: notClean(summary, summary.output), attention: [], rows: [], files: [], journal: p.journal.path };
  }
  const rows = written.noticed;
  const attention = rows.map((r) => ({ device: r.device, result: r.result }));
  const table = p.merged?.table ?? applyTable(p.scan, [], summary, {});
  // The report says what the results file says: where it is, and exit 1 when that is not --out.
  const recorded = written.failure === undefined ? summary : notClean(summary, written.path);
  const followUps = await writeFollowUps(
    { results: written.path, report: p.options.report, failures: p.options.failures },
    {
      table: { headers: table.headers, ...(table.csvDelimiter === undefined ? {} : { csvDelimiter: table.csvDelimiter }) },
      summary: recorded, rows: failureCandidates(p), attention: rows, batchJobUris: p.options.report === undefined ? [] : batchJobUris(p),
      // The failures file keeps the fingerprints of rows invalid by their own cells (SECURITY.md: fed back unchanged, they stay invalid).
      checked: p.merged === undefined ? p.scan.rows.inputChecks.size > 0 : p.merged.table.layout?.checked === true,
    },
  ).catch((error: unknown) => {
    // The results are written: a report or failures file that cannot be (a full disk) costs only itself.
    if (!isRecordError(error)) throw error;
    p.stderr.write(`${error.message}; the results are in ${written.path}\n`);
    return undefined;
  });
  const files: WrittenFiles = [['Results', written.path], ...(followUps?.files ?? [])];
  const ends = { attention, rows, files, ...(followUps === undefined ? {} : { followUps }) };
  if (written.failure !== undefined) {
    await p.journal?.close();
    const rerun = p.journal === undefined ? '' : ` The journal ${p.journal.path} is kept: run the same command again to write ${summary.output} (nothing is sent twice).`;
    p.stderr.write(`${written.failure.message}\nThe results were written to ${written.path} instead.${rerun}\n`);
    return { summary: recorded, ...ends, ...(p.journal === undefined ? {} : { journal: p.journal.path }) };
  }
  // This run's rows decide whether its journal is still needed (with --into, not the file's older rows).
  const kept = p.journal !== undefined && (await settleJournal(p.journal, p.summary, p.unsettled, p.stderr));
  return {
    summary: followUps === undefined ? notClean(summary, written.path) : summary,
    ...ends,
    ...(kept && p.journal !== undefined ? { journal: p.journal.path } : {}),
  };
}

/**
 * The rows the failures file is cut from: with --into, the merged file's that need attention (held, as
 * the whole file is); else every row again from the spool, so no row's cells wait in memory for it.
 */
function failureCandidates(p: EndParts): Iterable<ResultRow> | AsyncIterable<ResultRow> {
  return p.merged === undefined ? resultRows(p.scan, p.results) : p.merged.attention.map((m) => m.row);
}

/** What writes the results at a path, and gives back the rows that need attention as the report names them. */
function writerOf(p: EndParts): (path: string) => Promise<AttentionRow[]> {
  const { merged } = p;
  // Results written anywhere but --out record the exit code the run ends with (1), not a clean 0.
  const recorded = (summary: RunSummary, path: string): RunSummary => (path === p.options.out ? summary : notClean(summary, path));
  if (merged !== undefined) {
    return async (path) => {
      await writeResultsFile(path, { ...merged.table, summary: recorded(merged.table.summary, path) });
      return merged.attention.map((m) => m.named);
    };
  }
  return async (path) => named(p.scan, await writeApplyResults(path, p.scan, p.results, recorded(p.summary, path)));
}

/** The noticed rows as the report names them: device, serial, customer (keyed as the summary keys it). */
function named(scan: InputScan, noticed: readonly NoticedRow[]): AttentionRow[] {
  return noticed.map((n) => ({
    row: n.result.row, customer: scan.rows.customerText(n.index), device: scan.rows.deviceText(n.index),
    // The sheet's serial number, else the one inside the row's hardware hash.
    serial: n.serial || n.result.hashSerial, result: n.result,
  }));
}

function batchJobUris(p: EndParts): string[] {
  const uris = new Set<string>();
  const results = p.merged?.table.rows.map((r) => r.result) ?? p.results;
  for (const r of results) if (r.batchJobUri !== undefined) uris.add(r.batchJobUri);
  return [...uris];
}

/** The run did its work, but not all of what was asked: never reported as a clean success. */
function notClean(summary: RunSummary, output: string): RunSummary {
  return { ...summary, output, exitCode: summary.exitCode === 0 ? 1 : summary.exitCode };
}

/**
 * Once the results are written: rows left not-sent (Ctrl-C, a refused sign-in) or failed without a final
 * answer (timeouts) keep the journal, so the same command sends only them, under their recorded
 * MS-RequestIds where they were sent; otherwise the journal has done its job.
 */
async function settleJournal(journal: Journal, summary: RunSummary, unsettled: number, stderr: NodeJS.WritableStream): Promise<boolean> {
  const notSent = summary.byStatus['not-sent'];
  if (notSent === 0 && unsettled === 0) {
    await journal.remove();
    return false;
  }
  await journal.close();
  const rows = [
    notSent > 0 ? `${plural(notSent, 'row')} ${notSent === 1 ? 'was' : 'were'} not sent` : '',
    unsettled > 0 ? `${plural(unsettled, 'row')} got no final answer` : '',
  ].filter(Boolean).join(' and ');
  const stopped = summary.stoppedBecause ?? '';
  const fix = stopped.startsWith('sign-in')
    ? 'fix the credentials, then '
    : stopped.startsWith('cannot reach')
      ? 'check --endpoint and the network (HTTPS_PROXY, NO_PROXY), then '
      : '';
  stderr.write(`${rows}; ${fix}run the same command again to send them (rows already answered are not sent twice).\n`);
  return true;
}
