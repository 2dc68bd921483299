// How a list of cells (a header's, in a message) is quoted: each JSON-quoted so that stray spaces and
// control characters show, each cut short, and the list itself cut short. A hostile header of 10,000
// columns, or one cell of 10 MB, must still give a message that fits on a screen.

const MAX_ITEMS = 40;
const MAX_CHARS = 60;

export function quoteList(cells: readonly string[], blank = '""'): string {
  if (cells.length === 0) return '(none)';
  const shown = cells.slice(0, MAX_ITEMS).map((c) => (c === '' ? blank : JSON.stringify(c.length > MAX_CHARS ? `${c.slice(0, MAX_CHARS)}…` : c)));
  const more = cells.length - MAX_ITEMS;
  return more > 0 ? `${shown.join(', ')} and ${more.toLocaleString('en-US')} more` : shown.join(', ');
}
