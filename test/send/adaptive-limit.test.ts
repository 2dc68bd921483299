import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createAdaptiveLimit } from '../../src/send/adaptive-limit.js';
import { gate, settle } from './fake-api.js';

function clock(): { now: () => number; advance: (ms: number) => void } {
  let at = 0;
  return { now: () => at, advance: (ms) => (at += ms) };
}

test('a 429 halves the limit; a burst of 429s within Retry-After counts once', () => {
  const time = clock();
  const limit = createAdaptiveLimit({ max: 16, now: time.now });
  assert.equal(limit.current, 16);
  limit.throttled(5_000);
  assert.equal(limit.current, 8);
  // The other requests that were in flight come back 429 too: the same signal.
  time.advance(4_000);
  limit.throttled(5_000);
  limit.throttled(5_000);
  assert.equal(limit.current, 8);
  time.advance(1_000);
  limit.throttled(5_000);
  assert.equal(limit.current, 4);
  assert.equal(limit.throttles, 4, 'every 429 is counted for the progress line');
});

test('a 429 without Retry-After still folds its burst into one drop', () => {
  const time = clock();
  const limit = createAdaptiveLimit({ max: 8, now: time.now });
  limit.throttled();
  limit.throttled(0);
  assert.equal(limit.current, 4);
  time.advance(1_000);
  limit.throttled(0);
  assert.equal(limit.current, 2);
});

test('the limit never drops below min', () => {
  const time = clock();
  const cases = [
    { max: 4, min: undefined, floor: 1 },
    { max: 8, min: 3, floor: 3 },
    { max: 2, min: 5, floor: 2 },
  ] satisfies Array<{ max: number; min: number | undefined; floor: number }>;
  for (const { max, min, floor } of cases) {
    const limit = createAdaptiveLimit({ max, ...(min === undefined ? {} : { min }), now: time.now });
    for (let i = 0; i < 10; i++) {
      limit.throttled(0);
      time.advance(1_000);
    }
    assert.equal(limit.current, floor, `max ${max}, min ${min}`);
  }
});

test('successes raise the limit one step per `current` successes, up to the ceiling', () => {
  const time = clock();
  const limit = createAdaptiveLimit({ max: 5, now: time.now });
  limit.throttled(0);
  assert.equal(limit.current, 2);
  const seen: number[] = [];
  for (let i = 0; i < 20; i++) {
    limit.succeeded();
    seen.push(limit.current);
  }
  // 2 successes to reach 3, 3 more to reach 4, 4 more to reach 5, then it stays at the ceiling.
  assert.deepEqual(seen, [2, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5]);
  assert.equal(limit.ceiling, 5);
});

test('a 429 resets the run of successes', () => {
  const time = clock();
  const limit = createAdaptiveLimit({ max: 8, now: time.now });
  limit.throttled(0);
  time.advance(1_000);
  limit.throttled(0);
  assert.equal(limit.current, 2);
  limit.succeeded();
  limit.throttled(0); // within the quiet window: no drop, but the success no longer counts
  limit.succeeded();
  assert.equal(limit.current, 2);
  limit.succeeded();
  assert.equal(limit.current, 3);
});

test('run() keeps to the current limit, and a raised limit starts queued work', async () => {
  const limit = createAdaptiveLimit({ max: 4, now: () => 0 });
  limit.throttled(0);
  assert.equal(limit.current, 2);
  const release = gate();
  let running = 0;
  let most = 0;
  const tasks = Array.from({ length: 6 }, () =>
    limit.run(async () => {
      running++;
      most = Math.max(most, running);
      await release.promise;
      running--;
    }),
  );
  await settle();
  assert.equal(limit.inFlight, 2);
  limit.succeeded();
  limit.succeeded();
  await settle();
  assert.equal(limit.inFlight, 3);
  release.open();
  await Promise.all(tasks);
  assert.equal(most, 3);
});

test('a limit below 1 is refused', () => {
  for (const max of [0, -2, 1.5]) assert.throws(() => createAdaptiveLimit({ max }), RangeError);
});
