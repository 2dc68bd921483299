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

const MAX_SHOWN = 80;

/**
 * A value as a message shows it: JSON-quoted so control characters and stray spaces are visible,
 * shortened so a 10 kB cell does not swamp the Detail column.
 */
export function quote(value: string): string {
  const shown = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value;
  return JSON.stringify(shown);
}
