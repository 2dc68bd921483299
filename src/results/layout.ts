// Which result columns a table has and where each goes: before the input's own columns (Row, Status,
// Detail), after them (the rest, then the optional groups some row fills), and a header read back taken
// apart again. Every format goes through here, so XLSX, CSV and JSON cannot disagree, and a column added
// later (with its place) is added here once.
import type { RowResult } from '../model.js';
import {
  FAILURES_COLUMNS,
  HASH_COLUMNS,
  INPUT_CHECK_COLUMN,
  REGISTERED_COLUMNS,
  RESOLVED_COLUMNS,
  RESULT_COLUMNS,
  RESULT_KEYS,
  RUNS_COLUMNS,
  type CellValue,
  type ColumnName,
  type ResultKey,
} from './columns.js';

/**
 * Which result columns a table has. Every results file has RESULT_COLUMNS; the optional groups follow
 * them when some row fills them (SPEC §2 Resolution): `resolved` (Resolved Device ID, Resolved Policy
 * ID), `registered` (Registered, after the resolved ones, which it implies) and `runs` (Runs, once a row
 * was attempted again into the same file); `hash` (Hash Serial, Hash Manufacturer, Hash Model) when the
 * input has a hardware hash column (SPEC §2 Input); and last `checked` (Input Check, when a row is invalid
 * by its own cells: record/input-check.ts). `failures` is the failures file's (`--failures`): only Row,
 * Status and Detail, and Results File (and Input Check when `checked`).
 */
export interface ResultLayout {
  readonly failures?: true;
  readonly resolved?: true;
  readonly registered?: true;
  readonly runs?: true;
  readonly hash?: true;
  readonly checked?: true;
}
type OptionalGroup = 'resolved' | 'registered' | 'runs' | 'hash' | 'checked';

export const PLAIN: ResultLayout = Object.freeze({});
export const FAILURES: ResultLayout = Object.freeze({ failures: true });

/** Before the input's own columns: what a ticket reader looks at first. */
export const LEAD: readonly ColumnName[] = ['Row', 'Status', 'Detail'];
/** After the input's own columns. */
export const TRAIL: readonly ColumnName[] = RESULT_COLUMNS.filter((name) => !LEAD.includes(name));
/** The optional groups, in the order they follow TRAIL. */
const OPTIONAL: ReadonlyArray<readonly [OptionalGroup, readonly ColumnName[]]> = [
  ['resolved', RESOLVED_COLUMNS],
  ['registered', REGISTERED_COLUMNS],
  ['runs', RUNS_COLUMNS],
  ['hash', HASH_COLUMNS],
  ['checked', [INPUT_CHECK_COLUMN] as const],
];

/** A layout's columns, made once per layout (they are asked for once per row). */
export interface LayoutColumns {
  /** Result columns before the input's columns, and their keys. */
  leadNames: readonly string[];
  leadKeys: readonly ResultKey[];
  /** Result columns after the input's columns, and their keys. */
  trailNames: readonly string[];
  trailKeys: readonly ResultKey[];
}

const made = new Map<string, LayoutColumns>();

export function layoutColumns(layout: ResultLayout): LayoutColumns {
  const id = layoutId(layout);
  let columns = made.get(id);
  if (columns === undefined) {
    const trail: ColumnName[] = layout.failures === true
      ? [...FAILURES_COLUMNS, ...(has(layout, 'checked') ? [INPUT_CHECK_COLUMN] as const : [])]
      : [...TRAIL, ...OPTIONAL.flatMap(([group, names]) => (has(layout, group) ? names : []))];
    columns = { leadNames: LEAD, leadKeys: LEAD.map((n) => RESULT_KEYS[n]), trailNames: trail, trailKeys: trail.map((n) => RESULT_KEYS[n]) };
    made.set(id, columns);
  }
  return columns;
}

function has(layout: ResultLayout, group: OptionalGroup): boolean {
  // The Registered column is written after the resolved ones: a registered device has a resolved ID.
  return layout[group] === true || (group === 'resolved' && layout.registered === true);
}

function layoutId(layout: ResultLayout): string {
  if (layout.failures === true) return has(layout, 'checked') ? 'failures+checked' : 'failures';
  return OPTIONAL.map(([group]) => (has(layout, group) ? group : '')).join('+');
}

/** The layout results need: the optional columns appear when some row fills them. */
export function layoutOf(results: Iterable<RowResult>): ResultLayout {
  let layout: ResultLayout = PLAIN;
  for (const r of results) layout = widerLayout(layout, rowLayout((key) => r[key] !== undefined));
  return layout;
}

/** The layout one row needs, by which of the optional keys it has. */
export function rowLayout(
  has: (key: 'registered' | 'resolvedDeviceId' | 'resolvedPolicyId' | 'runs' | 'hashSerial' | 'hashManufacturer' | 'hashModel' | 'inputCheck') => boolean,
): ResultLayout {
  const flags: { -readonly [K in keyof ResultLayout]: ResultLayout[K] } = {};
  if (has('registered')) flags.registered = true;
  if (has('registered') || has('resolvedDeviceId') || has('resolvedPolicyId')) flags.resolved = true;
  if (has('runs')) flags.runs = true;
  if (has('hashSerial') || has('hashManufacturer') || has('hashModel')) flags.hash = true;
  if (has('inputCheck')) flags.checked = true;
  return flags;
}

/** `layout` with the Hash columns: the input has a hash column, whether or not any of its hashes read. */
export function withHashColumns(layout: ResultLayout): ResultLayout {
  return layout.failures === true ? layout : { ...layout, hash: true };
}

