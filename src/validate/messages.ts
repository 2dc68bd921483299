// Wording shared by the row rules, so every message names a field the same way and quotes values
// the same way.

export type IdField = 'customer' | 'device' | 'policy';

export const FIELD_LABEL: Record<IdField, string> = {
  customer: 'Customer ID',
  device: 'Device ID',
  policy: 'Policy ID',
};

/** SPEC §2 Input: the exact wording for IDs that Excel turned into numbers. */
export const STORED_AS_NUMBER = 'stored as a number; digits may be lost: format the column as Text and re-enter';

// C0, DEL and C1: invisible in a sheet, and an ID or name holding one is a copy-and-paste accident.
export const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

// The values Excel shows for a formula that failed (and writes as text to a CSV): an ID that reads
// "#N/A" is a broken lookup, never a device.
const SPREADSHEET_ERROR = /^#(?:NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|GETTING_DATA|SPILL!|CALC!|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!|PYTHON!)$/i;

/** Why a cell holding a spreadsheet error cannot be used; undefined for any other cell. */
export function errorCell(label: string, cell: string): string | undefined {
  return SPREADSHEET_ERROR.test(cell) ? `${label} is the spreadsheet error ${cell.toUpperCase()} (a formula that failed): fix the cell` : undefined;
}

const MAX_SHOWN = 80;

/**
 * A value as a message shows it: JSON-quoted so control characters and stray spaces are visible,
 * shortened so a 10 kB cell does not swamp the Detail column.
 */
export function quote(value: string): string {
  const shown = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value;
  return JSON.stringify(shown);
}

const HASH_SHOWN = 16;

/**
 * A hardware hash as a message shows it. Hashes all begin alike and run to thousands of characters: their
 * end is what tells two apart, so that is what is shown (`ending "…"`); a short one, likely no hash at
 * all, is shown whole.
 */
export function hashShown(value: string): string {
  const hash = value.replace(/\s+/g, '');
  return hash.length <= HASH_SHOWN + 8 ? quote(value.trim()) : `ending ${quote(`…${hash.slice(-HASH_SHOWN)}`)}`;
}
