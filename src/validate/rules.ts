// The row rules of SPEC §2 Row validation. Pure: a row in, a verdict out. Every problem of a row is
// reported at once, so a user fixes the sheet in one pass rather than one error per run.
import type { MappedRow, RowCheck } from '../model.js';
import { normaliseGuid } from './guid.js';
import { deviceLookupUnavailable, policyLookupUnavailable } from './lookup-pending.js';
import { FIELD_LABEL, type IdField, quote, STORED_AS_NUMBER } from './messages.js';

export interface RowDefaults {
  /** `--customer`: for rows whose customer cell is empty or absent. */
  customer?: string;
  /** `--policy`: for rows whose policy cell is empty or absent. */
  policy?: string;
}

export const MAX_DEVICE_ID_LENGTH = 256;

// How Excel's General format shows a long number: "1.23457E+15", or "1,23457E+15" in European locales.
// Excel always writes the exponent's sign, which keeps opaque IDs such as "12E4" out of this net.
const SCIENTIFIC = /^[+-]?\d+(?:[.,]\d+)?E[+-]\d+$/i;
// The values Excel shows for a formula that failed (and writes as text to a CSV): an ID that reads
// "#N/A" is a broken lookup, never a device.
const SPREADSHEET_ERROR = /^#(?:NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|GETTING_DATA|SPILL!|CALC!|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!|PYTHON!)$/i;
// C0, DEL and C1: invisible in a sheet, and a device ID holding one is a copy-and-paste accident.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

type FieldCheck = { ok: true; value: string } | { ok: false; problem: string };

export function validateRow(row: MappedRow, defaults: RowDefaults): RowCheck {
  const checks = [
    checkGuid(row, 'customer', defaults.customer),
    checkDevice(row),
    checkGuid(row, 'policy', defaults.policy),
  ] as const;
  const [customer, device, policy] = checks;
  if (customer.ok && device.ok && policy.ok) {
    return {
      ok: true,
      index: row.index,
      rowNumber: row.rowNumber,
      customer: customer.value,
      device: device.value,
      policy: policy.value,
    };
  }
  const detail = checks.flatMap((c) => (c.ok ? [] : [c.problem])).join('; ');
  return { ok: false, index: row.index, rowNumber: row.rowNumber, detail };
}

function checkGuid(row: MappedRow, field: 'customer' | 'policy', fallback: string | undefined): FieldCheck {
  const label = FIELD_LABEL[field];
  const cell = cellText(row, field);
  if (cell !== undefined) {
    const numeric = errorCell(field, cell) ?? storedAsNumber(row, field, cell);
    if (numeric !== undefined) return { ok: false, problem: numeric };
    const guid = normaliseGuid(cell);
    return guid === undefined ? { ok: false, problem: `${label} ${quote(cell)} is not a GUID` } : { ok: true, value: guid };
  }
  const given = fallback?.trim();
  if (given !== undefined && given !== '') {
    const guid = normaliseGuid(given);
    return guid === undefined
      ? { ok: false, problem: `${label} ${quote(given)} (from --${field}) is not a GUID` }
      : { ok: true, value: guid };
  }
  const pending = field === 'policy' ? policyLookupUnavailable(row) : undefined;
  return { ok: false, problem: pending ?? `${label} is missing (empty cell and no --${field})` };
}

function checkDevice(row: MappedRow): FieldCheck {
  const label = FIELD_LABEL.device;
  const cell = cellText(row, 'device');
  if (cell === undefined) return { ok: false, problem: deviceLookupUnavailable(row) ?? `${label} is missing` };
  const numeric = errorCell('device', cell) ?? storedAsNumber(row, 'device', cell);
  if (numeric !== undefined) return { ok: false, problem: numeric };
  if (cell.length > MAX_DEVICE_ID_LENGTH) {
    return {
      ok: false,
      problem: `${label} ${quote(cell)} is ${cell.length} characters long; at most ${MAX_DEVICE_ID_LENGTH} are allowed`,
    };
  }
  const control = CONTROL.exec(cell);
  if (control !== null) {
    const codePoint = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    return { ok: false, problem: `${label} ${quote(cell)} contains a control character (U+${codePoint})` };
  }
  return { ok: true, value: cell };
}

function cellText(row: MappedRow, field: IdField): string | undefined {
  const text = row.fields[field]?.trim();
  return text === undefined || text === '' ? undefined : text;
}

function errorCell(field: IdField, cell: string): string | undefined {
  return SPREADSHEET_ERROR.test(cell) ? `${FIELD_LABEL[field]} is the spreadsheet error ${cell.toUpperCase()} (a formula that failed): fix the cell` : undefined;
}

function storedAsNumber(row: MappedRow, field: IdField, cell: string): string | undefined {
  return row.numericFields.includes(field) || SCIENTIFIC.test(cell) ? `${FIELD_LABEL[field]} ${STORED_AS_NUMBER}` : undefined;
}
