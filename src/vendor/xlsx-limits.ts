// How far a workbook's parts may expand. An XLSX is a zip, and a 9 MB zip can hold a part that
// inflates to gigabytes; exceljs's streaming reader keeps every shared string in memory, so the
// shared-strings part is the one that costs memory (the sheets are streamed row by row, or spooled to
// a temporary file first). Two checks, both naming the part:
// - before exceljs reads a byte, the sizes the zip's central directory declares (refuses an honest
//   bomb at once, without inflating anything);
// - while exceljs inflates, the bytes each part really yields (vendor/iterate-stream.ts), since a
//   hostile zip can declare any size it likes.
import { open } from 'node:fs/promises';

const MiB = 1024 * 1024;

/**
 * The limits, well above any real device sheet: 300,000 rows of unique IDs and serials make about
 * 50 MiB of shared strings, and such a sheet's XML about 150 MiB.
 */
export const PART_LIMITS = {
  /** Held whole in memory by exceljs: the one that bounds the peak. */
  sharedStrings: 128 * MiB,
  /** Streamed (or spooled to disk): bounded only to stop a bomb filling the disk. */
  worksheet: 1024 * MiB,
  /** The workbook, its relationships and styles, a sheet's hyperlinks: small in every real file, and parsed whole. */
  other: 32 * MiB,
} as const;

/**
 * The limit of a part exceljs inflates; undefined for the rest (images, printer settings…), which it
 * skips without inflating them. The tests mirror exceljs's own dispatch (workbook-reader.js), unanchored
 * patterns included: a part named `xl/worksheets/sheet1.xml.bak` is read as a worksheet, so it is
 * limited as one.
 */
export function partLimit(part: string): number | undefined {
  switch (part) {
    case 'xl/sharedStrings.xml':
      return PART_LIMITS.sharedStrings;
    case 'xl/_rels/workbook.xml.rels':
    case 'xl/workbook.xml':
    case 'xl/styles.xml':
      return PART_LIMITS.other;
  }
  if (/xl\/worksheets\/sheet\d+[.]xml/.test(part)) return PART_LIMITS.worksheet;
  if (/xl\/worksheets\/_rels\/sheet\d+[.]xml.rels/.test(part)) return PART_LIMITS.other;
  return undefined;
}

/** A workbook part that expands past its limit; the reader turns it into an InputError naming the file. */
export class PartTooLargeError extends Error {
  override readonly name = 'PartTooLargeError';
  readonly part: string;
  readonly limit: number;
  /** What the zip declares, when the refusal came from the central directory. */
  readonly declared: number | undefined;

  constructor(part: string, limit: number, declared?: number) {
    const size = declared === undefined ? `expands past ${mib(limit)}` : `expands to ${mib(declared)}, past the ${mib(limit)} limit`;
    super(`its part ${part} ${size}: refused as a zip bomb (no device sheet comes near that size)`);
    this.part = part;
    this.limit = limit;
    this.declared = declared;
  }
}

export function isPartTooLarge(e: unknown): e is PartTooLargeError {
  return e instanceof PartTooLargeError;
}

function mib(bytes: number): string {
  return `${Math.round(bytes / MiB).toLocaleString('en-US')} MiB`;
}

/** A central directory this long lists far more parts than a workbook has. */
const MAX_DIRECTORY = 16 * MiB;
const EOCD = 0x06054b50;
const EOCD_MIN = 22;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const ENTRY = 0x02014b50;
const U32_MAX = 0xffffffff;

/**
 * Refuses a workbook whose central directory declares a part past its limit. A zip whose directory
 * cannot be found is left to exceljs, which says the file cannot be read.
 */
export async function checkDeclaredSizes(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const read = async (position: number, length: number): Promise<Buffer> => {
      const buf = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buf, 0, length, position);
      return buf.subarray(0, bytesRead);
    };
    const directory = await locateDirectory(size, read);
    if (directory === undefined) return;
    const entries = await read(directory.offset, directory.size);
    for (const entry of directoryEntries(entries)) {
      const limit = partLimit(entry.name);
      if (limit !== undefined && entry.uncompressed > limit) throw new PartTooLargeError(entry.name, limit, entry.uncompressed);
    }
  } finally {
    await handle.close();
  }
}

interface Directory {
  offset: number;
  size: number;
}

type Reader = (position: number, length: number) => Promise<Buffer>;

async function locateDirectory(fileSize: number, read: Reader): Promise<Directory | undefined> {
  // The end record sits in the last 22 bytes plus a comment of at most 64 KiB.
  const tailStart = Math.max(0, fileSize - (EOCD_MIN + 0xffff));
  const tail = await read(tailStart, fileSize - tailStart);
  for (let i = tail.length - EOCD_MIN; i >= 0; i--) {
    if (tail.readUInt32LE(i) !== EOCD) continue;
    let size = tail.readUInt32LE(i + 12);
    let offset = tail.readUInt32LE(i + 16);
    if ((size === U32_MAX || offset === U32_MAX) && i >= 20 && tail.readUInt32LE(i - 20) === ZIP64_LOCATOR) {
      const record = await read(Number(tail.readBigUInt64LE(i - 12)), 56);
      if (record.length < 56 || record.readUInt32LE(0) !== ZIP64_EOCD) return undefined;
      size = Number(record.readBigUInt64LE(40));
      offset = Number(record.readBigUInt64LE(48));
    }
    if (size > MAX_DIRECTORY) throw new PartTooLargeError('(central directory)', MAX_DIRECTORY, size);
    return offset + size <= fileSize ? { offset, size } : undefined;
  }
  return undefined;
}

function* directoryEntries(buf: Buffer): Generator<{ name: string; uncompressed: number }> {
  let at = 0;
  while (at + 46 <= buf.length && buf.readUInt32LE(at) === ENTRY) {
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    let uncompressed = buf.readUInt32LE(at + 24);
    if (uncompressed === U32_MAX) uncompressed = zip64Size(buf.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength)) ?? uncompressed;
    yield { name, uncompressed };
    at += 46 + nameLength + extraLength + commentLength;
  }
}

/** The uncompressed size from a zip64 extra field (tag 1), which comes first in it. */
function zip64Size(extra: Buffer): number | undefined {
  for (let at = 0; at + 4 <= extra.length; ) {
    const tag = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (tag === 1 && length >= 8 && at + 12 <= extra.length) return Number(extra.readBigUInt64LE(at + 4));
    at += 4 + length;
  }
  return undefined;
}
