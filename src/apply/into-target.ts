// `apply FIXES --into RESULTS`: the results file the fixed rows' new outcome is written into. Everything
// that could make the merge go wrong is found before a request is sent: RESULTS is not a results file
// of this tool, names a row twice, has an unfinished run of another input beside it (its journal would
// be lost), or FIXES names rows RESULTS does not hold, names one twice, lacks the Row column that ties
// its rows to RESULTS's, or has columns RESULTS has not (their cells would be lost).
import { existsSync } from 'node:fs';
import { InputError } from '../read/errors.js';
import { readResultsFile, type ResultsFile } from '../record/results-file.js';
import { isRecordError } from '../record/errors.js';
import { journalPathFor } from '../journal/format.js';
import { readJournal } from '../journal/read.js';
import { uniqueKeys } from '../results/layout.js';
import { rowList } from '../report/markdown.js';
import { quoteList } from '../text/quote-list.js';
import { TOOL_NAME } from '../package/version.js';
import { shellWord } from '../text/shell-word.js';
import type { InputScan } from './scan-input.js';

export interface IntoTarget {
  path: string;
  file: ResultsFile;
  /** Row number → position among the file's rows. */
  byRow: Map<number, number>;
}

/** Reads RESULTS and checks it can take rows (before anything is read from FIXES or sent). */
export async function openIntoTarget(input: string, into: string): Promise<IntoTarget> {
  const bad = (message: string): InputError => new InputError('bad-option', input, `--into ${into}: ${message}`);
  if (!existsSync(into)) throw bad(`no such file; --into names the results file the fixed rows came from (the one apply wrote)`);
  let file: ResultsFile;
  try {
    file = await readResultsFile(into);
  } catch (error) {
    if (!isRecordError(error)) throw error;
    throw bad(`${error.message}; --into names a results file written by ${TOOL_NAME} apply`);
  }
  const byRow = new Map<number, number>();
  const twice: number[] = [];
  file.rows.forEach((r, i) => {
    if (byRow.has(r.result.row)) twice.push(r.result.row);
    else byRow.set(r.result.row, i);
  });
  if (twice.length > 0) throw bad(`it names rows ${rowList(twice, 10)} more than once, so a fixed row could not be told where to go`);
  return { path: into, file, byRow };
}

/**
 * An unfinished run of another input beside RESULTS (its journal): writing into RESULTS now would start a
 * journal of its own over that one, and the requests it recorded without an answer could not be sent
 * again under their MS-RequestIds. That run is finished first, or discarded with --restart.
 */
export async function checkIntoJournal(input: string, into: string, inputSha256: string, restart: boolean): Promise<void> {
  const path = journalPathFor(into);
  if (restart || !existsSync(path)) return;
  const earlier = await readJournal(path);
  if (earlier.kind === 'read' && earlier.header.inputSha256 === inputSha256) return;
  throw new InputError('bad-option', input,
    `--into ${into}: ${path} holds an unfinished run of another input, whose rows not yet sent or answered would be lost; ` +
      'finish that run first (run its command again), or pass --restart to discard that journal');
}

/** After FIXES was read: every row names, by its Row cell, one row of RESULTS, and no two name the same. */
export function checkFixRows(scan: InputScan, target: IntoTarget): void {
  const input = scan.info.file;
  const bad = (message: string): InputError => new InputError('bad-option', input, `--into ${target.path}: ${message}`);
  if (!scan.isResultsFile) {
    throw bad(`${input} has no Row, Status and Detail columns, so its rows cannot be matched to the rows of ${target.path}; ` +
      `write the rows to fix with ${TOOL_NAME} status ${shellWord(target.path)} --failures fix.csv, correct them there, and give that file`);
  }
  if (scan.unnumbered.length > 0) {
    throw bad(`${input}'s rows ${rowList(scan.unnumbered, 10)} have no row number in their Row cell, so they cannot be matched to the rows of ${target.path}; put back the number the row had`);
  }
  const seen = new Map<number, number>();
  const missing: number[] = [];
  const twice: number[] = [];
  for (let i = 0; i < scan.rows.length; i++) {
    const row = scan.rows.rowNumber(i);
    if (!target.byRow.has(row)) missing.push(row);
    if (seen.has(row)) twice.push(row);
    seen.set(row, i);
  }
  if (missing.length > 0) throw bad(`${target.path} has no row ${rowList(missing, 10)} for ${input}'s rows to replace; is it the results file these rows came from?`);
  if (twice.length > 0) throw bad(`${input} names row ${rowList(twice, 10)} more than once; keep one of each`);
  const extra = columnsMissingFrom(scan.outputHeaders, target.file.headers);
  if (extra.length > 0) {
    throw bad(`${input} has columns ${target.path} has not (${quoteList(extra)}): their cells would be lost; remove them, or feed ${target.path} back with --out instead`);
  }
}

/** Headers of `from` (repeated ones counted) that `into` lacks. */
function columnsMissingFrom(from: readonly string[], into: readonly string[]): string[] {
  const have = new Set(uniqueKeys(into));
  return uniqueKeys(from).filter((key) => !have.has(key));
}
