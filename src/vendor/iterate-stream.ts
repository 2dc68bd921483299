// exceljs's stream iterator (lib/utils/iterate-stream.js), fixed. The original pauses the stream around
// every yield; unzipper's parse stream goes on working while paused and ends once its input is read,
// dropping whatever it had not yet delivered (exceljs issue #3064). Entries vanish at random —
// most often xl/workbook.xml, which exceljs writes last, so reading fails with "Cannot read properties
// of undefined (reading 'sheets')"; a lost sharedStrings part would misread cells. Here the stream is
// paused only when the queue is long, and resumed as it empties: nothing is dropped, memory stays bounded.
//
// It also counts what each zip entry yields, since every part exceljs reads from the zip passes through
// here: a part that expands past its limit (read/xlsx-limits.ts) fails the read, naming the part,
// whatever size the zip declared.
import type { Readable } from 'node:stream';
import { partLimit, PartTooLargeError } from '../read/xlsx-limits.js';

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
    if (isZipEntry(data)) guardSpool(data);
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
 * entry there, past this iterator: the same count is kept on that pipe, and a part past its limit fails
 * the spool (exceljs then rejects with the error) rather than filling the disk.
 */
function guardSpool(entry: ZipEntry): void {
  const part = entry.path;
  const limit = partLimit(part);
  if (limit === undefined) return;
  const pipe = entry.pipe.bind(entry);
  const guarded = <T extends NodeJS.WritableStream>(destination: T, options?: { end?: boolean }): T => {
    let bytes = 0;
    const count = (chunk: Uint8Array | string): void => {
      bytes += chunk.length;
      if (bytes <= limit) return;
      entry.off('data', count);
      entry.unpipe(destination);
      entry.pause();
      if ('destroy' in destination && typeof destination.destroy === 'function') destination.destroy(new PartTooLargeError(part, limit));
    };
    entry.on('data', count);
    return pipe(destination, options);
  };
  Object.defineProperty(entry, 'pipe', { value: guarded, configurable: true, writable: true });
}
