// Pass two: stream the input again and write each row's original cells beside its result, so the cells
// of a large sheet are never all in memory at once.
import type { RowResult, RunSummary } from '../model.js';
import { writeResultsFile, type ResultRow } from '../record/results-file.js';
import { InputError } from '../read/errors.js';
import type { InputScan } from './scan-input.js';

export async function writeApplyResults(out: string, scan: InputScan, results: RowResult[], summary: RunSummary): Promise<void> {
  await writeResultsFile(out, {
    headers: scan.outputHeaders,
    rows: resultRows(scan, results),
    summary,
    // A CSV result speaks its input's dialect (SPEC §2): Excel in a ';' locale opens it in columns.
    ...(scan.info.delimiter === undefined ? {} : { csvDelimiter: scan.info.delimiter }),
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
