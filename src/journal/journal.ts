// The crash-safety log beside the results file (`<out>.journal`, NDJSON), written ahead (SPEC §2 Safety of
// the work): a header, then for each request an intent (its MS-RequestId and items), on disk before the
// request is sent, and later its answer. A run killed at any point (kill -9 included) and started again
// with the same input resumes: answered requests are not sent again, and a request whose answer was
// never recorded is sent again under its recorded MS-RequestId, so the service applies it once.
// The line formats, and how to add a kind of request, are in format.ts; this file only writes
// lines and reads them back, whatever their op.
import { open, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { messageOf, syncFolder } from '../record/atomic.js';
import { errnoCode, RecordError } from '../record/errors.js';
import { JOURNAL_VERSION, type EarlierRequest, type JournalHeader, type JournalLine } from './format.js';
import { readJournal } from './read.js';

export {
  journalKey,
  type EarlierRequest,
  type JournalAnswer,
  type JournalHeader,
  type JournalIntent,
  type JournalLine,
  type RecordedAnswer,
  type UpdateItem,
} from './format.js';

export interface Journal {
  readonly path: string;
  /** The header of the file being appended to: when resuming, the earlier run's. */
  readonly header: JournalHeader;
  /** Requests of earlier runs of the same input, in the order they were first sent, with their answers. */
  readonly earlier: EarlierRequest[];
  /** Set when an earlier journal was there but not used: why, in words for the user. */
  readonly discardedBecause?: string;
  /**
   * Appends one line; resolves once it is on disk (written and fsynced). Lines are written whole, in call
   * order; lines recorded while a flush is under way share the next one.
   */
  record(line: JournalLine): Promise<void>;
  close(): Promise<void>;
  /** Closes and deletes the journal: the results file now holds everything it did. */
  remove(): Promise<void>;
}

export { journalPathFor } from './format.js';

export async function openJournal(
  path: string,
  header: Omit<JournalHeader, 'kind' | 'version'>,
  options: { restart: boolean },
): Promise<Journal> {
  const fresh: JournalHeader = { kind: 'header', version: JOURNAL_VERSION, ...header };
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
      earlier: resume?.earlier ?? [],
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
  state: { header: JournalHeader; earlier: EarlierRequest[]; discardedBecause?: string },
): Journal {
  let length = initialLength;
  let closed = false;
  // Group commit: lines recorded while a flush is under way wait for the next one, which writes them
  // all with one write and one fsync. A fast service then costs one fsync per batch of answers and
  // intents rather than one per line, and a request still never starts before its intent is on disk.
  let waiting: Array<{ text: string; resolve(): void; reject(e: unknown): void }> = [];
  let flushing: Promise<void> | undefined;

  const flush = async (): Promise<void> => {
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      try {
        const written = await writeAt(handle, batch.map((line) => line.text).join(''), length);
        await handle.sync();
        length += written;
        for (const line of batch) line.resolve();
      } catch (e) {
        // Take back a partial batch so the journal stays readable; its callers learn of the failure.
        await handle.truncate(length).catch(() => {});
        const error = new RecordError('write-failed', path, `cannot append to the journal ${path}: ${messageOf(e)}`, e);
        for (const line of batch) line.reject(error);
      }
    }
    flushing = undefined;
  };

  let closing: Promise<void> | undefined;
  // Lines recorded before close() still land; any recorded after it are refused.
  const close = (): Promise<void> => {
    closed = true;
    closing ??= (async () => {
      await flushing;
      await handle.close();
    })();
    return closing;
  };

  return {
    path,
    ...state,
    record(line) {
      if (closed) return Promise.reject(new RecordError('write-failed', path, `the journal ${path} is closed`));
      return new Promise<void>((resolve, reject) => {
        waiting.push({ text: `${JSON.stringify(line)}\n`, resolve, reject });
        // Started once this turn's callbacks are done, so that lines recorded in the same turn share the
        // flush: an answer and the intent of the request that takes its slot go to disk together.
        flushing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(flush);
      });
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
