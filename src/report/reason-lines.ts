// The console's "Needs attention" lines: the most common reasons, each with how many rows and a few of
// them, in the rows' own words. Rows group by the kind of their reason (attention.ts, which drops
// what is particular to a row); the line puts the particulars back: a value every row of the group shares
// stands in the text, one that differs stands as "…" there and beside each example row. So the console
// alone says which serial, name or ID to look at, not only that some serial is unknown.
import { groupByReason, reasonOf, type ReasonGroup } from './attention.js';
import { plural } from '../text/plural.js';
import type { RowResult } from '../model.js';

/** Reasons listed on the console; the report and the results file have the rest. */
const TOP_REASONS = 5;
/** Example rows per reason. */
const EXAMPLE_ROWS = 5;
/** A value longer than this is shortened in the middle ("PF3X0000…0007"). */
const LONG_VALUE = 40;
/** Quoted values listed one after another ("A", "B", "C", …): this many are shown. */
const LISTED_VALUES = 3;

/** A row that needs attention, as the console names it. */
export interface ConsoleRow {
  device: string;
  result: RowResult;
}

/**
 * `2 invalid: no device with serial number … among customer c7f3…'s 118 registered devices (rows 7
 * "PF3X00007", 9 "PF3X00009")`. Rows left when the run stopped carry the cause, which the closing lines
 * say once already.
 */
export function reasonLines(rows: readonly ConsoleRow[], stoppedBecause?: string): string {
  const groups = groupByReason(rows, (r) => r);
  if (groups.length === 0) return '';
  const stopped = stoppedBecause === undefined ? undefined : `not sent: ${stoppedBecause}`;
  const lines = groups.slice(0, TOP_REASONS).map((g) => {
    const whole = g.status === 'not-sent' && g.rows.every((r) => r.result.detail === stopped);
    const { text, particulars } = whole ? { text: 'the run stopped (the cause is above)', particulars: new Map<ConsoleRow, string>() } : withValues(g);
    return `  ${g.rows.length} ${g.status}: ${text} (${examples(g.rows, particulars)})`;
  });
  const rest = groups.length - TOP_REASONS;
  if (rest > 0) lines.push(`  and ${plural(rest, 'more reason')}: every row is in the results file`);
  return `Needs attention:\n${lines.join('\n')}\n`;
}

/** `rows 7 "PF3X00007", 9 "PF3X00009" and 3 more`, in row order. */
function examples(rows: readonly ConsoleRow[], particulars: ReadonlyMap<ConsoleRow, string>): string {
  const sorted = [...rows].sort((a, b) => a.result.row - b.result.row);
  const shown = sorted.slice(0, EXAMPLE_ROWS).map((r) => {
    const own = particulars.get(r);
    return own === undefined ? String(r.result.row) : `${r.result.row} ${own}`;
  });
  const more = sorted.length > EXAMPLE_ROWS ? ` and ${sorted.length - EXAMPLE_ROWS} more` : '';
  return `${sorted.length === 1 ? 'row' : 'rows'} ${shown.join(', ')}${more}`;
}

interface Split {
  /** The text around the values: one more than the values. */
  words: string[];
  values: string[];
}

/** A quoted value (JSON-style escapes) or a GUID, braced or not: what messages put a row's particulars in. */
const VALUE = String.raw`"(?:[^"\\]|\\.)*"|\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?`;

/** The reason cut at its values: VALUE's, and the row's device where the text names it bare. */
function split(reason: string, device: string): Split {
  const words: string[] = [];
  const values: string[] = [];
  let at = 0;
  for (const match of reason.matchAll(new RegExp(VALUE, 'gi'))) {
    cutAtDevice(reason.slice(at, match.index), device.trim(), words, values);
    values.push(match[0]);
    at = match.index + match[0].length;
  }
  cutAtDevice(reason.slice(at), device.trim(), words, values);
  return { words, values };
}

/** Appends `text` to the split, its mentions of `device` (three characters or more) as values. */
function cutAtDevice(text: string, device: string, words: string[], values: string[]): void {
  let rest = text;
  for (let found = device.length >= 3 ? rest.indexOf(device) : -1; found >= 0; found = rest.indexOf(device)) {
    words.push(rest.slice(0, found));
    values.push(device);
    rest = rest.slice(found + device.length);
  }
  words.push(rest);
}

/**
 * The group's text with the values its rows share, "…" where they differ, and each row's own values.
 * Rows whose texts differ in more than their values (lists of rows, advice) fall back to the group's kind.
 */
function withValues(group: ReasonGroup<ConsoleRow>): { text: string; particulars: Map<ConsoleRow, string> } {
  const splits = group.rows.map((r) => split(reasonOf(r.result), r.device));
  const [first] = splits;
  const particulars = new Map<ConsoleRow, string>();
  const sameWords = first !== undefined && splits.every((s) => s.words.length === first.words.length && s.words.every((w, i) => w === first.words[i]));
  if (first === undefined || !sameWords) return { text: firstSentenceOfAdvice(group.kind), particulars };
  const differs = first.values.map((v, i) => splits.some((s) => s.values[i] !== v));
  let text = first.words[0] ?? '';
  first.values.forEach((value, i) => {
    text += `${differs[i] === true ? '…' : shorten(value)}${first.words[i + 1] ?? ''}`;
  });
  if (differs.some(Boolean)) {
    group.rows.forEach((row, r) => {
      const own = (splits[r]?.values ?? []).filter((_, i) => differs[i] === true).map(shorten);
      particulars.set(row, own.join(' '));
    });
  }
  return { text: collapseLists(firstSentenceOfAdvice(text)), particulars };
}

/** A device error's advice past its first sentence is the same for every row of that code: the results have it. */
function firstSentenceOfAdvice(text: string): string {
  const dash = text.indexOf(' — ');
  const end = dash < 0 ? -1 : text.indexOf('. ', dash);
  return end < 0 ? text : text.slice(0, end + 1);
}

/** `"PF3X00000000000000001…00000007"`: the start and the end, which tell values apart. */
export function shorten(value: string): string {
  const quoted = value.startsWith('"') && value.endsWith('"') && value.length >= 2;
  const inner = quoted ? value.slice(1, -1) : value;
  if (inner.length <= LONG_VALUE) return value;
  const cut = `${inner.slice(0, LONG_VALUE / 2)}…${inner.slice(-(LONG_VALUE / 2 - 4))}`;
  return quoted ? `"${cut}"` : cut;
}

/** `"A", "B", "C", "D", "E"` → `"A", "B", "C" and 2 more`. */
function collapseLists(text: string): string {
  return text.replace(/"(?:[^"\\]|\\.)*"(?:, "(?:[^"\\]|\\.)*"){3,}/g, (list) => {
    const items = list.match(/"(?:[^"\\]|\\.)*"/g) ?? [];
    return `${items.slice(0, LISTED_VALUES).join(', ')} and ${items.length - LISTED_VALUES} more`;
  });
}
