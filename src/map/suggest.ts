// The field a header probably means when no alias names it exactly: what `--map FIELD="Header"` to
// suggest. Vendor sheets abbreviate (`Serial No.`, `S/N`, `Cust ID`, `HW Hash`), add words (`Autopilot
// Profile Name`) and mistype (`Serail Number`); each of these is one rule here. A header that could be two
// fields gets no suggestion: a wrong --map is worse than none.
import { FIELDS, type Field } from '../model.js';
import { closest } from '../text/closest.js';
import { ALIASES, fieldOfHeader, normalizeHeader } from './aliases.js';

/** Abbreviations of the words aliases are made of, as vendor sheets write them. */
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  no: 'number',
  nr: 'number',
  num: 'number',
  nbr: 'number',
  sn: 'serial number',
  hw: 'hardware',
  hwid: 'hardware hash',
  pk: 'product key',
  mfr: 'manufacturer',
  mfg: 'manufacturer',
  org: 'organization',
  cfg: 'configuration',
};

/** A word at least this long may stand for any alias word it begins (`cust` → customer, `manuf`). */
const PREFIX_LETTERS = 3;

export interface LikelyField {
  field: Field;
  /** The alias the header was taken for. */
  alias: string;
}

/** The words of a header, abbreviations spelt out: `S/N #` → serial, number, number. */
export function headerWords(header: string): string[] {
  const text = header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\bs\s*\/\s*n\b/g, ' sn ')
    .replace(/#/g, ' number ');
  return text
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '')
    .flatMap((w) => (ABBREVIATIONS[w] ?? w).split(' '));
}

function wordMatches(typed: string, alias: string): boolean {
  return typed === alias || (typed.length >= PREFIX_LETTERS && alias.startsWith(typed));
}

/**
 * Every word of the alias, in order, stood for by a word of the header, which may have more (the
 * header's words abbreviate the alias's: `Autopilot Prof Name` holds `Profile Name`).
 */
function holds(header: readonly string[], alias: readonly string[]): boolean {
  let at = 0;
  for (const word of header) if (at < alias.length && wordMatches(word, alias[at] ?? '')) at++;
  return at === alias.length;
}

interface Candidate {
  field: Field;
  alias: string;
  words: string[];
}

const CANDIDATES: readonly Candidate[] = FIELDS.flatMap((field) => ALIASES[field].map((alias) => ({ field, alias, words: headerWords(alias) })));

/**
 * The field `header` likely means, when no alias names it as it is: its words those of an alias once
 * abbreviations are spelt out, or an alias mistyped, or the words of an alias of two words or more
 * with others around them. Undefined when none, or when the rules point at two fields.
 */
export function likelyField(header: string): LikelyField | undefined {
  if (fieldOfHeader(header) !== undefined) return undefined;
  const words = headerWords(header);
  if (words.length === 0) return undefined;
  const same = CANDIDATES.filter((c) => c.words.length === words.length && c.words.every((w, i) => wordMatches(words[i] ?? '', w)));
  if (same.length > 0) return onlyField(same);
  // Short words are a typo away from too much ("Cash" from "Hash").
  const joined = words.join('');
  const typo = joined.length < 6 ? undefined : closest(joined, CANDIDATES.map((c) => normalizeHeader(c.alias)), { limit: 1, maxDistance: 2, ratio: 0.25 })[0];
  if (typo !== undefined) return onlyField(CANDIDATES.filter((c) => normalizeHeader(c.alias) === typo));
  // A one-word alias inside a longer header says little ("Device Name" is no device ID).
  const inside = CANDIDATES.filter((c) => c.words.length >= 2 && holds(words, c.words));
  const longest = Math.max(0, ...inside.map((c) => c.words.length));
  return onlyField(inside.filter((c) => c.words.length === longest));
}

function onlyField(found: readonly Candidate[]): LikelyField | undefined {
  const [first] = found;
  if (first === undefined || found.some((c) => c.field !== first.field)) return undefined;
  return { field: first.field, alias: first.alias };
}

/** What each field is, in words, for "… may be the serial number". */
export const FIELD_WORDS: Readonly<Record<Field, string>> = {
  customer: 'customer ID',
  device: 'device ID',
  policy: 'policy ID',
  serial: 'serial number',
  productKey: 'product key',
  hardwareHash: 'hardware hash',
  policyName: 'profile name',
  manufacturer: 'manufacturer',
  model: 'model',
  batch: 'device batch (group tag)',
  customerName: 'customer name',
};

/** `--map serial="Serial No."`, quoted for a shell when it needs to be. */
export function mapOption(field: Field, header: string): string {
  return `--map ${field}=${JSON.stringify(header)}`;
}

/**
 * The headers among `headers` (by index) likely to mean a field `wanted` allows, each with the --map
 * that reads it so: one per field, the first such header.
 */
export function suggestMaps(headers: readonly string[], indexes: Iterable<number>, wanted: (field: Field) => boolean): Array<{ header: string; field: Field; option: string }> {
  const found = new Map<Field, { header: string; field: Field; option: string }>();
  for (const i of indexes) {
    const header = headers[i] ?? '';
    const likely = header.trim() === '' ? undefined : likelyField(header);
    if (likely === undefined || !wanted(likely.field) || found.has(likely.field)) continue;
    found.set(likely.field, { header, field: likely.field, option: mapOption(likely.field, header.trim()) });
  }
  return [...found.values()];
}