/**
 * The layout holding both: a rewrite keeps the columns a file had, and adds those its rows now fill. A
 * failures file is never widened into: any results layout holds more.
 */
export function widerLayout(a: ResultLayout, b: ResultLayout): ResultLayout {
  if (a.failures === true) return b;
  if (b.failures === true) return a;
  const flags: { -readonly [K in keyof ResultLayout]: ResultLayout[K] } = {};
  for (const [group] of OPTIONAL) if (has(a, group) || has(b, group)) flags[group] = true;
  return flags;
}

/** Every result column of the layout, those before the input's first (a JSON row's keys follow this order). */
export function resultColumnNames(layout: ResultLayout): string[] {
  const { leadNames, trailNames } = layoutColumns(layout);
  return [...leadNames, ...trailNames];
}

/** The RowResult keys of resultColumnNames, in the same order. Shared, not copied. */
export function resultKeys(layout: ResultLayout): readonly ResultKey[] {
  const id = `keys:${layoutId(layout)}`;
  let keys = allKeys.get(id);
  if (keys === undefined) {
    const { leadKeys, trailKeys } = layoutColumns(layout);
    keys = [...leadKeys, ...trailKeys];
    allKeys.set(id, keys);
  }
  return keys;
}
const allKeys = new Map<string, readonly ResultKey[]>();

/** The header of a table: Row, Status and Detail, the input's own columns, then the other result columns. */
export function tableHeader(inputHeaders: readonly string[], layout: ResultLayout): string[] {
  const { leadNames, trailNames } = layoutColumns(layout);
  return [...leadNames, ...inputHeaders, ...trailNames];
}

/** The cells of a row in tableHeader's order, `cell` applied to each result value (not to the input's). */
export function tableRow<T>(input: readonly string[], result: RowResult, layout: ResultLayout, cell: (value: CellValue) => T, inputCell: (value: string) => T): T[] {
  const { leadKeys, trailKeys } = layoutColumns(layout);
  const values: T[] = [];
  for (const key of leadKeys) values.push(cell(result[key]));
  for (const value of input) values.push(inputCell(value));
  for (const key of trailKeys) values.push(cell(result[key]));
  return values;
}

/** Per column of tableHeader: the result key it holds, or undefined for an input column. */
export function tableKeys(inputCount: number, layout: ResultLayout): Array<ResultKey | undefined> {
  const { leadKeys, trailKeys } = layoutColumns(layout);
  return [...leadKeys, ...Array<undefined>(inputCount).fill(undefined), ...trailKeys];
}

/** A results file's header taken apart: its input columns and where each result column is. */
export interface SplitHeader {
  /** The input's own headers, in order. */
  headers: string[];
  layout: ResultLayout;
  /** Where each of `headers` is in the file's row. */
  inputAt: number[];
  /** Where each result column of the layout is in the file's row. */
  keyAt: Map<ResultKey, number>;
}

/**
 * A results file's header taken apart, or undefined when it is not a results file's (splitHeader, in
 * record/table-reader.ts, says why). Two layouts are read: this version's (Row, Status, Detail, the
 * input's columns, the other result columns) and the earlier one (the input's columns, then every
 * result column).
 */
export function resultsHeader(all: readonly string[]): SplitHeader | undefined {
  const endsAt = (end: number, names: readonly string[]): boolean =>
    end >= names.length && names.every((name, i) => all[end - names.length + i] === name);
  // The optional groups, from the last one back: each is there or not.
  let end = all.length;
  const flags: { -readonly [K in OptionalGroup]?: true } = {};
  for (const [group, names] of [...OPTIONAL].reverse()) {
    if (endsAt(end, names)) {
      flags[group] = true;
      end -= names.length;
    }
  }
  if (flags.registered === true && flags.resolved !== true) return undefined;
  if (!endsAt(end, TRAIL)) return undefined;
  const trailStart = end - TRAIL.length;
  let leadStart: number;
  let inputFrom: number;
  let inputTo: number;
  if (trailStart >= LEAD.length && LEAD.every((name, i) => all[i] === name)) {
    [leadStart, inputFrom, inputTo] = [0, LEAD.length, trailStart];
  } else if (endsAt(trailStart, LEAD)) {
    [leadStart, inputFrom, inputTo] = [trailStart - LEAD.length, 0, trailStart - LEAD.length];
  } else {
    return undefined;
  }
  const layout: ResultLayout = flags;
  const { leadKeys, trailKeys } = layoutColumns(layout);
  const keyAt = new Map<ResultKey, number>();
  leadKeys.forEach((key, i) => keyAt.set(key, leadStart + i));
  trailKeys.forEach((key, i) => keyAt.set(key, trailStart + i));
  const inputAt = Array.from({ length: inputTo - inputFrom }, (_, i) => inputFrom + i);
  return { headers: inputAt.map((i) => all[i] ?? ''), layout, inputAt, keyAt };
}

/** Unique keys for duplicate headers (`Notes`, `Notes (2)`), as JSON objects need. */
export function uniqueKeys(headers: readonly string[]): string[] {
  const taken = new Set(headers);
  const seen = new Set<string>();
  return headers.map((header) => {
    if (!seen.has(header)) {
      seen.add(header);
      return header;
    }
    let n = 2;
    while (taken.has(`${header} (${n})`) || seen.has(`${header} (${n})`)) n++;
    const key = `${header} (${n})`;
    seen.add(key);
    return key;
  });
}
