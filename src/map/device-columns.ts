// Finding the device and customer columns of a results file read back, whose input headers are the
// user's own (pure): `status` matches job entries by device and counts by customer, and `apply --into`
// names the rows of RESULTS by them. Header matching is the input's (aliases.ts), so a header is read
// the way `apply` read it.
import type { Field, RowResult } from '../model.js';
import { fieldOfHeader, normalizeHeader } from './aliases.js';
import type { ColumnOverrides } from './columns.js';
import { InputError } from '../read/errors.js';

/** The fields `status` needs a column for: the device to match job entries, the customer to count by. */
export type StatusField = Extract<Field, 'device' | 'customer'>;
export const STATUS_FIELDS: readonly StatusField[] = ['device', 'customer'];

/** `--map` for `status`: only the fields it reads. */
export type StatusColumns = Partial<Record<StatusField, string>>;

/** Keeps the `--map` fields `status` reads; any other is a mistake worth saying, not ignoring. */
export function statusColumns(overrides: ColumnOverrides): StatusColumns {
  const columns: StatusColumns = {};
  for (const [field, column] of Object.entries(overrides)) {
    if (column === undefined) continue;
    if (!isStatusField(field)) {
      throw new InputError('bad-option', undefined, `status --map takes ${STATUS_FIELDS.join(' and ')}; got ${field}=${JSON.stringify(column)}`);
    }
    columns[field] = column;
  }
  return columns;
}

function isStatusField(field: string): field is StatusField {
  return (STATUS_FIELDS as readonly string[]).includes(field);
}

export type ColumnChoice =
  | { kind: 'found'; index: number }
  /** `--map` names a header the file does not have. */
  | { kind: 'unknown-map'; wanted: string }
  /** No header is an alias of the field. */
  | { kind: 'none' }
  /** Several headers could be the field: guessing could match devices against the wrong column. */
  | { kind: 'ambiguous'; candidates: number[] };

export interface ColumnSources {
  /** `--map FIELD=COLUMN`: the user's word, first. */
  mapped?: string | undefined;
  /** The header the run recorded (`summary.options.deviceColumn` / `customerColumn`). */
  recorded?: string | number | boolean | undefined;
}

/**
 * `--map` first, then the column the run recorded, then the aliases — which are trusted only when exactly
 * one header matches: a file with "Device" and "HW Ref" was sent from one of them, and nothing says which.
 */
export function chooseColumn(headers: readonly string[], field: StatusField, sources: ColumnSources): ColumnChoice {
  if (sources.mapped !== undefined) {
    const found = matching(headers, sources.mapped);
    if (found.length === 0) return { kind: 'unknown-map', wanted: sources.mapped };
    return found.length === 1 && found[0] !== undefined ? { kind: 'found', index: found[0] } : { kind: 'ambiguous', candidates: found };
  }
  // A recorded header the file no longer has (renamed since) falls through to the aliases.
  const recorded = typeof sources.recorded === 'string' && sources.recorded !== '' ? matching(headers, sources.recorded)[0] : undefined;
  if (recorded !== undefined) return { kind: 'found', index: recorded };
  const aliased = headers.flatMap((h, i) => (fieldOfHeader(h) === field ? [i] : []));
  if (aliased.length === 0) return { kind: 'none' };
  return aliased.length === 1 && aliased[0] !== undefined ? { kind: 'found', index: aliased[0] } : { kind: 'ambiguous', candidates: aliased };
}

/** The exact header if there is one (trimmed), else the headers equal to it ignoring case and punctuation. */
function matching(headers: readonly string[], wanted: string): number[] {
  const exact = headers.flatMap((h, i) => (h.trim() === wanted.trim() ? [i] : []));
  if (exact.length > 0) return exact;
  const key = normalizeHeader(wanted);
  return key === '' ? [] : headers.flatMap((h, i) => (normalizeHeader(h) === key ? [i] : []));
}

/** The device a row sent: the resolved ID when resolution found it, else the device cell. */
export function deviceOf(input: readonly string[], result: RowResult, deviceColumn: number | undefined): string {
  if (result.resolvedDeviceId) return result.resolvedDeviceId;
  return deviceColumn === undefined ? '' : (input[deviceColumn] ?? '').trim();
}
