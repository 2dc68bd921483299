// The failures file (`--failures FILE`, SPEC §2): only the rows that need fixing, with their original
// columns and `Row`, `Status`, `Detail`, in FILE's format through the same writers as the results, so
// a CSV speaks the same dialect. Fixed and given to `apply`, it sends just those rows under their
// original row numbers (map/result-columns.ts recognises its header).
import { needsFix } from './attention.js';
import { writeResultsFile } from './results-file.js';
import type { ResultRow, ResultsTable } from './table.js';

/** Writes the rows of `table` that need fixing; resolves to how many there were. */
export async function writeFailuresFile(path: string, table: ResultsTable): Promise<number> {
  let written = 0;
  async function* failing(): AsyncGenerator<ResultRow> {
    for await (const row of table.rows) {
      if (!needsFix(row.result)) continue;
      written++;
      yield row;
    }
  }
  await writeResultsFile(path, { ...table, rows: failing(), layout: 'failures' });
  return written;
}
