// How many requests go out, and how fast, following what the service allows (SPEC §2 Sending). A service
// refuses (429) either when too many requests are in flight at once or when too many arrive in a span of
// time (a token bucket). This limit learns either ceiling from the 429s and then holds just under it,
// probing upward only rarely, so that a run draws a few 429s in all rather than one per cycle:
// - Slow start: one more request in flight per success (doubling each round trip) until the first 429,
//   its requests started a couple of milliseconds apart, so that the one too many is refused before the
//   rest of its round has gone. Then the level becomes one less than the count in flight that drew it,
//   and the rate is capped a little above what that level allows per round trip (pace.ts), since either
//   limit may be the one reached; the pace climbs back when it binds and nothing more is refused.
// - Later, a 429 of a request sent with every slot taken means "too many at once"; with slots free, "too
//   many over time": the rate is learned (pace.ts). Counts in flight are of requests gone out (after the
//   journal's intent), of the refused one's kind (reads or writes).
// - After a quiet spell the limit probes: one more in flight and 5% faster; a probe that draws a 429
//   doubles the spell. Cuts are generation-aware: the 429s of requests already in flight when the service
//   started refusing are one signal, not a reason to cut again and again.
//
// Why not p-limit here: a request that waits out a Retry-After (or a backoff) must give its slot back
// while it waits — otherwise a burst of throttled requests holds every slot idle for seconds — and must
// queue for a slot again before it retries, or the woken burst goes over the limit at once and draws
// the next round of 429s. p-limit has no way to hand a slot back from inside a running task.

import { AsyncLocalStorage } from 'node:async_hooks';
import { createPace, type SentMark } from './pace.js';

export interface AdaptiveLimitOptions {
  /** The most requests in flight (`--concurrency`). */
  max: number;
  /** The fewest it may drop to. Default 1. */
  min?: number;
  /** Where slow start begins. Default min(max, 2). */
  initial?: number;
  /** Milliseconds clock, and a timer on it (the pace's waits). Default `Date.now`, `setTimeout`. */
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => void;
  /** Quiet milliseconds (no 429) before the first probe upward; doubled by each probe that draws one. Default 2000. */
  probeAfterMs?: number;
  /** Milliseconds between two starts during slow start (0: all of a round at once). Default 2. */
  slowStartGapMs?: number;
}

export interface AdaptiveLimit {
  /**
   * Runs `fn` once fewer than `current` calls are running and the pace allows. With `prepares`, `fn`
   * first does work of its own (the journal's intent) and calls `sending()` as its request goes out;
   * otherwise its request counts as sent when it starts. A `read` (a listing) takes a slot like any
   * request, but the count in flight that a write's 429 is set against is of writes, and a read's of
   * reads: a service may count only writes (SPEC §3's simulator does).
   */
  run<T>(fn: () => PromiseLike<T> | T, options?: { prepares?: boolean; read?: boolean }): Promise<T>;
  /** Inside a `run` that prepares: its request goes out now (one still writing its intent is not at the service). */
  sending(): void;
  /**
   * Inside `run`: gives the slot back while `wait` runs (a Retry-After or backoff sleep), then queues
   * for a slot again — ahead of work not yet started — before returning.
   */
  whileWaiting<T>(wait: () => Promise<T>): Promise<T>;
  /** Reports a 429; wire the client's `onThrottle` here. */
  throttled(retryAfterMs?: number): void;
  succeeded(): void; // reports a request that succeeded
  readonly current: number; // requests allowed in flight now
  /** Requests allowed to start per second; Infinity until the service has refused for rate. */
  readonly rate: number;
  readonly ceiling: number; // `max`: the most it may rise to again
  /** Requests holding a slot now; every throttled() call, including those folded into an earlier cut. */
  readonly inFlight: number;
  readonly throttles: number;
}

