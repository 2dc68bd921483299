// The failures file (`--failures FILE`, SPEC §2): only the rows that need fixing, `Row`, `Status`,
// `Detail`, their original columns, and `Results File`, in FILE's format through the same writers as the
// results, so a CSV speaks the same dialect. Fixed and given to `apply`, it sends just those rows under
// their original row numbers (map/result-columns.ts recognises its header); `--into` records their new
// outcome in the results file it names.
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { FAILURES, type ResultLayout } from '../results/layout.js';
import { needsFix } from './attention.js';
import { writeResultsFile } from '../record/results-file.js';
import type { ResultRow, ResultsTable } from '../record/table.js';

/**
 * Writes the rows of `table` that need fixing; resolves to how many there were. `resultsFile` is the
 * results file they came from, as each row's Results File records it (resultsFileCell).
 */
export async function writeFailuresFile(path: string, table: ResultsTable, resultsFile: string): Promise<number> {
  let written = 0;
  const recorded = resultsFileCell(path, resultsFile);
  async function* failing(): AsyncGenerator<ResultRow> {
    for await (const row of table.rows) {
      if (!needsFix(row.result)) continue;
      written++;
      yield { input: row.input, result: { ...row.result, resultsFile: recorded } };
    }
  }
  // Its rows are those that need fixing, so every row with an Input Check is among them.
  const layout: ResultLayout = table.layout?.checked === true ? { ...FAILURES, checked: true } : FAILURES;
  await writeResultsFile(path, { ...table, rows: failing(), layout });
  return written;
}

/**
 * The results file as a failures file records it: relative to the failures file's folder when it is in
 * that folder or below (so the two can be moved together, attached to a ticket and downloaded again),
 * else absolute; always with `/`, which every platform reads.
 */
export function resultsFileCell(failuresFile: string, resultsFile: string): string {
  const from = dirname(resolve(failuresFile));
  const to = resolve(resultsFile);
  const rel = relative(from, to);
  const inside = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  return (inside ? rel : to).split(sep).join('/');
}

/** The path a failures file's Results File cell names, for a failures file at `failuresFile`. */
export function recordedResultsFile(failuresFile: string, cell: string): string {
  return resolve(dirname(resolve(failuresFile)), cell.split('/').join(sep));
}
