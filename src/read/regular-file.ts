// Input must be a regular file (SPEC §2 Safety of the work). A named pipe (FIFO) would block the open
// until a writer came — a run hung where even Ctrl-C could not reach it, since the open holds one of
// Node's worker threads — and a device or a folder is nothing to read rows from. The file is opened
// without blocking, then its kind is asked of the open handle itself, so that nothing can be swapped in
// between the check and the read.
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/** O_NONBLOCK where the platform has it (not Windows, which has no FIFOs to block on). */
const NON_BLOCKING = constants.O_NONBLOCK ?? 0;

/** What `path` is when it is no regular file, in words. */
export type NotAFile = 'a folder' | 'a named pipe (FIFO)' | 'a device' | 'a socket' | 'not a regular file';

/** Opens `path` for reading when it is a regular file; otherwise closes it again and answers what it is. */
export async function openRegularFile(path: string): Promise<{ handle: FileHandle } | { notAFile: NotAFile }> {
  const handle = await open(path, constants.O_RDONLY | NON_BLOCKING);
  let stats;
  try {
    stats = await handle.stat();
  } catch (e) {
    await handle.close();
    throw e;
  }
  if (stats.isFile()) return { handle };
  await handle.close();
  if (stats.isDirectory()) return { notAFile: 'a folder' };
  if (stats.isFIFO()) return { notAFile: 'a named pipe (FIFO)' };
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return { notAFile: 'a device' };
  if (stats.isSocket()) return { notAFile: 'a socket' };
  return { notAFile: 'not a regular file' };
}

/** The refusal of a non-file, in the form of the reader's other messages (`file: is …`). */
export function notAFileMessage(path: string, what: NotAFile): string {
  const fix = what === 'a folder' ? 'name the CSV or XLSX file in it' : 'save the list to a file first (the input is read more than once)';
  return `${path}: is ${what}, not a file: ${fix}`;
}