// A 429 with no Retry-After (or 0) still comes with a burst of siblings that were already in flight.
const MIN_QUIET_MS = 1_000;
const PROBE_AFTER_MS = 2_000;
const MAX_PROBE_AFTER_MS = 60_000;
const ROUND_TRIP_WEIGHT = 0.2;
/** Between two starts in slow start: about how long a 429 takes to come back. */
const SLOW_START_GAP_MS = 2;
/** After slow start, the pace leaves this much room above what the level allows per round trip. */
const PACE_ROOM = 1.25;

interface Sent {
  /** The limit it was granted by (one store serves every limit; see `sentIn`). */
  owner: object;
  /** Gone out (counted among those sent). */
  out: boolean;
  /** The changes before this request was sent: an answer of an earlier generation is stale. */
  generation: number;
  read: boolean;
  /** Requests of its kind (reads or writes) sent and not yet answered when it was sent, itself included. */
  inFlight: number;
  /** The same of either kind. */
  allInFlight: number;
  sentAt: number;
  /** The pace's record of it, told when the service refuses it. */
  mark: SentMark | undefined;
}

// The request whose code is running (onThrottle and succeeded() are called from inside it). One store for
// every limit: each AsyncLocalStorage costs every promise made after it, for the life of the process.
const sentIn = new AsyncLocalStorage<Sent>();

