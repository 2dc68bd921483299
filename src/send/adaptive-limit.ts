// Concurrency that follows what the service allows (SPEC §2 Sending), the way TCP follows a network:
// slow start (one more request in flight per success, so the level doubles each round trip) until the
// first 429, then multiplicative decrease on a 429 and additive increase (one step per `current`
// successes) up to --concurrency. Whatever --concurrency the user picked, the run settles just under
// the service's limit instead of hammering it with a 429 storm.
//
// Why not p-limit here: a request that waits out a Retry-After (or a backoff) must give its slot back
// while it waits — otherwise a burst of throttled requests holds every slot idle for seconds — and must
// queue for a slot again before it retries, or the woken burst goes over the limit at once and draws
// the next round of 429s. p-limit has no way to hand a slot back from inside a running task.

import { AsyncLocalStorage } from 'node:async_hooks';

export interface AdaptiveLimitOptions {
  /** The most requests in flight (`--concurrency`). */
  max: number;
  /** The fewest it may drop to. Default 1. */
  min?: number;
  /** Where slow start begins. Default min(max, 2). */
  initial?: number;
  /** Milliseconds clock. Default `Date.now`. */
  now?: () => number;
}

export interface AdaptiveLimit {
  /** Runs `fn` once fewer than `current` calls are running. */
  run<T>(fn: () => PromiseLike<T> | T): Promise<T>;
  /**
   * Inside `run`: gives the slot back while `wait` runs (a Retry-After or backoff sleep), then queues
   * for a slot again — ahead of work not yet started — before returning.
   */
  whileWaiting<T>(wait: () => Promise<T>): Promise<T>;
  /** Reports a 429; wire the client's `onThrottle` here. */
  throttled(retryAfterMs?: number): void;
  /** Reports a request that succeeded. */
  succeeded(): void;
  /** Requests allowed in flight now. */
  readonly current: number;
  /** The most it may rise to again (`max`). */
  readonly ceiling: number;
  /** Requests holding a slot now. */
  readonly inFlight: number;
  /** Every throttled() call, including those folded into an earlier drop. */
  readonly throttles: number;
}

// A 429 with no Retry-After (or 0) still comes with a burst of siblings that were already in flight.
const MIN_QUIET_MS = 1_000;
// Slow start overshoots by up to double, so its first 429 halves the level (landing at or under the
// service's limit, so throttled requests are not replaced by new ones that are throttled in turn).
// Later a 429 means one step too far: dropping by a quarter keeps the sawtooth between 3/4 and all of
// the service's limit instead of between 1/2 and all of it.
const SLOW_START_DECREASE = 0.5;
const DECREASE = 0.75;

export function createAdaptiveLimit(options: AdaptiveLimitOptions): AdaptiveLimit {
  const max = wholeNumber('max', options.max);
  const min = Math.min(max, wholeNumber('min', options.min ?? 1));
  const now = options.now ?? Date.now;
  let current = Math.max(min, Math.min(max, wholeNumber('initial', options.initial ?? 2)));
  let threshold = max;
  let successes = 0;
  let throttles = 0;
  let quietUntil = Number.NEGATIVE_INFINITY;
  // Each cut starts a new generation. A request remembers the generation it was sent in (through the
  // async context of `run`, so the client's throttle event needs no request handle): a 429 or a success
  // of a request sent before the last cut says nothing about the level after it.
  let generation = 0;
  const sentIn = new AsyncLocalStorage<{ generation: number }>();
  let active = 0;
  // Retries (woken from a wait) are served before new work, each queue first come, first served. A slot
  // is granted with the generation of that moment, which is when the request is sent.
  type Grant = (generation: number) => void;
  const retries: Grant[] = [];
  const fresh: Grant[] = [];

  function pump(): void {
    while (active < current && retries.length + fresh.length > 0) {
      active++;
      (retries.shift() ?? fresh.shift())?.(generation);
    }
  }

  function acquire(queue: Grant[]): Promise<number> {
    return new Promise((resolve) => {
      queue.push(resolve);
      pump();
    });
  }

  function release(): void {
    active--;
    pump();
  }

  function setCurrent(value: number): void {
    current = value;
    pump();
  }

  return {
    async run(fn) {
      const granted = await acquire(fresh);
      try {
        return await sentIn.run({ generation: granted }, fn);
      } finally {
        release();
      }
    },
    async whileWaiting(wait) {
      const request = sentIn.getStore();
      // Not inside run (e.g. polling after sending): there is no slot to give back.
      if (request === undefined) return wait();
      release();
      try {
        return await wait();
      } finally {
        // The retry goes out when it gets its slot, under the level of that moment.
        request.generation = await acquire(retries);
      }
    },
    throttled(retryAfterMs = 0) {
      throttles++;
      successes = 0;
      const at = now();
      const request = sentIn.getStore();
      // Requests that were already in flight when the service started refusing answer 429 one after
      // another; they are one signal, not a reason to cut again and again down to `min`. Outside a
      // request's context, a quiet window of Retry-After stands in for the generation.
      if (request !== undefined ? request.generation < generation : at < quietUntil) return;
      generation++;
      quietUntil = at + Math.max(retryAfterMs, MIN_QUIET_MS);
      threshold = Math.max(min, Math.floor(current * (threshold === max && current > 1 ? SLOW_START_DECREASE : DECREASE)));
      setCurrent(threshold);
    },
    succeeded() {
      // Answers to requests sent before the last cut still reflect the level before it: hold still.
      const request = sentIn.getStore();
      if (current >= max || (request !== undefined ? request.generation < generation : now() < quietUntil)) return;
      if (current < threshold) {
        setCurrent(current + 1);
        return;
      }
      successes++;
      // One step per `current` successes: about one per round trip, whatever the level.
      if (successes < current) return;
      successes = 0;
      setCurrent(current + 1);
    },
    get current() {
      return current;
    },
    get ceiling() {
      return max;
    },
    get inFlight() {
      return active;
    },
    get throttles() {
      return throttles;
    },
  };
}

function wholeNumber(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a whole number from 1 up, got ${value}`);
  return value;
}
