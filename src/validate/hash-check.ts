// A row's hardware hash, read and held against the row (SPEC §2 Input): no hash at all, a hash cut off
// mid-copy, or a hash beside another device's serial number (the commonest vendor-sheet accident: a
// column pasted one row off) makes the row invalid before anything is looked up, sent or registered.
// What the hash says fills the row's empty serial, manufacturer and model.
import type { MappedRow } from '../model.js';
import { readHardwareHash, type HashFacts, type HashReading } from '../hardware-hash/decode.js';
import { errorCell, hashShown, quote } from './messages.js';

export type HashCheck =
  /** The row has no hash. */
  | { kind: 'none' }
  | { kind: 'read'; facts: HashFacts }
  | { kind: 'invalid'; problem: string };

/** `reading`: the row's hash as the caller read it already (the scan reads each distinct hash once). */
export function checkHash(row: MappedRow, reading?: HashReading): HashCheck {
  const text = row.fields.hardwareHash?.trim();
  if (text === undefined || text === '') return { kind: 'none' };
  const error = errorCell('Hardware Hash', text);
  if (error !== undefined) return { kind: 'invalid', problem: error };
  reading ??= readHardwareHash(text);
  switch (reading.kind) {
    case 'not-a-hash':
      return { kind: 'invalid', problem: `Hardware Hash ${hashShown(text)} is not a hardware hash: ${reading.why}` };
    case 'cut-short':
      return {
        kind: 'invalid',
        problem: `Hardware Hash ${hashShown(text)} is cut short: ${reading.bytes} of ${reading.declared} bytes; copy the whole hash again (it runs to about 4,000 characters)`,
      };
    case 'read': {
      const sheet = row.fields.serial?.trim();
      const own = usableSerial(reading.facts.serial);
      if (sheet !== undefined && sheet !== '' && own !== undefined && !sameSerial(sheet, own)) {
        return { kind: 'invalid', problem: `the hardware hash is of device ${quote(own)}, the sheet says ${quote(sheet)}: the columns may be shifted` };
      }
      return { kind: 'read', facts: reading.facts };
    }
  }
}

/**
 * The hash's serial number when it names a device. Boards that were never given one carry a stock text
 * in its place ("To be filled by O.E.M.", "Default string"): no device is known by it, so it is neither
 * held against the sheet nor searched for.
 */
export function usableSerial(serial: string | undefined): string | undefined {
  if (serial === undefined) return undefined;
  const key = serial.trim().toLowerCase();
  return key === '' || PLACEHOLDER_SERIALS.has(key) || /^0+$/.test(key) ? undefined : serial;
}

const PLACEHOLDER_SERIALS: ReadonlySet<string> = new Set([
  'to be filled by o.e.m.',
  'default string',
  'system serial number',
  'chassis serial number',
  'not specified',
  'not applicable',
  'none',
  'n/a',
  'invalid',
  '123456789',
  '0123456789',
]);

/** Serial numbers compare as resolution compares them: trimmed, any case. */
function sameSerial(a: string, b: string): boolean {
  return a.trim().toUpperCase() === b.trim().toUpperCase();
}
