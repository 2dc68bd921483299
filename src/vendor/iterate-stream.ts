// exceljs's stream iterator (lib/utils/iterate-stream.js), fixed. The original pauses the stream around
// every yield; unzipper's parse stream goes on working while paused and ends once its input is read,
// dropping whatever it had not yet delivered (exceljs issue #3064). Entries vanish at random —
// most often xl/workbook.xml, which exceljs writes last, so reading fails with "Cannot read properties
// of undefined (reading 'sheets')"; a lost sharedStrings part would misread cells. Here the stream is
// paused only when the queue is long, and resumed as it empties: nothing is dropped, memory stays bounded.
import type { Readable } from 'node:stream';

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
  stream.on('data', (data: unknown) => {
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
