import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type AdaptiveLimit, type AdaptiveLimitOptions, createAdaptiveLimit } from '../../src/send/adaptive-limit.js';
import { gate, settle } from './fake-api.js';

function clock(): { now: () => number; advance: (ms: number) => void } {
  let at = 0;
  return { now: () => at, advance: (ms) => (at += ms) };
}

type Answer = 'throttled' | 'succeeded';

interface Request {
  /** Whether it holds (or has held) a slot. */
  started(): boolean;
  /** Delivers the answer, reported from inside the request's run as the client and scheduler do; resolves once its slot is free. */
  answer(answer: Answer): Promise<void>;
}

/** A request sent through `limit`: it takes a slot and waits for its answer. */
function request(limit: AdaptiveLimit, retryAfterMs?: number): Request {
  let started = false;
  let deliver: (answer: Answer) => void = () => {};
  const answered = new Promise<Answer>((resolve) => {
    deliver = resolve;
  });
  const done = limit.run(async () => {
    started = true;
    // After this await the code still runs in the request's async context, where the client's
    // onThrottle and the scheduler's succeeded() are called from.
    if ((await answered) === 'throttled') limit.throttled(retryAfterMs);
    else limit.succeeded();
  });
  return {
    started: () => started,
    answer(answer) {
      deliver(answer);
      return done;
    },
  };
}

/** One request that succeeds, sent now (so after any cut so far). */
const oneSuccess = (limit: AdaptiveLimit): Promise<void> => limit.run(() => limit.succeeded());

/** Counts the tasks holding a slot, and the most at once. */
function slotCounter(): { enter(name: string): void; leave(): void; readonly started: string[]; readonly most: number } {
  let running = 0;
  let most = 0;
  const started: string[] = [];
  return {
    enter(name) {
      started.push(name);
      running++;
      most = Math.max(most, running);
    },
    leave() {
      running--;
    },
    started,
    get most() {
      return most;
    },
  };
}

const slowStartCases = [
  { name: 'from the default 2 up to max, then no further', options: { max: 6 }, levels: [2, 3, 4, 5, 6, 6, 6] },
  { name: 'the default start is never above max', options: { max: 1 }, levels: [1, 1] },
  { name: 'from a given initial', options: { max: 5, initial: 4 }, levels: [4, 5, 5] },
  { name: 'an initial above max starts at max', options: { max: 3, initial: 10 }, levels: [3, 3] },
  { name: 'an initial below min starts at min', options: { max: 8, min: 3, initial: 1 }, levels: [3, 4, 5] },
] satisfies Array<{ name: string; options: AdaptiveLimitOptions; levels: number[] }>;

for (const { name, options, levels } of slowStartCases) {
  test(`slow start adds one per success: ${name}`, async () => {
    const limit = createAdaptiveLimit(options);
    const seen = [limit.current];
    while (seen.length < levels.length) {
      await oneSuccess(limit);
      seen.push(limit.current);
    }
    assert.deepEqual(seen, levels);
    assert.equal(limit.ceiling, options.max);
  });
}

test('slow start doubles the requests in flight each round trip', async () => {
  const limit = createAdaptiveLimit({ max: 16 });
  const requests = Array.from({ length: 30 }, () => request(limit));
  const answered = new Set<Request>();
  const perRound: number[] = [];
  for (let round = 0; round < 4; round++) {
    await settle();
    const inFlight = requests.filter((r) => r.started() && !answered.has(r));
    perRound.push(inFlight.length);
    for (const r of inFlight) answered.add(r);
    await Promise.all(inFlight.map((r) => r.answer('succeeded')));
  }
  assert.deepEqual(perRound, [2, 4, 8, 16]);
  assert.equal(limit.inFlight, 0);
});

