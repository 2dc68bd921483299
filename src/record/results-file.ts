// The results file of SPEC §2 in its three formats: every input row in order with its outcome. Writing
// streams (300k rows must never be held at once) and is atomic; reading is for `status` and the tests.
// The XLSX reader and writer are loaded only for an .xlsx file: exceljs takes longer to load than a
// small run takes to do its work.
import { extname } from 'node:path';
import { writeAtomically } from './atomic.js';
import { readCsvResults, writeCsvResults } from './csv-results.js';
import { RecordError } from './errors.js';
import { readJsonResults, writeJsonResults } from './json-results.js';
import type { ResultsFile, ResultsFormat, ResultsTable } from './table.js';
import { openRegularFile } from '../read/regular-file.js';

export type { ResultRow, ResultsFile, ResultsFormat, ResultsTable } from './table.js';

const FORMATS: Record<string, ResultsFormat> = { '.xlsx': 'xlsx', '.csv': 'csv', '.json': 'json' };

export function resultsFormat(path: string): ResultsFormat {
  const ext = extname(path).toLowerCase();
  const format = FORMATS[ext];
  if (format === undefined) {
    throw new RecordError('unsupported-format', path,
      `cannot tell the results format of ${path}: expected a name ending in .xlsx, .csv or .json; got "${ext || 'no extension'}"`);
  }
  return format;
}

export async function writeResultsFile(path: string, table: ResultsTable): Promise<void> {
  const format = resultsFormat(path);
  await writeAtomically(path, async (out) => {
    switch (format) {
      case 'xlsx': {
        const { writeXlsxResults } = await import('./xlsx-writer.js');
        return writeXlsxResults(out, table, path);
      }
      case 'csv':
        return writeCsvResults(out, table, path);
      case 'json':
        return writeJsonResults(out, table, path);
    }
  });
}

export async function readResultsFile(path: string): Promise<ResultsFile> {
  const format = resultsFormat(path);
  await refuseNonFile(path);
  switch (format) {
    case 'xlsx':
      return { format, ...(await (await import('./xlsx-reader.js')).readXlsxResults(path)) };
    case 'csv':
      return { format, ...(await readCsvResults(path)) };
    case 'json':
      return { format, ...(await readJsonResults(path)) };
  }
}

/**
 * A named pipe or a device would hang the read or never end it (read/regular-file.ts). A missing file
 * and a folder are left to the readers, whose messages say so in their format's words.
 */
async function refuseNonFile(path: string): Promise<void> {
  const opened = await openRegularFile(path).catch(() => undefined);
  if (opened === undefined) return;
  if ('handle' in opened) return opened.handle.close();
  if (opened.notAFile !== 'a folder') throw new RecordError('unreadable', path, `cannot read ${path}: it is ${opened.notAFile}, not a file`);
}
