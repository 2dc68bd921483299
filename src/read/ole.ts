// What an OLE compound file (the d0 cf 11 e0 signature) holds, read far enough to say what it is: a
// password-protected workbook (Excel saves an encrypted .xlsx as a compound file whose streams are
// EncryptionInfo and EncryptedPackage, MS-OFFCRYPTO §2.3.4.x), a legacy .xls (a Workbook or Book stream),
// or another Office document. Only the directory is read ([MS-CFB] §2.2 header, §2.3 FAT, §2.6
// directory entries), following its sector chain a bounded number of steps: a damaged or hostile file
// costs a few reads, never a loop.
import type { FileHandle } from 'node:fs/promises';

/** `unknown`: the directory could not be read (a damaged file, or only its signature). */
export type OleKind = 'encrypted-workbook' | 'legacy-workbook' | 'other' | 'unknown';

const HEADER_BYTES = 512;
const DIR_ENTRY_BYTES = 128;
/** Directory sectors read at most: thousands of entries, far more than any workbook has. */
const MAX_DIR_SECTORS = 256;
const END_OF_CHAIN = 0xfffffffe;
/** The FAT sectors the header lists itself ([MS-CFB] §2.2, the DIFAT array). */
const HEADER_DIFAT = 109;

/** What the compound file open in `handle` is, by the names of its streams. */
export async function oleKind(handle: FileHandle): Promise<OleKind> {
  const names = await streamNames(handle);
  if (names.size === 0) return 'unknown';
  if (names.has('EncryptionInfo') && names.has('EncryptedPackage')) return 'encrypted-workbook';
  if (names.has('Workbook') || names.has('Book')) return 'legacy-workbook';
  return 'other';
}

async function streamNames(handle: FileHandle): Promise<Set<string>> {
  const names = new Set<string>();
  const header = await readAt(handle, 0, HEADER_BYTES);
  if (header.length < HEADER_BYTES) return names;
  const shift = header.readUInt16LE(0x1e);
  if (shift !== 9 && shift !== 12) return names;
  const sectorSize = 1 << shift;
  const perFatSector = sectorSize / 4;
  const fatSectors = new Map<number, Buffer>();
  const nextSector = async (sector: number): Promise<number> => {
    const index = Math.floor(sector / perFatSector);
    if (index >= HEADER_DIFAT) return END_OF_CHAIN;
    let fat = fatSectors.get(index);
    if (fat === undefined) {
      const at = header.readUInt32LE(0x4c + index * 4);
      fat = await readAt(handle, (at + 1) * sectorSize, sectorSize);
      fatSectors.set(index, fat);
    }
    const offset = (sector % perFatSector) * 4;
    return offset + 4 <= fat.length ? fat.readUInt32LE(offset) : END_OF_CHAIN;
  };
  const seen = new Set<number>();
  for (let sector = header.readUInt32LE(0x30), steps = 0; sector < END_OF_CHAIN && steps < MAX_DIR_SECTORS && !seen.has(sector); steps++) {
    seen.add(sector);
    const dir = await readAt(handle, (sector + 1) * sectorSize, sectorSize);
    for (let at = 0; at + DIR_ENTRY_BYTES <= dir.length; at += DIR_ENTRY_BYTES) {
      const length = dir.readUInt16LE(at + 0x40);
      // The name's byte length includes its terminating NUL; 64 bytes at most.
      if (length >= 2 && length <= 64) names.add(dir.toString('utf16le', at, at + length - 2));
    }
    sector = await nextSector(sector);
  }
  return names;
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}
