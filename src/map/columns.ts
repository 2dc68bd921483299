// Headers → fields: the `--map` overrides first, then the aliases of SPEC §2 for everything else.
import { quoteList } from '../text/quote-list.js';
import { FIELDS, type ColumnMap, type Field, type MappedRow, type SourceRow } from '../model.js';
import { InputError } from '../read/errors.js';
import { ALIASES, fieldOfHeader, normalizeHeader } from './aliases.js';
import { FIELD_WORDS, suggestMaps } from './suggest.js';

export type ColumnOverrides = Partial<Record<Field, string>>;

export interface FieldDefaults {
  /** `--customer`: stands in for a customer column. */
  customer?: string;
  /** `--policy` (an ID or a name): stands in for a policy column. */
  policy?: string;
}

/** Parses repeatable `--map FIELD=COLUMN` values. Field names are forgiving (`product-key` = `productKey`). */
export function parseMapOptions(values: readonly string[]): ColumnOverrides {
  const overrides: ColumnOverrides = {};
  for (const value of values) {
    const eq = value.indexOf('=');
    const name = eq < 0 ? '' : value.slice(0, eq).trim();
    const column = eq < 0 ? '' : value.slice(eq + 1).trim();
    if (name === '' || column === '') {
      throw new InputError('bad-option', undefined, `--map expects FIELD=COLUMN (e.g. --map device="Serial No"), got ${JSON.stringify(value)}`);
    }
    const field = FIELDS.find((f) => normalizeHeader(f) === normalizeHeader(name));
    if (field === undefined) {
      throw new InputError('bad-option', undefined, `--map ${JSON.stringify(value)}: unknown field ${JSON.stringify(name)}; fields are ${FIELDS.join(', ')}`);
    }
    if (overrides[field] !== undefined) {
      throw new InputError('bad-option', undefined, `--map gives the ${field} column twice (${JSON.stringify(overrides[field])} and ${JSON.stringify(column)})`);
    }
    overrides[field] = column;
  }
  return overrides;
}

interface Problem {
  code: 'duplicate-column' | 'unknown-column';
  message: string;
  field: Field;
  /** For an unknown `--map` column: the header it asked for. */
  wanted?: string;
}

interface Matching {
  map: ColumnMap;
  problems: Problem[];
}

/** Maps a header to fields. Throws InputError 'unknown-column' or 'duplicate-column', naming `file`. */
export function mapColumns(headers: readonly string[], overrides: ColumnOverrides, file: string): ColumnMap {
  const { map, problems } = matchColumns(headers, overrides);
  const problem = problems[0];
  if (problem !== undefined) throw new InputError(problem.code, file, `${file}: ${problem.message}`);
  return map;
}

function matchColumns(headers: readonly string[], overrides: ColumnOverrides): Matching {
  const map: ColumnMap = {};
  const problems: Problem[] = [];
  const taken = new Set<number>();
  for (const field of FIELDS) {
    const wanted = overrides[field];
    if (wanted === undefined) continue;
    const found = findColumn(headers, wanted);
    if (found.length === 1 && found[0] !== undefined) {
      map[field] = found[0];
      taken.add(found[0]);
    } else if (found.length === 0) {
      problems.push({
        code: 'unknown-column',
        field,
        wanted,
        message: `--map ${field}=${JSON.stringify(wanted)}: no such column. Headers found: ${listHeaders(headers)}`,
      });
    } else {
      problems.push({
        code: 'duplicate-column',
        field,
        message: `--map ${field}=${JSON.stringify(wanted)} matches ${found.map((i) => describeColumn(headers, i)).join(' and ')}; rename one of them`,
      });
    }
  }
  headers.forEach((header, i) => {
    const field = fieldOfHeader(header);
    // An overridden field ignores its aliases: --map is how a user settles a clash.
    if (field === undefined || taken.has(i) || overrides[field] !== undefined) return;
    const earlier = map[field];
    if (earlier === undefined) {
      map[field] = i;
    } else {
      problems.push({
        code: 'duplicate-column',
        field,
        message:
          `${describeColumn(headers, earlier)} and ${describeColumn(headers, i)} both hold the ${field} field; ` +
          `delete or rename one, or choose with --map ${field}=COLUMN`,
      });
    }
  });
  return { map, problems };
}

/** The exact header if it is there (trimmed), else headers equal to it the forgiving way. */
function findColumn(headers: readonly string[], wanted: string): number[] {
  const exact = indexesWhere(headers, (h) => h.trim() === wanted.trim());
  if (exact.length > 0) return exact;
  const key = normalizeHeader(wanted);
  return key === '' ? [] : indexesWhere(headers, (h) => normalizeHeader(h) === key);
}

function indexesWhere(headers: readonly string[], test: (h: string) => boolean): number[] {
  return headers.flatMap((h, i) => (test(h) ? [i] : []));
}

interface Requirement {
  satisfied(map: ColumnMap, defaults: FieldDefaults): boolean;
  /** The fields any of which would satisfy it. */
  fields: readonly Field[];
  describe(given: GivenBy): string;
}

