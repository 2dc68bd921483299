// Pass two: stream the input's cells back from the scan's spool and write each row's cells beside its
// result, so the cells of a large sheet are never all in memory at once. The rows that need attention
// are noted on the way, without their cells (a sheet of 100,000 hashes all invalid would otherwise hold
// 400 MB): the report names them by device, and the failures file reads the spool again (resultRows).
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { RunSummary } from '../results/run-summary.js';
import { writeResultsFile, type ResultRow, type ResultsTable } from '../record/results-file.js';
import { layoutOf, withHashColumns, type ResultLayout } from '../results/layout.js';
import { attentionStatus } from '../report/attention.js';
import { isRecordError, RecordError } from '../record/errors.js';
import { InputError } from '../read/errors.js';
import type { InputScan } from './scan-input.js';
import type { RowResults } from './row-results.js';

/** A row that needs attention, with its index among the data rows (its cells stay in the spool). */
export interface NoticedRow {
  result: ResultRow['result'];
  index: number;
  /** The serial number cell, when the input has a serial column. */
  serial: string | undefined;
}

export interface WrittenResults<T> {
  /** Where the results are. */
  path: string;
  /** What the writer gave back (the rows that need attention). */
  noticed: T;
  /** Why they are not at the target (set only when they were written elsewhere). */
  failure?: RecordError;
}

/**
 * Results that could be written nowhere: every place tried, with why. The journal still holds every
 * answer, so the same command writes them once there is room.
 */
export class ResultsNotWrittenError extends RecordError {
  readonly attempts: ReadonlyArray<{ path: string; error: RecordError }>;

  constructor(attempts: ReadonlyArray<{ path: string; error: RecordError }>) {
    const [first, ...others] = attempts;
    const tried = others.map((a) => `${a.path} (${a.error.message.replace(/^cannot write \S+: /, '')})`).join('; ');
    super('write-failed', first?.path ?? '', `${first?.error.message ?? 'cannot write the results'}${tried === '' ? '' : `; also tried ${tried}`}`);
    this.attempts = attempts;
  }
}

/**
 * The results at `out`, or — when `out` cannot be written (a full disk, a read-only folder, a file open
 * in Excel) — the first place that works of: beside it under another name, the same beside the input
 * (often another disk), the system's temporary folder. A run whose requests were sent never ends
 * without its results when any of these has room. When none has, ResultsNotWrittenError lists them.
 */
export async function writeResultsOrBeside<T>(out: string, input: string, write: (path: string) => Promise<T>, now: Date): Promise<WrittenResults<T>> {
  const attempts: Array<{ path: string; error: RecordError }> = [];
  for (const path of fallbackPlaces(out, input, now)) {
    try {
      const noticed = await write(path);
      return attempts[0] === undefined ? { path, noticed } : { path, noticed, failure: attempts[0].error };
    } catch (error) {
      if (!isRecordError(error)) throw error;
      attempts.push({ path, error });
    }
  }
  throw new ResultsNotWrittenError(attempts);
}

/** Where results go, in order: `out`, beside it, beside the input, the temporary folder (each once). */
export function fallbackPlaces(out: string, input: string, now: Date): string[] {
  const unsaved = besidePath(out, now);
  const places = [out, unsaved, join(dirname(resolve(input)), basename(unsaved)), join(tmpdir(), basename(unsaved))];
  return places.filter((place, i) => places.findIndex((p) => resolve(p) === resolve(place)) === i);
}

/** `results.xlsx` → `results.unsaved-20250102-030405.xlsx`, in the same folder. */
export function besidePath(out: string, now: Date): string {
  const ext = extname(out);
  const stem = basename(out, ext);
  const stamp = now.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  return join(dirname(out), `${stem}.unsaved-${stamp}${ext}`);
}

export async function writeApplyResults(out: string, scan: InputScan, results: RowResults, summary: RunSummary): Promise<NoticedRow[]> {
  const noticed: NoticedRow[] = [];
  await writeResultsFile(out, applyTable(scan, resultRows(scan, results, noticed), summary, resultsLayout(scan, results)));
  return noticed;
}

/** The layout of apply's results: the Hash columns whenever the input has a hash column, read or not. */
function resultsLayout(scan: Pick<InputScan, 'hashes'>, results: RowResults): ResultLayout {
  const layout = layoutOf(results);
  return scan.hashes === undefined ? layout : withHashColumns(layout);
}

/**
 * The table apply writes, whatever rows it is given: the results and the failures file share it, so
 * they cannot differ in headers or dialect.
 */
export function applyTable(scan: InputScan, rows: ResultsTable['rows'], summary: RunSummary, layout: ResultLayout): ResultsTable {
  return {
    headers: scan.outputHeaders,
    rows,
    summary,
    // A CSV result speaks its input's dialect (SPEC §2): Excel in a ';' locale opens it in columns.
    ...(scan.info.delimiter === undefined ? {} : { csvDelimiter: scan.info.delimiter }),
    // SPEC §2 Resolution: the columns appear when any row was resolved or registered (in this run or the
    // one fed back); a failures file has only Row, Status and Detail.
    layout,
  };
}

/**
 * Every row's cells, read back from the spool, beside its result; the rows that need attention are noted
 * in `noticed` when given. Read as often as asked: the results (and each place tried), the failures file.
 */
export async function* resultRows(scan: InputScan, results: RowResults, noticed?: NoticedRow[]): AsyncGenerator<ResultRow> {
  // A retry writes the rows again: what the first attempt noticed is noticed again.
  if (noticed !== undefined) noticed.length = 0;
  // The spool holds the kept columns; the serial column is one of them (only result columns are dropped).
  const serialAt = scan.columns.serial === undefined ? -1 : scan.keep.indexOf(scan.columns.serial);
  let index = 0;
  for await (const input of scan.cells) {
    // More cells than results is the same fault as fewer (said below), not rows to make up.
    if (index >= results.length) {
      index++;
      continue;
    }
    const result = results.at(index);
    index++;
    if (noticed !== undefined && attentionStatus(result) !== undefined) {
      noticed.push({ result, index: index - 1, serial: serialAt < 0 ? undefined : (input[serialAt] ?? '').trim() });
    }
    yield { input, result };
  }
  // The spool holds what the scan read, row for row; fewer rows back means it was cut short on disk.
  if (index !== results.length) {
    throw new InputError(
      'unreadable',
      scan.info.file,
      `the copy of ${scan.info.file}'s cells kept beside the results held ${index} of ${results.length} rows; the results were not written, ` +
        'but the journal keeps every request sent: run the same command again',
    );
  }
}
