// Concurrency that follows what the service allows (SPEC §2 Sending): additive increase,
// multiplicative decrease, as TCP does with its window. A 429 halves the number of requests in flight;
// a run of successes adds one back, up to the configured maximum. Whatever --concurrency the user
// picked, the run settles near the service's limit instead of hammering it with a 429 storm.
import pLimit from 'p-limit';

export interface AdaptiveLimitOptions {
  /** The most requests in flight (`--concurrency`); the limit starts here. */
  max: number;
  /** The fewest it may drop to. Default 1. */
  min?: number;
  /** Milliseconds clock. Default `Date.now`. */
  now?: () => number;
}

export interface AdaptiveLimit {
  /** Runs `fn` once fewer than `current` calls are running. */
  run<T>(fn: () => PromiseLike<T> | T): Promise<T>;
  /** Reports a 429; wire the client's `onThrottle` here. */
  throttled(retryAfterMs?: number): void;
  /** Reports a request that succeeded. */
  succeeded(): void;
  /** Requests allowed in flight now. */
  readonly current: number;
  /** The most it may rise to again (`max`). */
  readonly ceiling: number;
  /** Requests running now. */
  readonly inFlight: number;
  /** Every throttled() call, including those folded into an earlier drop. */
  readonly throttles: number;
}

// A 429 with no Retry-After (or 0) still comes with a burst of siblings that were already in flight.
const MIN_QUIET_MS = 1_000;

export function createAdaptiveLimit(options: AdaptiveLimitOptions): AdaptiveLimit {
  const max = wholeNumber('max', options.max);
  const min = Math.min(max, wholeNumber('min', options.min ?? 1));
  const now = options.now ?? Date.now;
  const limit = pLimit(max);
  let current = max;
  let successes = 0;
  let throttles = 0;
  let quietUntil = Number.NEGATIVE_INFINITY;

  function setCurrent(value: number): void {
    current = value;
    limit.concurrency = value;
  }

  return {
    run: (fn) => limit(fn),
    throttled(retryAfterMs = 0) {
      throttles++;
      successes = 0;
      const at = now();
      // Requests that were already in flight when the service started refusing answer 429 one after
      // another; they are one signal, not a reason to halve again and again down to `min`.
      if (at < quietUntil) return;
      quietUntil = at + Math.max(retryAfterMs, MIN_QUIET_MS);
      setCurrent(Math.max(min, Math.floor(current / 2)));
    },
    succeeded() {
      if (current >= max) return;
      successes++;
      // One step per `current` successes: the higher the limit, the more evidence it takes to raise it.
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
      return limit.activeCount;
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
