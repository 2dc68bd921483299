// How many requests go out, and how fast, following what the service allows (SPEC §2 Sending). A service
// refuses (429) either when too many requests are in flight at once or when too many arrive in a span of
// time (a token bucket). This limit learns either ceiling from the 429s and then holds just under it,
// probing upward only rarely, so that a run draws a few 429s in all rather than one per cycle:
// - Slow start: one more request in flight per success (doubling each round trip) until the first 429.
//   Then the level becomes one less than the count in flight that drew it, and the rate is halved for a
//   moment (pace.ts), since either limit may be the one reached; the rate climbs back within a second
//   when nothing more is refused.
// - Later, a 429 of a request that took the last slot, while few answers are 429s, means "too many at
//   once": the level becomes one less than that count. Any other 429 means "too many over time": the
//   rate is learned (pace.ts). A service counting requests over time refuses most of what comes once its
//   bucket is dry; one counting requests in flight refuses only the one too many.
// - After a quiet spell the limit probes: one more in flight and 5% faster. A probe that draws a 429
//   doubles the spell before the next one.
// Cuts are generation-aware: the 429s of requests already in flight when the service started refusing are
// one signal, not a reason to cut again and again.
//
// Why not p-limit here: a request that waits out a Retry-After (or a backoff) must give its slot back
// while it waits — otherwise a burst of throttled requests holds every slot idle for seconds — and must
// queue for a slot again before it retries, or the woken burst goes over the limit at once and draws
// the next round of 429s. p-limit has no way to hand a slot back from inside a running task.

import { AsyncLocalStorage } from 'node:async_hooks';
import { createPace } from './pace.js';

export interface AdaptiveLimitOptions {
  /** The most requests in flight (`--concurrency`). */
  max: number;
  /** The fewest it may drop to. Default 1. */
  min?: number;
  /** Where slow start begins. Default min(max, 2). */
  initial?: number;
  /** Milliseconds clock. Default `Date.now`. */
  now?: () => number;
  /** Quiet milliseconds (no 429) before the first probe upward; doubled by each probe that draws one. Default 2000. */
  probeAfterMs?: number;
}

export interface AdaptiveLimit {
  /** Runs `fn` once fewer than `current` calls are running and the pace allows. */
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
  /** Requests allowed to start per second; Infinity until the service has refused for rate. */
  readonly rate: number;
  /** The most it may rise to again (`max`). */
  readonly ceiling: number;
  /** Requests holding a slot now. */
  readonly inFlight: number;
  /** Every throttled() call, including those folded into an earlier cut. */
  readonly throttles: number;
}

// A 429 with no Retry-After (or 0) still comes with a burst of siblings that were already in flight.
const MIN_QUIET_MS = 1_000;
const PROBE_AFTER_MS = 2_000;
const MAX_PROBE_AFTER_MS = 60_000;
const ROUND_TRIP_WEIGHT = 0.2;
/** Above this share of 429s among the answers, the service is refusing for rate. */
const RATE_REFUSALS = 0.2;

interface Sent {
  /** The changes before this request was sent: an answer of an earlier generation is stale. */
  generation: number;
  /** Requests in flight when it was sent, itself included. */
  inFlight: number;
  sentAt: number;
}

export function createAdaptiveLimit(options: AdaptiveLimitOptions): AdaptiveLimit {
  const max = wholeNumber('max', options.max);
  const min = Math.min(max, wholeNumber('min', options.min ?? 1));
  const now = options.now ?? Date.now;
  let current = Math.max(min, Math.min(max, wholeNumber('initial', options.initial ?? 2)));
  const pace = createPace();
  let slowStart = true;
  let exitedSlowStartIn: number | undefined;
  let throttles = 0;
  let quietUntil = Number.NEGATIVE_INFINITY;
  let generation = 0;
  let changedAt = now();
  let probeAfter = options.probeAfterMs ?? PROBE_AFTER_MS;
  let probing = false;
  const sentIn = new AsyncLocalStorage<Sent>();
  let active = 0;
  // How long a successful request takes, smoothed.
  let roundTrip = 0;
  let timer: NodeJS.Timeout | undefined;
  // Retries (woken from a wait) are served before new work, each queue first come, first served. A slot
  // is granted with the generation and the count in flight of that moment, which is when the request is sent.
  type Grant = (sent: Sent) => void;
  const retries: Grant[] = [];
  const fresh: Grant[] = [];

  function pump(): void {
    while (active < current && retries.length + fresh.length > 0) {
      const wait = pace.book(now());
      if (wait > 0) {
        timer ??= setTimeout(() => {
          timer = undefined;
          pump();
        }, wait);
        return;
      }
      active++;
      (retries.shift() ?? fresh.shift())?.({ generation, inFlight: active, sentAt: now() });
    }
  }

  function acquire(queue: Grant[]): Promise<Sent> {
    return new Promise((resolve) => {
      queue.push(resolve);
      pump();
    });
  }

  function release(): void {
    active--;
    pump();
  }

  function changed(at: number): void {
    generation++;
    changedAt = at;
    pump();
  }

  return {
    async run(fn) {
      const sent = await acquire(fresh);
      try {
        return await sentIn.run(sent, fn);
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
        // The retry goes out when it gets its slot, under the level and pace of that moment.
        Object.assign(request, await acquire(retries));
      }
    },
    throttled(retryAfterMs = 0) {
      throttles++;
      const at = now();
      pace.noteRefusal(at);
      const request = sentIn.getStore();
      // Requests that were already in flight when the service started refusing answer 429 one after
      // another; they are one signal. Outside a request's context, a quiet window of Retry-After stands
      // in for the generation.
      if (request !== undefined ? request.generation < generation : at < quietUntil) {
        // The other requests of the burst that ended slow start, refused too: each was one more than
        // the service would take at once (it took the rest of them), so each takes one off the level.
        if (request !== undefined && request.generation === exitedSlowStartIn) current = Math.max(min, current - 1);
        return;
      }
      // The count that drew the refusal: at least what was in flight when this request went out (the
      // first of a burst may be the one refused, with the rest already on their way).
      const inFlight = Math.max(request?.inFlight ?? current, active);
      if (slowStart) {
        slowStart = false;
        exitedSlowStartIn = generation;
        current = Math.max(min, Math.min(current, inFlight) - 1);
        pace.halve(at, roundTrip);
      } else if (inFlight >= current && pace.refusedShare(at) < RATE_REFUSALS) {
        current = Math.max(min, Math.min(current, inFlight) - 1);
      } else if (!pace.refused(at, roundTrip)) {
        // The rate was cut a moment ago, before the new rate could be measured: the same signal.
        return;
      }
      quietUntil = at + Math.max(retryAfterMs, MIN_QUIET_MS);
      if (probing) probeAfter = Math.min(MAX_PROBE_AFTER_MS, probeAfter * 2);
      probing = false;
      changed(at);
    },
    succeeded() {
      const at = now();
      const request = sentIn.getStore();
      pace.succeeded(at);
      if (request !== undefined) roundTrip = roundTrip === 0 ? at - request.sentAt : roundTrip + (at - request.sentAt - roundTrip) * ROUND_TRIP_WEIGHT;
      // Answers to requests sent before the last change still reflect the level before it: hold still.
      if (request !== undefined ? request.generation < generation : at < quietUntil) return;
      if (slowStart) {
        if (current < max) {
          current++;
          pump();
        }
        return;
      }
      if (at - changedAt >= probeAfter) {
        probing = true;
        if (current < max) current++;
        pace.probe();
        changed(at);
      }
    },
    get current() {
      return current;
    },
    get rate() {
      return pace.rate;
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
