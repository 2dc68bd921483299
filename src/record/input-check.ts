// The Input Check column: a fingerprint of a row's input cells, written for rows that are invalid by
// their own cells. A results file fed back is re-validated from its cells as written, and writing loses
// what made some cells wrong: an ID Excel stored as the number 1230000000000000 (digits possibly lost)
// comes back as the text "1230000000000000", which passes. With the fingerprint, a row whose cells have
// not changed keeps its earlier reason; once the user edits a cell, it is checked afresh.
import { createHash } from 'node:crypto';

/**
 * 16 hex digits of SHA-256 over the cells as a results file holds them: trimmed (readers trim), without
 * trailing empty ones (a sheet may drop them). Not a secret or a signature: a file's owner may edit it.
 */
export function inputCheck(cells: readonly string[]): string {
  const trimmed = cells.map((cell) => cell.trim());
  while (trimmed.length > 0 && trimmed[trimmed.length - 1] === '') trimmed.pop();
  return createHash('sha256').update(trimmed.join('\u001f')).digest('hex').slice(0, 16);
}
