// Reads an XLSX results workbook back with exceljs's streaming reader: `status` reads files of 300k rows,
// and the non-streaming reader would hold every cell as an object (gigabytes).
import { createReadStream } from 'node:fs';
import ExcelJS from '../vendor/exceljs.js';
import type * as XL from 'exceljs';
import type { RunSummary } from '../results/run-summary.js';
import { ResultsTableReader } from './table-reader.js';
import type { ResultLayout } from '../results/layout.js';
import { isRecordError, RecordError, unreadableFile } from './errors.js';
import { usableSummary } from './summary-shape.js';
import type { ResultRow, ResultsFile } from './table.js';
import { SUMMARY_JSON_SHEET } from './xlsx-summary.js';
import { detach } from '../text/detach.js';

const RESULTS_SHEET = 'Results';

// exceljs's typings leave out the name the streaming reader sets on each worksheet.
type SheetReader = XL.stream.xlsx.WorksheetReader & { name?: string };

interface ResultsSheet {
  headers: string[];
  rows: ResultRow[];
  layout: ResultLayout;
}

export async function readXlsxResults(path: string): Promise<Omit<ResultsFile, 'format'>> {
  let results: ResultsSheet | undefined;
  let summaryJson: string | undefined;
  // exceljs pipes the file into its unzipper with `.pipe()`, which does not pass a read error on: given a
  // path it opens, a missing file crashes the process with an unhandled 'error' event. So the file stream
  // is ours, listened to from the start, and its error ends the read (the stalled unzip holds no handle).
  const file = createReadStream(path);
  const failed = new Promise<never>((_, reject) => file.once('error', reject));
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
      worksheets: 'emit', sharedStrings: 'cache', styles: 'ignore', hyperlinks: 'ignore', entries: 'ignore',
    });
    const readSheets = async (): Promise<void> => {
      for await (const worksheet of reader) {
        const sheet: SheetReader = worksheet;
        if (sheet.name === RESULTS_SHEET) results = await readResultsSheet(sheet, path);
        else if (sheet.name === SUMMARY_JSON_SHEET) summaryJson = await readColumnA(sheet);
        // Other sheets are read through all the same, so the reader can close their streams.
        else for await (const row of sheet) void row;
      }
    };
    await Promise.race([readSheets(), failed]);
  } catch (e) {
    if (isRecordError(e)) throw e;
    throw unreadableFile(path, 'an XLSX workbook', e);
  } finally {
    file.destroy();
  }
  if (results === undefined) {
    throw new RecordError('not-results-file', path, `${path} is not a results file: it has no sheet named "${RESULTS_SHEET}"`);
  }
  const summary = summaryJson === undefined ? undefined : parseSummary(summaryJson);
  return summary === undefined ? results : { ...results, summary };
}

async function readResultsSheet(sheet: SheetReader, path: string): Promise<ResultsSheet> {
  const table = new ResultsTableReader(path);
  for await (const row of sheet) {
    const values = rowValues(row);
    // Each cell's text once: it is a copy (see text/detach.ts), and 300k rows make a second one costly.
    const texts = values.map(cellText);
    // Row, HTTP Status and Runs are numbers; everything else is read as the text a spreadsheet shows.
    table.add(texts, `row ${row.number} of ${path}`, (at) => {
      const value = values[at];
      return typeof value === 'number' ? value : texts[at];
    });
  }
  const { header, rows } = table;
  if (header === undefined) throw new RecordError('not-results-file', path, `${path}: the ${RESULTS_SHEET} sheet is empty`);
  return { headers: header.headers, rows, layout: header.layout };
}

async function readColumnA(sheet: SheetReader): Promise<string> {
  let text = '';
  for await (const row of sheet) text += cellText(rowValues(row)[0]);
  return text;
}

/** A row's cells, 0-based (exceljs's `values` are 1-based and sparse). */
function rowValues(row: XL.Row): XL.CellValue[] {
  const values = row.values;
  return Array.isArray(values) ? Array.from({ length: Math.max(0, values.length - 1) }, (_, i) => values[i + 1]) : [];
}

/** The text a cell shows: rich text joined, a hyperlink's text, a formula's result. */
export function cellText(value: XL.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return detach(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('hyperlink' in value) return cellText(value.text);
  if ('error' in value) return value.error;
  if ('formula' in value || 'sharedFormula' in value) return cellText(value.result ?? null);
  return '';
}

// The XML parser hands out strings that are slices of its large text chunks, and a slice keeps its whole
// chunk alive: kept for 300k rows, that doubled the memory a read holds. A copy owns only its own text.

/**
 * The `_summary` sheet's RunSummary. One that does not parse, or lacks what `status` uses, is treated as
 * absent (summary-shape.ts): the rows are still good, and a summary can be rebuilt from them.
 */
function parseSummary(json: string): RunSummary | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return undefined;
  }
  return usableSummary(parsed);
}