const cutCases = [
  // 16 × 0.5 = 8, then × 0.75 (floored): 6, 4.5 → 4, 3, 2.25 → 2, 1.5 → 1, and 1 is the floor.
  { name: 'the first cut halves, later ones take a quarter off', options: { max: 16, initial: 16 }, climb: 0, levels: [8, 6, 4, 3, 2, 1, 1] },
  // Slow start from 2 reached 9 when the service first refused: still halved (it overshot by up to double).
  { name: 'a first cut during slow start also halves', options: { max: 16 }, climb: 7, levels: [4, 3, 2, 1] },
  { name: 'a first cut at the very start halves too', options: { max: 8 }, climb: 0, levels: [1, 1] },
  { name: 'never below min', options: { max: 10, min: 3, initial: 10 }, climb: 0, levels: [5, 3, 3] },
  { name: 'a min above max is max', options: { max: 3, min: 5, initial: 3 }, climb: 0, levels: [3, 3] },
] satisfies Array<{ name: string; options: AdaptiveLimitOptions; climb: number; levels: number[] }>;

for (const { name, options, climb, levels } of cutCases) {
  test(`cuts: ${name}`, async () => {
    // Each 429 comes from a request sent after the cut before it, so each one counts.
    const limit = createAdaptiveLimit({ ...options, now: () => 0 });
    for (let i = 0; i < climb; i++) await oneSuccess(limit);
    const seen: number[] = [];
    for (const _ of levels) {
      await request(limit).answer('throttled');
      seen.push(limit.current);
    }
    assert.deepEqual(seen, levels);
  });
}

test('after a cut the level rises one step per `current` successes, up to max', async () => {
  const limit = createAdaptiveLimit({ max: 5, initial: 4 });
  await request(limit).answer('throttled');
  assert.equal(limit.current, 2);
  const seen: number[] = [];
  for (let i = 0; i < 20; i++) {
    await oneSuccess(limit);
    seen.push(limit.current);
  }
  // 2 successes to reach 3, 3 more to reach 4, 4 more to reach 5, then it stays at the ceiling.
  assert.deepEqual(seen, [2, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5]);
});

test('any 429, even one that does not cut, restarts the count of successes', async () => {
  const limit = createAdaptiveLimit({ max: 8, initial: 8, now: () => 0 });
  const sentBefore = request(limit);
  await settle();
  await request(limit).answer('throttled');
  assert.equal(limit.current, 4);
  for (let i = 0; i < 3; i++) await oneSuccess(limit);
  await sentBefore.answer('throttled'); // sent before the cut: no second cut, but the count starts over
  assert.equal(limit.current, 4);
  for (let i = 0; i < 3; i++) await oneSuccess(limit);
  assert.equal(limit.current, 4, 'six successes, but only three since the last 429');
  await oneSuccess(limit);
  assert.equal(limit.current, 5);
});

test('generations: only requests sent after the last cut cut again or raise the level', async () => {
  // The clock stands still, so were the quiet window deciding, no second cut could happen at all.
  const limit = createAdaptiveLimit({ max: 8, initial: 8, now: () => 0 });
  const before = Array.from({ length: 8 }, () => request(limit));
  // Queued while all 8 slots are taken: it is sent only after the cut, so it belongs to the new level.
  const queued = request(limit);
  await settle();
  assert.equal(queued.started(), false);

  await before[0]?.answer('throttled');
  assert.equal(limit.current, 4, 'the first 429 halves');
  await before[1]?.answer('throttled');
  assert.equal(limit.current, 4, 'a 429 of a request sent before the cut is the same signal');
  for (const r of before.slice(2)) await r.answer('succeeded');
  assert.equal(limit.current, 4, 'six successes of requests sent before the cut raise nothing');

  await settle();
  assert.equal(queued.started(), true);
  const after = [queued, request(limit), request(limit), request(limit)];
  await settle();
  for (const r of after) await r.answer('succeeded');
  assert.equal(limit.current, 5, 'four successes of requests sent after the cut add one at level 4');

  const [late, alsoLate] = [request(limit), request(limit)];
  await settle();
  await late.answer('throttled');
  assert.equal(limit.current, 3, 'a 429 of a request sent after the cut cuts again: 5 × 0.75 → 3');
  await alsoLate.answer('throttled');
  assert.equal(limit.current, 3);
  assert.equal(limit.throttles, 4, 'every 429 is counted for the progress line');
});

const quietWindowCases = [
  { name: 'Retry-After 5 s', retryAfterMs: 5_000, window: 5_000 },
  { name: 'a short Retry-After still folds a 1 s burst', retryAfterMs: 300, window: 1_000 },
  { name: 'Retry-After 0', retryAfterMs: 0, window: 1_000 },
  { name: 'no Retry-After', retryAfterMs: undefined, window: 1_000 },
] satisfies Array<{ name: string; retryAfterMs: number | undefined; window: number }>;