export function createAdaptiveLimit(options: AdaptiveLimitOptions): AdaptiveLimit {
  const max = wholeNumber('max', options.max);
  const min = Math.min(max, wholeNumber('min', options.min ?? 1));
  const now = options.now ?? Date.now;
  const setTimer = options.setTimer ?? ((fn: () => void, ms: number): void => void setTimeout(fn, ms));
  const gapMs = options.slowStartGapMs ?? SLOW_START_GAP_MS;
  let current = Math.max(min, Math.min(max, wholeNumber('initial', options.initial ?? 2)));
  const pace = createPace();
  let slowStart = true;
  let exitedSlowStartIn: number | undefined;
  // Slow start's requests go out a couple of milliseconds apart (see the top): one has just gone.
  let spacing = false;
  let throttles = 0;
  let quietUntil = Number.NEGATIVE_INFINITY;
  let generation = 0;
  let changedAt = now();
  let probeAfter = options.probeAfterMs ?? PROBE_AFTER_MS;
  let probing = false;
  const owner = {};
  const own = (): Sent | undefined => {
    const sent = sentIn.getStore();
    return sent?.owner === owner ? sent : undefined;
  };
  let active = 0;
  // Requests sent and not yet answered: `active` less those still preparing.
  const onWire = { read: 0, write: 0 };
  // How long a successful request takes, smoothed.
  let roundTrip = 0;
  let timerSet = false;
  // Retries (woken from a wait) are served before new work; new writes and new reads take turns, so that
  // a customer whose checks are done starts sending at once while the others' lists still come in (lists
  // left waiting would leave their customers' chunks to the end, a few at a time). Each queue is first
  // come, first served; a slot is granted with the generation of that moment.
  type Grant = (sent: Sent) => void;
  const retries: Grant[] = [];
  const fresh: Grant[] = [];
  const reads: Grant[] = [];
  let readNext = false;

  function pump(): void {
    while (active < current && retries.length + fresh.length + reads.length > 0 && !spacing) {
      const at = now();
      const wait = pace.book(at);
      if (wait > 0) {
        if (!timerSet) setTimer(() => { timerSet = false; pump(); }, wait);
        timerSet = true;
        return;
      }
      active++;
      readNext = !readNext;
      (retries.shift() ?? (readNext ? reads.shift() ?? fresh.shift() : fresh.shift() ?? reads.shift()))?.({ owner, out: false, read: false, generation, inFlight: 0, allInFlight: 0, sentAt: at, mark: undefined });
      if (slowStart && gapMs > 0) {
        spacing = true;
        setTimer(() => { spacing = false; pump(); }, gapMs);
      }
    }
  }
  function acquire(queue: Grant[]): Promise<Sent> {
    return new Promise((resolve) => {
      queue.push(resolve);
      pump();
    });
  }

  function goesOut(sent: Sent): void {
    if (sent.out) return;
    const at = now();
    const inFlight = ++onWire[sent.read ? 'read' : 'write'];
    Object.assign(sent, { out: true, generation, inFlight, allInFlight: onWire.read + onWire.write, sentAt: at, mark: pace.sent(at) });
  }

  function release(sent: Sent): void {
    active--;
    if (sent.out) onWire[sent.read ? 'read' : 'write']--;
    sent.out = false;
    pump();
  }

  function changed(at: number): void {
    generation++;
    changedAt = at;
    pump();
  }

  return {
    async run(fn, options) {
      const sent = await acquire(options?.read === true ? reads : fresh);
      sent.read = options?.read === true;
      if (options?.prepares !== true) goesOut(sent);
      try {
        return await sentIn.run(sent, fn);
      } finally {
        release(sent);
      }
    },
    sending() {
      const request = own();
      if (request !== undefined) goesOut(request);
    },
    async whileWaiting(wait) {
      const request = own();
      // Not inside run (e.g. polling after sending): there is no slot to give back.
      if (request === undefined) return wait();
      release(request);
      try {
        return await wait();
      } finally {
        // The retry goes out when it gets its slot, under the level and pace of that moment.
        // A read stays a read.
        Object.assign(request, { ...(await acquire(retries)), read: request.read });
        goesOut(request);
      }
    },
    throttled(retryAfterMs = 0) {
      throttles++;
      const at = now();
      const request = own();
      pace.noteRefusal(at, request?.mark);
      // Requests that were already in flight when the service started refusing answer 429 one after
      // another; they are one signal. Outside a request's context, a quiet window of Retry-After stands
      // in for the generation.
      if (request !== undefined ? request.generation < generation : at < quietUntil) {
        // The other requests of the round that ended slow start, refused too: each was one more than
        // the service would take at once (it took the rest of them), so each takes one off the level.
        if (request !== undefined && request.generation === exitedSlowStartIn) current = Math.max(min, current - 1);
        return;
      }
      // The count that drew the refusal: at least what was in flight when this request went out, and
      // what is now (requests sent a moment apart may reach the service in the other order).
      const inFlight = request === undefined ? Math.max(current, active) : Math.max(request.inFlight, onWire[request.read ? 'read' : 'write']);
      const allInFlight = request === undefined ? inFlight : Math.max(request.allInFlight, onWire.read + onWire.write);
      if (slowStart) {
        slowStart = false;
        exitedSlowStartIn = generation;
        current = Math.max(min, Math.min(current, inFlight) - 1);
        // Either limit may have been reached. Paced at what the new level allows, with room: a service
        // counting requests in flight never notices, and a bucket that ran dry refuses the next requests
        // too, which the pace then measures.
        pace.exitSlowStart(at, roundTrip > 0 ? (current * 1000 * PACE_ROOM) / roundTrip : Number.POSITIVE_INFINITY);
      } else if (inFlight > current) {
        // Sent above the level (it went out before the level was cut): the cut already answers it.
        return;
      } else if (allInFlight >= current) {
        // Sent with every slot taken: one too many of its kind at once. A service counting requests over
        // time refuses whatever the count, and meets the pace (below) once the pace holds requests back.
        current = Math.max(min, inFlight - 1);
      } else if (!pace.refused(at, request?.mark)) {
        return;
      }
      quietUntil = at + Math.max(retryAfterMs, MIN_QUIET_MS);
      if (probing) probeAfter = Math.min(MAX_PROBE_AFTER_MS, probeAfter * 2);
      probing = false;
      changed(at);
    },
    succeeded() {
      const at = now();
      const request = own();
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

const wholeNumber = (name: string, value: number): number => {
  if (Number.isInteger(value) && value >= 1) return value;
  throw new RangeError(`${name} must be a whole number from 1 up, got ${value}`);
};
