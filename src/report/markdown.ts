// Just enough Markdown for a ticket: tables whose cells cannot break the table, code spans that hold any
// text, and long lists of row numbers cut to a readable length.

/**
 * A table cell shows its text as it is: `|` would end the cell, a newline the row, a backtick open a
 * code span that swallows the rest, `<` an HTML tag; a backslash is escaped first so that a value's own
 * `\` cannot escape the `\|` after it.
 */
export function cell(value: string | number): string {
  return String(value)
    .replace(/\\/g, '\\\\')
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/[|`]/g, (c) => `\\${c}`)
    .replace(/</g, '&lt;');
}

/** A code span around any text: the fence is longer than any run of backticks inside. */
export function code(value: string): string {
  const text = value.replace(/\r\n|\r|\n/g, ' ');
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

export function table(header: string[], rows: Array<Array<string | number>>, numeric: boolean[] = []): string {
  const align = header.map((_, i) => (numeric[i] === true ? '---:' : '---'));
  return [header.map(cell), align, ...rows.map((row) => row.map(cell))].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** Row numbers in order, the first `limit` of them, then how many more. */
export function rowList(rows: readonly number[], limit = 50): string {
  const sorted = [...rows].sort((a, b) => a - b);
  const shown = sorted.slice(0, limit).join(', ');
  return sorted.length > limit ? `${shown} and ${count(sorted.length - limit)} more` : shown;
}
