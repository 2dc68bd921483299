// The input's cells for the results file's second pass, kept on disk instead of reading the input again:
// parsing a CSV twice doubles csv-parse's share of a run, and an XLSX costs exceljs a whole second
// unzip-and-parse. A row is its cells joined by the ASCII unit separator (U+001F) and ended by the record
// separator (U+001E), which a sheet's text practically never holds: a join and a split are the cheapest
// round trip there is. A row whose cells do hold one of them (or U+001D) is written as U+001D and a JSON
// array instead, so every cell comes back exactly as it went in. The file is a temporary one beside the
// results (the disk the user chose for them, not a tmpfs that counts as
// memory). The file is unlinked as soon as it is open where the platform allows, so even a killed run
// leaves nothing behind; otherwise it is removed by `dispose`.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, readSync, type WriteStream } from 'node:fs';
import { open, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileProblemWords } from '../text/file-problem.js';
import { errnoCode, RecordError } from './errors.js';

export interface RowSpool {
  /** Queues one row; false means "await drained() before the next". */
  append(cells: readonly string[]): boolean;
  drained(): Promise<void>;
  /** Flushes what is queued; after it, `rows()` reads them back. */
  finish(): Promise<void>;
  /** The appended rows, in order; every iteration reads from the start (results written twice read twice). */
  rows(): AsyncIterable<string[]>;
  /**
   * From now on, remembers where each appended row lies, so that `cell` can read one back; asked before
   * the first row (it costs a byte count per row, so only a scan that needs it asks).
   */
  keepPlaces(): void;
  /** One cell of row `row` (0-based, as appended), read back from the file at once; after `finish`. */
  cell(row: number, column: number): string;
  readonly count: number;
  /** Closes and removes the file; safe at any point, and more than once. */
  dispose(): Promise<void>;
}

/** Rows are gathered into one write of about this much text, so the file sees few large writes. */
const BATCH_CHARS = 256 * 1024;
const READ_CHUNK = 1024 * 1024;

export async function openRowSpool(near: string): Promise<RowSpool> {
  const path = join(dirname(near), `.${basename(near)}.${randomBytes(4).toString('hex')}.spool`);
  const handle: FileHandle = await open(path, 'w+', 0o600).catch((e: unknown) => {
    throw spoolError(path, e);
  });
  let removed = await unlinkEarly(path);
  const out: WriteStream = createWriteStream('', { fd: handle, autoClose: false, highWaterMark: BATCH_CHARS * 2 });
  let failed: RecordError | undefined;
  out.on('error', (e) => {
    failed ??= spoolError(path, e);
  });
  let batch = '';
  let count = 0;
  let disposed = false;
  let finished = false;
  // With keepPlaces: where each row ends in the file (bytes), row by row.
  let ends: Float64Array | undefined;
  let written = 0;

  const flush = (): boolean => {
    const ok = out.write(batch);
    batch = '';
    return ok;
  };

  return {
    append(cells) {
      if (failed !== undefined) throw failed;
      const row = encodeRow(cells);
      batch += row;
      if (ends !== undefined) {
        if (count === ends.length) {
          const grown = new Float64Array(ends.length * 2);
          grown.set(ends);
          ends = grown;
        }
        written += Buffer.byteLength(row, 'utf8');
        ends[count] = written;
      }
      count++;
      return batch.length < BATCH_CHARS || flush();
    },
    async drained() {
      if (failed !== undefined) throw failed;
      if (out.writableNeedDrain) await once(out, 'drain').catch((e: unknown) => Promise.reject(failed ?? spoolError(path, e)));
    },
    async finish() {
      if (batch.length > 0) flush();
      // autoClose is off: ending the stream flushes it and leaves the file open for reading back.
      out.end();
      if (!out.writableFinished) await once(out, 'finish').catch((e: unknown) => Promise.reject(failed ?? spoolError(path, e)));
      if (failed !== undefined) throw failed;
      finished = true;
    },
    rows: () => ({ [Symbol.asyncIterator]: () => readRows(handle) }),
    keepPlaces() {
      if (count > 0) throw new RangeError('keepPlaces is asked before the first row is appended');
      ends ??= new Float64Array(1024);
    },
    cell(row, column) {
      if (ends === undefined || !finished || disposed || !(row >= 0 && row < count)) {
        throw new RangeError(`row ${row} of the spool cannot be read back (${ends === undefined ? 'places not kept' : !finished ? 'not finished' : disposed ? 'disposed' : `${count} rows`})`);
      }
      const start = row === 0 ? 0 : (ends[row - 1] ?? 0);
      const bytes = Buffer.allocUnsafe((ends[row] ?? start) - start);
      try {
        // Small and from the page cache: read at once, so that a row's check can be made when asked.
        for (let got = 0; got < bytes.length;) got += readSync(handle.fd, bytes, got, bytes.length - got, start + got) || fail();
      } catch (e) {
        throw spoolError(path, e);
      }
      return decodeRow(bytes.toString('utf8').slice(0, -ROW_END.length))[column] ?? '';
    },
    get count() {
      return count;
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      out.destroy();
      await handle.close().catch(() => {});
      if (!removed) await rm(path, { force: true });
      removed = true;
    },
  };
}

/**
 * The copy of the cells is the run's own business, but it lives on the results' disk: a full or failing
 * disk there is said in words, naming the folder, before anything is sent.
 */
function spoolError(path: string, e: unknown): RecordError {
  const why = fileProblemWords(errnoCode(e)) ?? (e instanceof Error ? e.message : String(e));
  return new RecordError('write-failed', path, `cannot keep a copy of the input's cells in ${dirname(path)}, the results' folder: ${why}; make room there, or choose --out on another disk`, e);
}

/** POSIX (and Windows with delete sharing, which Node opens files with) lets an open file be unlinked. */
async function unlinkEarly(path: string): Promise<boolean> {
  try {
    await rm(path);
    return true;
  } catch {
    return false;
  }
}

/** A read that returns nothing before the row's end: the file is shorter than what was written to it. */
function fail(): never {
  throw new Error('the file ended before the row did');
}

const CELL_END = '\u001f';
const ROW_END = '\u001e';
const AS_JSON = '\u001d';
const SEPARATORS = /[\u001d-\u001f]/;

function encodeRow(cells: readonly string[]): string {
  // No cells at all would read back as one empty cell.
  let plain = cells.length > 0;
  for (const cell of cells) {
    if (SEPARATORS.test(cell)) {
      plain = false;
      break;
    }
  }
  return plain ? `${cells.join(CELL_END)}${ROW_END}` : `${AS_JSON}${JSON.stringify(cells)}${ROW_END}`;
}

function decodeRow(text: string): string[] {
  return text.startsWith(AS_JSON) ? (JSON.parse(text.slice(1)) as string[]) : text.split(CELL_END);
}

async function* readRows(handle: FileHandle): AsyncGenerator<string[]> {
  const stream = createReadStream('', { fd: handle, start: 0, autoClose: false, encoding: 'utf8', highWaterMark: READ_CHUNK });
  let tail = '';
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      const text = tail + chunk;
      let start = 0;
      for (let end = text.indexOf(ROW_END); end >= 0; end = text.indexOf(ROW_END, start)) {
        yield decodeRow(text.slice(start, end));
        start = end + 1;
      }
      tail = text.slice(start);
    }
  } finally {
    stream.destroy();
  }
}
