// The shape rules both readers share: which rows count, how wide the table is, how a row lines up
// with the header.
import type { SourceRow } from '../model.js';

export function isBlank(cells: readonly string[]): boolean {
  return cells.every((c) => c === '');
}

/** Header cells up to the last non-empty one: trailing empty cells are formatting, not columns. */
export function headerCells(cells: readonly string[]): string[] {
  let end = cells.length;
  while (end > 0 && cells[end - 1] === '') end--;
  return cells.slice(0, end);
}

/**
 * One cell per header column. Cells beyond the header have no column to land in, so they are dropped
 * (the results file repeats the input's columns, not its stray cells).
 */
export function alignRow(row: SourceRow, width: number): SourceRow {
  const cells = row.cells.length === width ? row.cells : Array.from({ length: width }, (_, i) => row.cells[i] ?? '');
  const numericColumns = row.numericColumns.filter((c) => c < width);
  return { rowNumber: row.rowNumber, cells, numericColumns };
}
