// The input's columns the tool does not read: named once in the console and in the Summary ("not used:
// Asset Tag, PO Number"), so that a column that was meant to be read is never silently passed over; one
// that is likely a field (suggest.ts) comes with the --map that reads it.
import type { ColumnMap, Field } from '../model.js';
import type { ColumnOverrides } from './columns.js';
import { FIELD_WORDS, suggestMaps } from './suggest.js';
import { quoteList } from '../text/quote-list.js';

export interface UnusedColumns {
  /** Their headers, in the sheet's order (blank headers left out: nothing to name). */
  headers: string[];
  /** Those likely to be a field no column gives: the option that reads each so. */
  suggestions: Array<{ header: string; field: Field; option: string }>;
}

/** A policy is given by its ID or by its name: with one read, a column likely to be the other is no help. */
const EITHER: Partial<Record<Field, Field>> = { policy: 'policyName', policyName: 'policy' };

/** `kept`: the input's own columns (a results file's result columns are the tool's, not unused). */
export function unusedColumns(headers: readonly string[], kept: readonly number[], map: ColumnMap, overrides: ColumnOverrides): UnusedColumns {
  const read = new Set(Object.values(map));
  const unused = kept.filter((i) => !read.has(i) && (headers[i] ?? '').trim() !== '');
  const free = (field: Field | undefined): boolean => field === undefined || (map[field] === undefined && overrides[field] === undefined);
  const suggestions = suggestMaps(headers, unused, (field) => free(field) && free(EITHER[field]));
  return { headers: unused.map((i) => (headers[i] ?? '').trim()), suggestions };
}

/**
 * `not used: "Asset Tag", "PO Number" (kept in the results as they are)`, then a line per likely field;
 * '' when every column is read.
 */
export function unusedColumnsLines(unused: UnusedColumns): string {
  if (unused.headers.length === 0) return '';
  const lines = [`not used: ${quoteList(unused.headers)} (kept in the results as they are)`];
  for (const s of unused.suggestions) lines.push(`  ${JSON.stringify(s.header)} may be the ${FIELD_WORDS[s.field]}: to read it, add ${s.option}`);
  return `${lines.join('\n')}\n`;
}