// Each named by two of its headers: the full lists are in --help (see aliases.ts), and a message that
// quoted them all ran to 600 characters before it said what to do.
const REQUIREMENTS: readonly Requirement[] = [
  {
    satisfied: (map, d) => map.customer !== undefined || given(d.customer),
    fields: ['customer'],
    describe: (given) => `a customer column (${aliasList('customer')}) or ${given.customer}`,
  },
  {
    satisfied: (map) => map.device !== undefined || map.serial !== undefined || map.productKey !== undefined || map.hardwareHash !== undefined,
    fields: ['device', 'serial', 'productKey', 'hardwareHash'],
    describe: () => `a device column (${aliasList('device')}), or a serial number, product key or hardware hash column (${aliasList('serial')}, …)`,
  },
  {
    satisfied: (map, d) => map.policy !== undefined || map.policyName !== undefined || given(d.policy),
    fields: ['policy', 'policyName'],
    describe: (given) => `a policy column (${aliasList('policy')}), a policy name column (${aliasList('policyName')}) or ${given.policy}`,
  },
];

/** How a value for every row is given, as the missing phrases name it: the command line's options, or the page's fields. */
export interface GivenBy {
  customer: string;
  policy: string;
}

const OPTIONS: GivenBy = { customer: '--customer', policy: '--policy' };

/** What the SPEC's required rule still lacks, one phrase per missing field; empty when nothing is. */
export function missingFields(map: ColumnMap, defaults: FieldDefaults, given: GivenBy = OPTIONS): string[] {
  return REQUIREMENTS.filter((r) => !r.satisfied(map, defaults)).map((r) => r.describe(given));
}

export interface HeaderCheck {
  /** A row is the header when it holds every `--map` column and, with the defaults, the required fields. */
  isHeader(cells: string[]): boolean;
  /** What a row lacks to be the header, one phrase each; empty when it is one. */
  missing(cells: string[]): string[];
  /** The `--map` that would make the row's own headers give what it lacks ('' when none would). */
  hint(cells: string[]): string;
}

/**
 * `"Serial No." may be the serial number: add --map serial="Serial No."`, for the headers of a row that
 * lacks a required field and has a header likely to be one (suggest.ts); '' when it has none.
 */
export function mapHint(headers: readonly string[], map: ColumnMap, overrides: ColumnOverrides, defaults: FieldDefaults): string {
  const lacking = REQUIREMENTS.filter((r) => !r.satisfied(map, defaults));
  if (lacking.length === 0) return '';
  const taken = new Set(Object.values(map));
  const free = headers.flatMap((_, i) => (taken.has(i) ? [] : [i]));
  const maps = suggestMaps(headers, free, (field) => overrides[field] === undefined && lacking.some((r) => r.fields.includes(field)));
  if (maps.length === 0) return '';
  const which = maps.map((m) => `${JSON.stringify(m.header.trim())} may be the ${FIELD_WORDS[m.field]}`).join('; ');
  return `${which}: add ${maps.map((m) => m.option).join(' ')}`;
}

/**
 * For openTable (spread it into the options). Two columns for one field still make a header, so that
 * mapColumns can then name them rather than the header going unfound.
 */
export function headerCheck(overrides: ColumnOverrides, defaults: FieldDefaults): HeaderCheck {
  const missing = (cells: string[]): string[] => {
    const { map, problems } = matchColumns(cells, overrides);
    const unknown = problems.filter((p) => p.code === 'unknown-column');
    // A field whose --map column is absent is reported as that column, not once more as the field.
    const asked: ColumnMap = { ...map, ...Object.fromEntries(unknown.map((p) => [p.field, -1])) };
    return [...unknown.map((p) => `the column ${JSON.stringify(p.wanted)} given by --map`), ...missingFields(asked, defaults)];
  };
  const hint = (cells: string[]): string => mapHint(cells, matchColumns(cells, overrides).map, overrides, defaults);
  return { isHeader: (cells) => missing(cells).length === 0, missing, hint };
}

export function headerPredicate(overrides: ColumnOverrides, defaults: FieldDefaults): (cells: string[]) => boolean {
  return headerCheck(overrides, defaults).isHeader;
}

/** A data row as field text: trimmed, and absent when empty. */
export function toMappedRow(row: SourceRow, index: number, map: ColumnMap): MappedRow {
  const fields: Partial<Record<Field, string>> = {};
  const numericFields: Field[] = [];
  for (const field of FIELDS) {
    const column = map[field];
    if (column === undefined) continue;
    const text = (row.cells[column] ?? '').trim();
    if (text === '') continue;
    fields[field] = text;
    if (row.numericColumns.includes(column)) numericFields.push(field);
  }
  return { index, rowNumber: row.rowNumber, fields, numericFields };
}

/** `"Device ID" (column C)`: the letter tells identical headers apart. */
export function describeColumn(headers: readonly string[], index: number): string {
  return `${JSON.stringify(headers[index] ?? '')} (column ${columnLetter(index)})`;
}

export function listHeaders(headers: readonly string[]): string {
  return quoteList(headers);
}

/** 0 → A, 25 → Z, 26 → AA: as the spreadsheet labels columns. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

function aliasList(field: Field): string {
  const [first, second] = ALIASES[field];
  return [first, second].filter((a) => a !== undefined).map((a) => JSON.stringify(a)).join(', ');
}

function given(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '';
}
