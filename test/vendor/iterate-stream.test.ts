// The fixed stream iterator that exceljs's streaming reader runs on (exceljs issue #3064).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { setImmediate as tick } from 'node:timers/promises';
import type { Readable } from 'node:stream';
import { iterateStream } from '../../src/vendor/iterate-stream.js';
import ExcelJS, { iteratorFixed } from '../../src/vendor/exceljs.js';

/** Like unzipper's parse stream: goes on emitting while paused, and ends when its input is done. */
function eagerStream(): EventEmitter & { paused: boolean; pause(): void; resume(): void; isPaused(): boolean } {
  const s = Object.assign(new EventEmitter(), {
    paused: false,
    pause() {
      s.paused = true;
    },
    resume() {
      s.paused = false;
    },
    isPaused: () => s.paused,
  });
  return s;
}

test('items emitted while the consumer is busy (and the stream paused) are all delivered, then the end', async () => {
  const stream = eagerStream();
  const seen: unknown[] = [];
  const consuming = (async () => {
    for await (const item of iterateStream(stream as unknown as Readable)) {
      seen.push(item);
      await tick(); // the consumer awaits between items, as exceljs does between zip entries
    }
  })();
  await tick();
  for (let i = 0; i < 100; i++) stream.emit('data', i);
  stream.emit('end');
  await consuming;
  assert.deepEqual(seen, Array.from({ length: 100 }, (_, i) => i));
});

test('a long queue pauses the stream and a short one resumes it', async () => {
  const stream = eagerStream();
  const iterator = iterateStream(stream as unknown as Readable);
  const first = iterator.next();
  for (let i = 0; i < 70; i++) stream.emit('data', i);
  assert.equal(stream.paused, true);
  assert.deepEqual(await first, { value: 0, done: false });
  for (let i = 1; i < 60; i++) await iterator.next();
  assert.equal(stream.paused, false);
  stream.emit('end');
  for (let r = await iterator.next(); r.done !== true; r = await iterator.next());
});

test('an error from the stream ends the iteration with that error', async () => {
  const stream = eagerStream();
  const iterator = iterateStream(stream as unknown as Readable);
  const pending = iterator.next();
  stream.emit('error', new Error('broken zip'));
  await assert.rejects(pending, /broken zip/);
});

test('exceljs runs on the fixed iterator', () => {
  assert.equal(iteratorFixed, true);
  assert.equal(typeof ExcelJS.stream.xlsx.WorkbookReader, 'function');
});
