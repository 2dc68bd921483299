// Reading a Windows Autopilot 4K hardware hash (SPEC §2 Input): the base64 of a binary record that
// public decoders read the same way. Michael Niehaus's AutopilotUtility (ConvertFrom-AutopilotHash; its
// C# port in okieselbach/SyncMLViewer, AutopilotHashUtility.cs, is what this follows) checks the bytes
// `O` `A`, takes bytes 2–3 as the record's length (u16 little-endian) and walks entries from byte 4 up
// to it: `type` (1 byte), a byte it skips, `length` (u16 LE, the whole entry with its 4 header bytes),
// then the value. Strings are UTF-8 with a NUL at the end; type 14 is the SMBIOS serial number, 16 the
// system manufacturer, 17 the product name (the model), 24 the product key ID — the fields Microsoft's
// Get-AutopilotDiagnostics reads from `oa3tool /DecodeHwHash` (SmbiosSystemSerialNumber,
// SmbiosSystemManufacturer, SmbiosSystemProductName). What follows the record (a real hash runs to
// about 3,000 bytes, the record to about 1,300) is not read.
//
// Pure, no dependency, and total: any text gives a reading, never an exception.

/** What a hash says about its device; a field is absent when the hash has no such entry (or it is blank). */
export interface HashFacts {
  serial?: string;
  manufacturer?: string;
  model?: string;
  productKeyId?: string;
}

export type HashReading =
  /** `partial`: an entry ran past the record or was too short to be one, and reading stopped there. */
  | { kind: 'read'; facts: HashFacts; bytes: number; declared: number; partial: boolean }
  /** Not base64, or not an `OA` record; `why` says which, in words that follow "not a hardware hash: ". */
  | { kind: 'not-a-hash'; why: string }
  /** Fewer bytes than the record's declared length: the copy was cut off. */
  | { kind: 'cut-short'; bytes: number; declared: number };

/** The entry types read; every other type (disks, network adapters, TPM, …) is skipped. */
export const ENTRY = { serial: 14, manufacturer: 16, model: 17, productKeyId: 24 } as const;

const HEADER_BYTES = 4;
const WHITESPACE = /\s/;
const WHITESPACE_ALL = /\s+/g;
const NOT_BASE64 = /[^A-Za-z0-9+/=]/;
/** The last group of four: whole, padded, or cut (a cut may leave one to three characters). */
const LAST_GROUP = /^(?:[A-Za-z0-9+/]{1,4}|[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)$/;

/** Reads the hash as a sheet holds it: base64, possibly wrapped over lines. */
export function readHardwareHash(text: string): HashReading {
  let compact = text;
  let bytes = base64Bytes(compact);
  // Wrapped over lines: the whitespace is not part of the hash (looked for only when needed: it costs
  // a pass over 4,000 characters).
  if (bytes === undefined && WHITESPACE.test(text)) {
    compact = text.replace(WHITESPACE_ALL, '');
    bytes = base64Bytes(compact);
  }
  if (compact === '') return { kind: 'not-a-hash', why: 'it is empty' };
  if (bytes === undefined) return { kind: 'not-a-hash', why: notBase64(compact) };
  return readHashRecord(bytes);
}

/**
 * The bytes of a base64 text, or undefined when it is not base64. Node's decoder skips characters base64
 * lacks and takes the URL alphabet too, so the whole groups must encode back to themselves; that check is
 * native, where a regular expression over 4,000 characters cost more than all the rest of reading a hash.
 */
function base64Bytes(text: string): Buffer | undefined {
  if (text === '') return undefined;
  const head = text.length - (text.length % 4 === 0 ? 4 : text.length % 4);
  // Padding belongs to the last group only (the decoder would stop at it, and it re-encodes alike).
  const padding = text.indexOf('=');
  if (padding !== -1 && padding < head) return undefined;
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64', 0, (head / 4) * 3) !== text.slice(0, head)) return undefined;
  return LAST_GROUP.test(text.slice(head)) ? bytes : undefined;
}

/** Reads the binary record itself. */
export function readHashRecord(bytes: Uint8Array): HashReading {
  if (bytes.length < 2 || bytes[0] !== 0x4f || bytes[1] !== 0x41) return { kind: 'not-a-hash', why: 'it does not begin with the "OA" of a hardware hash record' };
  if (bytes.length < HEADER_BYTES) return { kind: 'cut-short', bytes: bytes.length, declared: HEADER_BYTES };
  const declared = u16(bytes, 2);
  if (declared < HEADER_BYTES) return { kind: 'not-a-hash', why: `its record declares ${declared} bytes, fewer than its own header` };
  if (bytes.length < declared) return { kind: 'cut-short', bytes: bytes.length, declared };
  const facts: HashFacts = {};
  let at = HEADER_BYTES;
  let partial = false;
  while (at < declared) {
    const length = at + HEADER_BYTES <= declared ? u16(bytes, at + 2) : 0;
    if (length < HEADER_BYTES || at + length > declared) {
      partial = true;
      break;
    }
    const field = FIELD_OF.get(bytes[at] ?? -1);
    // The first of a kind wins: a record has one of each, and a second would be no more right.
    if (field !== undefined && facts[field] === undefined) {
      const value = text(bytes, at + HEADER_BYTES, at + length);
      if (value !== '') facts[field] = value;
    }
    at += length;
  }
  return { kind: 'read', facts, bytes: bytes.length, declared, partial };
}

const FIELD_OF = new Map<number, keyof HashFacts>(Object.entries(ENTRY).map(([field, type]) => [type, field as keyof HashFacts]));

function u16(bytes: Uint8Array, at: number): number {
  return (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8);
}

// C0 and C1 control characters: what a spreadsheet cell, or a message, should not get from a hash.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** A string entry: UTF-8 up to its NUL, blanks around it trimmed (SMBIOS pads with spaces). */
function text(bytes: Uint8Array, start: number, end: number): string {
  let stop = start;
  while (stop < end && bytes[stop] !== 0) stop++;
  const value = Buffer.from(bytes.buffer, bytes.byteOffset + start, stop - start).toString('utf8');
  return value.trim().replace(CONTROL, '\ufffd');
}

function notBase64(text: string): string {
  const bad = NOT_BASE64.exec(text);
  if (bad === null) return 'its "=" padding stands in the middle, so it is not base64';
  const char = bad[0];
  const shown = /[\x21-\x7e]/.test(char) ? `"${char}"` : `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  return `it holds ${shown}, which base64 never does`;
}
