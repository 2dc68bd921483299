// Pass two: stream the input again and write each row's original cells beside its result, so the cells
// of a large sheet are never all in memory at once.
import { basename, dirname, extname, join } from 'node:path';
import type { RowResult, RunSummary } from '../model.js';
import { writeResultsFile, type ResultRow } from '../record/results-file.js';
import { layoutOf } from '../record/columns.js';
import { isRecordError, type RecordError } from '../record/errors.js';
import { InputError } from '../read/errors.js';
import type { InputScan } from './scan-input.js';

export interface WrittenResults {
  /** Where the results are. */
  path: string;
  /** Why they are not at the target (set only when they were written elsewhere). */
  failure?: RecordError;
}

/**
 * The results at `out`, or — when `out` cannot be written (a full disk, a file open in Excel) — beside
 * it under another name, so that a run whose requests were sent never ends without its results. When
 * that fails too, the first failure is thrown: the journal still holds every answer.
 */
export async function writeResultsOrBeside(out: string, scan: InputScan, results: RowResult[], summary: RunSummary, now: Date): Promise<WrittenResults> {
  try {
    await writeApplyResults(out, scan, results, summary);
    return { path: out };
  } catch (failure) {
    if (!isRecordError(failure)) throw failure;
    const instead = besidePath(out, now);
    try {
      await writeApplyResults(instead, scan, results, summary);
    } catch {
      throw failure;
    }
    return { path: instead, failure };
  }
}

/** `results.xlsx` → `results.unsaved-20250102-030405.xlsx`, in the same folder. */
export function besidePath(out: string, now: Date): string {
  const ext = extname(out);
  const stem = basename(out, ext);
  const stamp = now.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  return join(dirname(out), `${stem}.unsaved-${stamp}${ext}`);
}

export async function writeApplyResults(out: string, scan: InputScan, results: RowResult[], summary: RunSummary): Promise<void> {
  await writeResultsFile(out, {
    headers: scan.outputHeaders,
    rows: resultRows(scan, results),
    summary,
    // A CSV result speaks its input's dialect (SPEC §2): Excel in a ';' locale opens it in columns.
    ...(scan.info.delimiter === undefined ? {} : { csvDelimiter: scan.info.delimiter }),
    // SPEC §2 Resolution: the columns appear when any row was resolved or registered (in this run or the
    // one fed back).
    layout: layoutOf(results),
  });
}

async function* resultRows(scan: InputScan, results: RowResult[]): AsyncGenerator<ResultRow> {
  let index = 0;
  for await (const row of scan.source) {
    const result = results[index];
    index++;
    if (result === undefined) continue;
    yield { input: scan.keep.map((c) => row.cells[c] ?? ''), result };
  }
  // The input's SHA-256 was taken before reading; a file that changed since cannot be matched row by row.
  if (index !== results.length) {
    throw new InputError(
      'unreadable',
      scan.info.file,
      `${scan.info.file} changed while it was being processed (read ${results.length} rows, then ${index}); the results were not written, ` +
        'but the journal keeps every request sent: run the same command again on the unchanged file',
    );
  }
}
