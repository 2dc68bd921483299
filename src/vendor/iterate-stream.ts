// exceljs's stream iterator (lib/utils/iterate-stream.js), fixed. The original pauses the stream around
// every yield; unzipper's parse stream goes on working while paused and ends once its input is read,
// dropping whatever it had not yet delivered (exceljs issue #3064). Entries vanish at random —
// most often xl/workbook.xml, which exceljs writes last, so reading fails with "Cannot read properties
// of undefined (reading 'sheets')"; a lost sharedStrings part would misread cells. Here the stream is
// paused only when the queue is long, and resumed as it empties: nothing is dropped, memory stays bounded.
//
// It also counts what each zip entry yields, since every part exceljs reads from the zip passes through
// here: a part that expands past its limit (xlsx-limits.ts) fails the read, naming the part,
// whatever size the zip declared.
import type { Readable } from 'node:stream';
import { partLimit, PartTooLargeError } from './xlsx-limits.js';

const HIGH_WATER = 64;
const LOW_WATER = 16;

export async function* iterateStream(stream: Readable): AsyncGenerator<unknown, void, undefined> {
  const queue: unknown[] = [];
  let ended = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const part = isZipEntry(stream) ? stream.path : undefined;
  const limit = (part === undefined ? undefined : partLimit(part)) ?? Infinity;
  let bytes = 0;
  // The zip entry last handed out, when `stream` is unzipper's parse stream.
  let lastEntry: ZipEntry | undefined;
  stream.on('data', (data: unknown) => {
    if (failure !== undefined) return;
    if (part !== undefined && (typeof data === 'string' || data instanceof Uint8Array)) {
      bytes += data.length;
      if (bytes > limit) {
        failure = { error: new PartTooLargeError(part, limit) };
        // Nothing more of this part is wanted; without a reader it would fill the queue unbounded.
        stream.pause();
        queue.length = 0;
        notify();
        return;
      }
    }
    if (isZipEntry(data)) {
      // An entry's own consumer reports the zip's failure (below); without one, it must not crash.
      data.on('error', () => {});
      guardSpool(data);
      lastEntry = data;
    }
    queue.push(data);
    if (queue.length >= HIGH_WATER) stream.pause();
    notify();
  });
  stream.on('end', () => {
    ended = true;
    notify();
  });
  stream.on('error', (error: unknown) => {
    failure = { error };
    // unzipper reports a corrupt entry (bad deflate data) on the parse stream only, and the entry then
    // neither ends nor fails: whatever exceljs is waiting on (the entry's chunks, or its copy to a
    // temporary file) would wait for ever. Failing the entry ends that wait with the error.
    if (lastEntry !== undefined && !lastEntry.readableEnded && !lastEntry.destroyed) lastEntry.destroy(error instanceof Error ? error : new Error(String(error)));
    notify();
  });
  for (;;) {
    if (failure !== undefined) throw failure.error;
    if (queue.length > 0) {
      const data = queue.shift();
      if (queue.length <= LOW_WATER && stream.isPaused()) stream.resume();
      yield data;
      continue;
    }
    if (ended) return;
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
  }
}

type ZipEntry = Readable & { path: string };

/** An unzipper entry: a stream with its name as `path`, and `autodrain`. */
function isZipEntry(v: unknown): v is ZipEntry {
  return typeof v === 'object' && v !== null && 'path' in v && typeof v.path === 'string' && 'autodrain' in v && typeof v.autodrain === 'function' && 'pipe' in v;
}

/**
 * exceljs spools a worksheet that comes before the shared strings to a temporary file by piping the
 * entry there, past this iterator: the same count is kept on that pipe, and a part past its limit, or
 * an entry the zip failed, fails the copy (exceljs then rejects with the error) rather than filling
 * the disk or waiting for ever.
 */
function guardSpool(entry: ZipEntry): void {
  const part = entry.path;
  const limit = partLimit(part) ?? Infinity;
  const pipe = entry.pipe.bind(entry);
  const guarded = <T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T => {
    const fail = (e: Error): void => {
      if (!('destroy' in destination && typeof destination.destroy === 'function')) return;
      // unzipper's autodrain pipes into a stream nobody listens to: its error must not crash the process.
      destination.on('error', () => {});
      destination.destroy(e);
    };
    // The zip may have failed the entry before exceljs got round to copying it (it makes the temporary
    // file first): the copy fails at once. destroy() reports on a later tick, after exceljs listens.
    if (entry.errored !== null) {
      fail(entry.errored);
      return destination;
    }
    let bytes = 0;
    const count = (chunk: Uint8Array | string): void => {
      bytes += chunk.length;
      if (bytes <= limit) return;
      entry.off('data', count);
      entry.unpipe(destination);
      entry.pause();
      fail(new PartTooLargeError(part, limit));
    };
    entry.on('data', count);
    // A failed entry fails its copy, which exceljs waits on (it listens for the copy's errors only).
    entry.once('error', fail);
    return pipe(destination, options);
  };
  Object.defineProperty(entry, 'pipe', { value: guarded, configurable: true, writable: true });
}