for (const { name, retryAfterMs, window } of quietWindowCases) {
  test(`outside any run, a burst of 429s within the quiet window is one cut: ${name}`, () => {
    const time = clock();
    const limit = createAdaptiveLimit({ max: 16, initial: 16, now: time.now });
    limit.throttled(retryAfterMs);
    assert.equal(limit.current, 8);
    // The other requests that were in flight come back 429 too: the same signal.
    time.advance(window - 1);
    limit.throttled(retryAfterMs);
    limit.throttled(retryAfterMs);
    assert.equal(limit.current, 8);
    time.advance(1);
    limit.throttled(retryAfterMs);
    assert.equal(limit.current, 6);
    assert.equal(limit.throttles, 4);
  });
}

test('outside any run, successes within the quiet window do not count', () => {
  const time = clock();
  const limit = createAdaptiveLimit({ max: 8, initial: 4, now: time.now });
  limit.throttled(2_000);
  assert.equal(limit.current, 2);
  for (let i = 0; i < 5; i++) limit.succeeded();
  assert.equal(limit.current, 2);
  time.advance(2_000);
  limit.succeeded();
  limit.succeeded();
  assert.equal(limit.current, 3);
});

test('run() keeps to the level: a raised level starts queued work at once, a cut one starts nothing until work ends', async () => {
  const limit = createAdaptiveLimit({ max: 4, initial: 4, now: () => 0 });
  const slots = slotCounter();
  const finish = Array.from({ length: 7 }, () => gate());
  const tasks = finish.map((g, i) =>
    limit.run(async () => {
      slots.enter(`t${i}`);
      await g.promise;
      slots.leave();
    }),
  );
  await settle();
  assert.equal(limit.inFlight, 4);
  limit.throttled(); // 4 → 2, while 4 run: they finish, nothing new starts
  finish[0]?.open();
  finish[1]?.open();
  await settle();
  assert.deepEqual(slots.started, ['t0', 't1', 't2', 't3']);
  finish[2]?.open();
  await settle();
  assert.equal(limit.inFlight, 2, 'one ended below the level of 2: one more started');
  assert.deepEqual(slots.started, ['t0', 't1', 't2', 't3', 't4']);
  for (const g of finish) g.open();
  await Promise.all(tasks);
  assert.equal(slots.most, 4);
  assert.equal(limit.inFlight, 0);
});

test('whileWaiting gives the slot back, then takes the next free one before work not yet started', async () => {
  const limit = createAdaptiveLimit({ max: 2, initial: 2 });
  const slots = slotCounter();
  const refused = gate();
  const retryAfter = gate();
  const finish = { w: gate(), x: gate(), q1: gate(), q2: gate() };
  const task = (name: keyof typeof finish, before?: () => Promise<void>): Promise<void> =>
    limit.run(async () => {
      slots.enter(name);
      await before?.();
      await finish[name].promise;
      slots.leave();
    });
  const tasks = [
    task('w', async () => {
      await refused.promise;
      slots.leave(); // whileWaiting gives the slot back as soon as it is called
      await limit.whileWaiting(() => retryAfter.promise);
      slots.enter('w retry');
    }),
    task('x'),
    task('q1'),
    task('q2'),
  ];
  await settle();
  assert.deepEqual(slots.started, ['w', 'x']);

  refused.open();
  await settle();
  assert.deepEqual(slots.started, ['w', 'x', 'q1'], 'while w waits, its slot serves q1');
  assert.equal(limit.inFlight, 2);

  retryAfter.open();
  await settle();
  assert.deepEqual(slots.started, ['w', 'x', 'q1'], 'w waits for a free slot; none is free');

  finish.x.open();
  await settle();
  assert.deepEqual(slots.started, ['w', 'x', 'q1', 'w retry'], 'the freed slot goes to w, though q2 was queued first');

  finish.q1.open();
  await settle();
  assert.deepEqual(slots.started, ['w', 'x', 'q1', 'w retry', 'q2']);

  finish.w.open();
  finish.q2.open();
  await Promise.all(tasks);
  assert.equal(slots.most, 2);
  assert.equal(limit.inFlight, 0);
});

