// The crash-safety log beside the results file (`<out>.journal`, NDJSON): a header line, then one line per
// finished request, each fsynced before the run moves on. A run killed at any point (kill -9 included)
// and started again with the same input resumes: its accepted rows are not sent again.
import { open, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { RowResult } from '../model.js';
import { messageOf, syncFolder } from './atomic.js';
import { errnoCode, RecordError } from './errors.js';
import type { JournalEntry, JournalHeader } from './journal-format.js';
import { readJournal } from './journal-read.js';

export { journalKey, type JournalEntry, type JournalHeader, type JournalRow } from './journal-format.js';

export interface Journal {
  readonly path: string;
  /** The header of the file being appended to: when resuming, the earlier run's. */
  readonly header: JournalHeader;
  /** Accepted rows from an earlier run of the same input, by journalKey(customer, device, policy). */
  readonly recovered: Map<string, RowResult>;
  /** Set when an earlier journal was there but not used: why, in words for the user. */
  readonly discardedBecause?: string;
  /** Appends one line and fsyncs it before resolving; concurrent calls are written one after another. */
  append(entry: JournalEntry): Promise<void>;
  close(): Promise<void>;
  /** Closes and deletes the journal: the results file now holds everything it did. */
  remove(): Promise<void>;
}

export function journalPathFor(out: string): string {
  return `${out}.journal`;
}

export async function openJournal(
  path: string,
  header: Omit<JournalHeader, 'kind' | 'version'>,
  options: { restart: boolean },
): Promise<Journal> {
  const fresh: JournalHeader = { kind: 'header', version: 1, ...header };
  const found = await exists(path);
  const earlier = found && !options.restart ? await readJournal(path) : undefined;
  let discardedBecause: string | undefined;
  if (found && options.restart) discardedBecause = `started over as asked (--restart); the earlier journal ${path} was discarded`;
  else if (earlier?.kind === 'unreadable') discardedBecause = `the earlier journal ${path} could not be read (${earlier.why}), so nothing is recovered from it`;
  else if (earlier?.kind === 'read' && earlier.header.inputSha256 !== header.inputSha256) {
    discardedBecause = `the earlier journal ${path} was for a different input (SHA-256 ${short(earlier.header.inputSha256)}, ` +
      `this input's is ${short(header.inputSha256)}), so nothing is recovered from it`;
  }
  const resume = earlier?.kind === 'read' && discardedBecause === undefined ? earlier : undefined;

  // Not 'a': on Windows an append-only handle cannot be truncated. Writes go to explicit positions instead.
  const handle = await open(path, resume === undefined ? 'w' : 'r+').catch((e: unknown) => {
    throw new RecordError('write-failed', path, `cannot open the journal ${path}: ${messageOf(e)}`, e);
  });
  try {
    let length: number;
    if (resume !== undefined) {
      // Cut a line torn by a kill mid-write, or the next line would be glued to it.
      await handle.truncate(resume.keepBytes);
      length = resume.keepBytes;
      if (resume.unterminated) length += await writeAt(handle, '\n', length);
    } else {
      length = await writeAt(handle, `${JSON.stringify(fresh)}\n`, 0);
    }
    await handle.sync();
    if (!found) await syncFolder(dirname(path));
    return journalOn(path, handle, length, {
      header: resume?.header ?? fresh,
      recovered: resume?.recovered ?? new Map(),
      ...(discardedBecause === undefined ? {} : { discardedBecause }),
    });
  } catch (e) {
    await handle.close().catch(() => {});
    throw e instanceof RecordError ? e : new RecordError('write-failed', path, `cannot write the journal ${path}: ${messageOf(e)}`, e);
  }
}

function journalOn(
  path: string,
  handle: FileHandle,
  initialLength: number,
  state: { header: JournalHeader; recovered: Map<string, RowResult>; discardedBecause?: string },
): Journal {
  let length = initialLength;
  let closed = false;
  // One append at a time, in call order: lines never interleave, and a failed append does not stop
  // later ones from being tried.
  let queue: Promise<void> = Promise.resolve();

  const write = async (line: string): Promise<void> => {
    try {
      const written = await writeAt(handle, line, length);
      await handle.sync();
      length += written;
    } catch (e) {
      // Take back a partial line so the journal stays readable; the caller learns of the failure.
      await handle.truncate(length).catch(() => {});
      throw new RecordError('write-failed', path, `cannot append to the journal ${path}: ${messageOf(e)}`, e);
    }
  };
  let closing: Promise<void> | undefined;
  // Appends made before close() still land; any made after it are refused.
  const close = (): Promise<void> => {
    closed = true;
    closing ??= queue.then(() => handle.close());
    return closing;
  };

  return {
    path,
    ...state,
    append(entry) {
      if (closed) return Promise.reject(new RecordError('write-failed', path, `the journal ${path} is closed`));
      const done = queue.then(() => write(`${JSON.stringify(entry)}\n`));
      queue = done.catch(() => {});
      return done;
    },
    close,
    async remove() {
      await close();
      await rm(path, { force: true });
    },
  };
}

/** Writes all of `text` at `position` (one write call may write less); answers the bytes written. */
async function writeAt(handle: FileHandle, text: string, position: number): Promise<number> {
  const bytes = Buffer.from(text, 'utf8');
  for (let done = 0; done < bytes.length; ) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, position + done);
    done += bytesWritten;
  }
  return bytes.length;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return false;
    throw new RecordError('unreadable', path, `cannot look at the journal ${path}: ${messageOf(e)}`, e);
  }
}

function short(sha: string): string {
  return `${sha.slice(0, 12)}…`;
}
