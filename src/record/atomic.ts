// Every file the record stage writes goes through here: a temporary file in the target's own folder
// (so the rename cannot cross file systems), flushed to disk, then renamed over the target. A run that
// fails half-way leaves the previous results file exactly as it was.
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { errnoCode, isRecordError, RecordError } from './errors.js';
import { fileProblemWords } from '../text/file-problem.js';

/** `.results.xlsx.<pid>.tmp`: hidden, named after its target, and after the process that writes it. */
export function tempPathFor(path: string, pid: number = process.pid): string {
  return join(dirname(path), `.${basename(path)}.${pid}.tmp`);
}

/**
 * Removes the temporary files of `path` that a killed run left behind: those whose process is gone.
 * A live process's file is its write in progress, and is left alone. Best effort: a file that cannot
 * be removed costs nothing but its space.
 */
export async function removeStaleTemps(path: string): Promise<string[]> {
  const prefix = `.${basename(path)}.`;
  const names = await readdir(dirname(path)).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = Number(name.slice(prefix.length, -'.tmp'.length));
    if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid || isAlive(pid)) continue;
    const stale = join(dirname(path), name);
    if (await unlink(stale).then(() => true, () => false)) removed.push(stale);
  }
  return removed;
}

/** Whether a process of this host runs under `pid`. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, and belongs to someone else.
    return errnoCode(e) === 'EPERM';
  }
}

/** Writes `path` through `write`, which writes into the stream it is given; all or nothing. */
export async function writeAtomically(path: string, write: (out: Writable) => Promise<void>): Promise<void> {
  await removeStaleTemps(path);
  const temp = tempPathFor(path);
  // `flush` fsyncs before the stream closes, so 'close' means the bytes are on disk.
  const out = createWriteStream(temp, { flush: true });
  // A listener must exist at all times: an error after a failed write must not crash the process.
  out.on('error', () => {});
  // exceljs waits for 'finish' without listening for errors: a full disk would leave it waiting forever.
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => {});
  try {
    await Promise.race([once(out, 'open'), failed]);
    await Promise.race([write(out), failed]);
    await close(out);
    await replace(temp, path);
  } catch (e) {
    // Wait for the close: Windows cannot delete a file that is still open.
    if (!out.closed) await new Promise<void>((resolve) => out.destroy().once('close', () => resolve()));
    await unlink(temp).catch(() => {});
    throw asRecordError(e, path);
  }
}

/** Writes text, waiting for the stream to drain when its buffer is full (300k rows must not pile up). */
export async function writeText(out: Writable, text: string): Promise<void> {
  if (out.errored) throw out.errored;
  if (!out.write(text)) await once(out, 'drain');
}

function close(out: WriteStream): Promise<void> {
  if (out.errored) return Promise.reject(out.errored);
  if (out.closed) return Promise.resolve();
  return new Promise((resolve, reject) => {
    out.once('close', () => (out.errored ? reject(out.errored) : resolve()));
    out.once('error', reject);
    if (!out.writableEnded) out.end();
  });
}

// Windows refuses to replace a file another program holds open (Excel, an antivirus scan). The scan is
// brief, so a few short retries; Excel is not, so then a message that says what to do.
async function replace(temp: string, path: string): Promise<void> {
  const delays = process.platform === 'win32' ? [100, 200, 400, 800, 1600] : [];
  for (let attempt = 0; ; attempt++) {
    try {
      await rename(temp, path);
      await syncFolder(dirname(path));
      return;
    } catch (e) {
      const code = errnoCode(e);
      const locked = code === 'EPERM' || code === 'EACCES' || code === 'EBUSY';
      const delay = delays[attempt];
      if (locked && delay !== undefined) {
        await sleep(delay);
        continue;
      }
      if (locked) {
        throw new RecordError('target-locked', path,
          `cannot replace ${path}: it may be open in another program (Excel?); close it and run the command again`, e);
      }
      throw e;
    }
  }
}

// Makes the rename itself survive a power cut. Windows cannot open a folder this way, and a failure here
// loses nothing that is not already on disk, so it is best effort.
export async function syncFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') return;
  const dir = await open(folder, 'r').catch(() => undefined);
  if (dir === undefined) return;
  await dir.sync().catch(() => {});
  await dir.close().catch(() => {});
}

function asRecordError(e: unknown, path: string): unknown {
  // The caller's own errors (an aborted row source, say) pass through unchanged; only I/O errors are ours.
  if (isRecordError(e) || errnoCode(e) === undefined) return e;
  return new RecordError('write-failed', path, `cannot write ${path}: ${messageOf(e)}`, e);
}

/** A file-system error in words where there are plain ones ("the disk is full (ENOSPC)"), else its message. */
export function messageOf(e: unknown): string {
  const code = errnoCode(e);
  const words = fileProblemWords(code);
  if (words !== undefined) return `${words} (${code})`;
  return e instanceof Error ? e.message : String(e);
}
