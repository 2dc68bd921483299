// Finding the header row: the same rule for a CSV and for each worksheet (SPEC §2 apply options).
import type { SourceRow } from '../model.js';
import { quoteList } from '../text/quote-list.js';
import { headerCells } from './table.js';

/** How many non-blank rows are searched for a header when no `--header-row` is given. */
export const HEADER_SEARCH_ROWS = 20;
/**
 * How many more are read, when none of those is the header, to say where it is (`--header-row 25`):
 * a header found there is only named, never taken unasked.
 */
export const HEADER_LOOK_FURTHER_ROWS = 1000;

export interface HeaderSearch {
  /** 1-based row number of the header, as the user gave it; taken as the header whatever it holds. */
  headerRow?: number;
  isHeader(cells: string[]): boolean;
  /** What a would-be header lacks (one phrase per missing field); only used to explain a failure. */
  missing?(cells: string[]): string[];
  /** What to do about it (the `--map` its own headers need), '' when nothing; only used to explain a failure. */
  hint?(cells: string[]): string;
}

export interface HeaderScan {
  /** The header row, trailing empty cells dropped. */
  header?: SourceRow;
  /**
   * The row that came closest to being the header — the first non-blank row, or with `missing` the one
   * lacking least — for the message that lists the headers found.
   */
  candidate?: Candidate;
  /** Without --header-row, when none of the rows searched is the header: a row further down that is. */
  later?: SourceRow;
}

export interface Candidate {
  row: SourceRow;
  missing: string[];
  /** See HeaderSearch.hint. */
  hint?: string;
}

/**
 * Pulls rows (non-blank ones, in order) until the header is settled. Takes an iterator and never
 * closes it, because the caller may still need the stream (or must release it its own way).
 */
export async function scanForHeader(rows: AsyncIterator<SourceRow>, search: HeaderSearch): Promise<HeaderScan> {
  let candidate: Candidate | undefined;
  let seen = 0;
  for (; search.headerRow !== undefined || seen < HEADER_SEARCH_ROWS; seen++) {
    const next = await rows.next();
    if (next.done === true) break;
    const row = next.value;
    if (search.headerRow !== undefined) {
      candidate ??= { row, missing: [] };
      if (row.rowNumber === search.headerRow) return { header: asHeader(row), candidate };
      if (row.rowNumber > search.headerRow) break;
    } else {
      if (search.isHeader(row.cells)) return { header: asHeader(row), candidate };
      const missing = search.missing?.(row.cells) ?? [];
      if (candidate === undefined || missing.length < candidate.missing.length) candidate = { row, missing };
    }
  }
  if (candidate === undefined) return {};
  const hint = search.hint?.(candidate.row.cells);
  const described = hint === undefined || hint === '' ? candidate : { ...candidate, hint };
  if (search.headerRow !== undefined || seen < HEADER_SEARCH_ROWS) return { candidate: described };
  for (let further = 0; further < HEADER_LOOK_FURTHER_ROWS; further++) {
    const next = await rows.next();
    if (next.done === true) break;
    if (search.isHeader(next.value.cells)) return { candidate: described, later: asHeader(next.value) };
  }
  return { candidate: described };
}

function asHeader(row: SourceRow): SourceRow {
  return { ...row, cells: headerCells(row.cells) };
}

/** `row 3: "Kunde", "Serial Number" (lacks …)` — how a would-be header is quoted in messages. */
export function describeCandidate(candidate: Candidate | undefined): string {
  if (candidate === undefined) return 'no data at all';
  const lacks = candidate.missing.length > 0 ? ` (lacks ${candidate.missing.join('; ')})` : '';
  const hint = candidate.hint === undefined ? '' : ` — ${candidate.hint}`;
  return `row ${candidate.row.rowNumber}: ${quoteList(headerCells(candidate.row.cells), '(blank)')}${lacks}${hint}`;
}

/** `the header is on row 25 ("Customer ID", …), below the first 20 rows searched: add --header-row 25`. */
export function describeLater(later: SourceRow, option = `--header-row ${later.rowNumber}`): string {
  const cells = headerCells(later.cells);
  const shown = `${quoteList(cells.slice(0, 4), '(blank)')}${cells.length > 4 ? ', …' : ''}`;
  return `the header is on row ${later.rowNumber} (${shown}), below the first ${HEADER_SEARCH_ROWS} rows searched: add ${option}`;
}