test('whileWaiting: the retry waits for the level cut meanwhile, and goes out in the new generation', async () => {
  const limit = createAdaptiveLimit({ max: 4, initial: 4, now: () => 0 });
  const refused = gate();
  const retryAfter = gate();
  let retried = false;
  const retryAnswer = gate();
  const w = limit.run(async () => {
    await refused.promise;
    limit.throttled(); // the 429 that makes it wait: 4 → 2
    await limit.whileWaiting(() => retryAfter.promise);
    retried = true;
    await retryAnswer.promise;
    limit.throttled(); // its retry is refused too
  });
  const others = [request(limit), request(limit), request(limit)];
  await settle();
  refused.open();
  await settle();
  assert.equal(limit.current, 2);
  assert.equal(limit.inFlight, 3, 'the three others were sent at level 4 and keep running');

  retryAfter.open();
  await settle();
  await others[0]?.answer('succeeded');
  await settle();
  assert.equal(retried, false, 'two still run at level 2: the retry waits');
  await others[1]?.answer('succeeded');
  await settle();
  assert.equal(retried, true);
  assert.equal(limit.inFlight, 2);

  await others[2]?.answer('throttled');
  assert.equal(limit.current, 2, 'sent before the cut: no second cut');
  retryAnswer.open();
  await w;
  assert.equal(limit.current, 1, 'the retry went out after the cut: its 429 cuts again, 2 × 0.75 → 1');
  assert.equal(limit.inFlight, 0);
});

test('whileWaiting: a wait that fails (an aborted sleep) passes its error on and keeps the count of slots right', async () => {
  const limit = createAdaptiveLimit({ max: 1, initial: 1 });
  const slots = slotCounter();
  const aborted = new Error('aborted');
  const w = limit.run(() => limit.whileWaiting(() => Promise.reject(aborted)));
  const rest = Array.from({ length: 3 }, (_, i) =>
    limit.run(async () => {
      slots.enter(`t${i}`);
      await settle(1);
      slots.leave();
    }),
  );
  await assert.rejects(w, (e) => e === aborted);
  await Promise.all(rest);
  assert.equal(slots.most, 1);
  assert.equal(limit.inFlight, 0);
});

test('retries regain slots in the order their waits ended', async () => {
  const limit = createAdaptiveLimit({ max: 1, initial: 1 });
  const order: string[] = [];
  const first = gate();
  const second = gate();
  const hold = gate();
  const tasks = [
    limit.run(async () => {
      await limit.whileWaiting(() => first.promise);
      order.push('woke first');
    }),
    limit.run(async () => {
      await limit.whileWaiting(() => second.promise);
      order.push('woke second');
    }),
    limit.run(() => hold.promise),
  ];
  await settle();
  first.open();
  await settle();
  second.open();
  await settle();
  hold.open();
  await Promise.all(tasks);
  assert.deepEqual(order, ['woke first', 'woke second']);
});

test('whileWaiting outside any run holds no slot and takes none', async () => {
  const limit = createAdaptiveLimit({ max: 1, initial: 1 });
  const slots = slotCounter();
  const hold = gate();
  const tasks = ['a', 'b'].map((name) =>
    limit.run(async () => {
      slots.enter(name);
      await hold.promise;
      slots.leave();
    }),
  );
  const wait = gate();
  const waiting = limit.whileWaiting(() => wait.promise);
  try {
    await settle();
    assert.equal(slots.most, 1, 'a second task started beside the first at level 1');
    wait.open();
    await settle();
    hold.open();
    await Promise.all([...tasks, waiting]);
    assert.equal(limit.inFlight, 0);
  } finally {
    wait.open();
    hold.open();
  }
});

const refusedOptions = [
  { max: 0 },
  { max: -2 },
  { max: 1.5 },
  { max: 4, min: 0 },
  { max: 4, initial: 0 },
  { max: 4, initial: 2.5 },
] satisfies AdaptiveLimitOptions[];

test('a limit, min or initial below 1 or not whole is refused', () => {
  for (const options of refusedOptions) assert.throws(() => createAdaptiveLimit(options), RangeError, JSON.stringify(options));
});
