// The rate half of the adaptive limit: how many requests may start per second, learned from a service
// that counts requests over time (a token bucket). Unlimited until the service refuses for rate; then
// paced a little under what the service let through while it was refusing, which is its refill rate.
//
// A bucket that has just run dry gives no such measure yet (what went through a moment ago came out of
// its store), and every request sent at the old rate meanwhile draws a 429: so a first cut halves the
// rate at once, and a refusal half a second on measures. A cut that proves too deep (nothing refused at
// the lower rate for as long) climbs back, doubling each quarter-second, until the pace no longer binds.

export interface Pace {
  /** Requests a second; Infinity while unlimited. */
  readonly rate: number;
  /** Milliseconds until the next request may start (0: now, and its start is booked). */
  book(at: number): number;
  succeeded(at: number): void;
  /** Any 429, for the record of what the service refused lately. */
  noteRefusal(at: number): void;
  /** The share of answers that were 429s lately (0 when there were none). */
  refusedShare(at: number): number;
  /**
   * A 429 that the rate explains: false when the rate was cut too lately to tell what goes through at
   * the new rate (the same signal). `roundTripMs`: how long a request takes, so that the measure leaves
   * out answers to requests sent before the cut.
   */
  refused(at: number, roundTripMs: number): boolean;
  /** Halves the rate at once (the service has just begun refusing, and nothing can be measured yet). */
  halve(at: number, roundTripMs: number): void;
  /** A rare step up after a quiet spell. */
  probe(): void;
}

/** Under the rate the service let through: near enough to use it, far enough to let a bucket refill. */
const MARGIN = 0.95;
/** Span of the measure, and the least time between two cuts. */
const MEASURE_MS = 500;
const MEASURE_SUCCESSES = 4;
const HALVE_SPAN_MS = 200;
const CLIMB = 2;
const CLIMB_EVERY_MS = 250;
const PROBE = 1.05;
const MIN_RATE = 0.1;

export function createPace(): Pace {
  let rate = Number.POSITIVE_INFINITY;
  let nextStartAt = Number.NEGATIVE_INFINITY;
  let cutAt = Number.NEGATIVE_INFINITY;
  let climbing = false;
  let climbedAt = Number.NEGATIVE_INFINITY;
  let refusedAt = Number.NEGATIVE_INFINITY;
  let pacedAt = Number.NEGATIVE_INFINITY;
  const answers = recentAnswers(MEASURE_MS);
  const perSecond = (at: number, spanMs = MEASURE_MS): number => (answers.successes(at, spanMs) * 1000) / spanMs;

  function halve(at: number, roundTripMs: number): void {
    // What went through over the last round trip or two: during slow start the half-second before
    // was slower still.
    const lately = Math.max(perSecond(at, HALVE_SPAN_MS), (MEASURE_SUCCESSES * 1000) / MEASURE_MS);
    rate = Math.max(MIN_RATE, Math.min(rate, lately) / 2);
    climbing = true;
    // The first step up only once the halved rate has been seen through (a measure's span after the
    // answers to requests sent before the cut), so that a bucket still refusing stops the climb.
    climbedAt = at + MEASURE_MS + roundTripMs - CLIMB_EVERY_MS;
    cutAt = at;
  }

  return {
    get rate() {
      return rate;
    },
    book(at) {
      if (!Number.isFinite(rate)) return 0;
      if (at < nextStartAt) {
        pacedAt = at;
        return nextStartAt - at;
      }
      // An idle spell saves up no starts: the service's bucket refills for that, not this one.
      nextStartAt = Math.max(at, nextStartAt) + 1000 / rate;
      return 0;
    },
    succeeded(at) {
      answers.note(at, true);
      if (!climbing || at - climbedAt < CLIMB_EVERY_MS || at - refusedAt < CLIMB_EVERY_MS) return;
      // Nothing waited for the pace lately: it no longer binds, the count in flight does. The rate
      // stays finite, so that a refusal later is measured against it rather than met by halving again
      // (a bucket refilled while the pace was low lets a climb through for a while before it runs dry).
      if (at - pacedAt > CLIMB_EVERY_MS) {
        climbing = false;
        return;
      }
      rate *= CLIMB;
      climbedAt = at;
    },
    noteRefusal(at) {
      answers.note(at, false);
      refusedAt = at;
    },
    refusedShare(at) {
      const refused = answers.refusals(at);
      return refused === 0 ? 0 : refused / (refused + answers.successes(at));
    },
    refused(at, roundTripMs) {
      if (at - cutAt < MEASURE_MS + roundTripMs) return false;
      // Unpaced, what went through may have come out of the bucket's store; paced, it is the refill.
      if (Number.isFinite(rate) && answers.successes(at) >= MEASURE_SUCCESSES) {
        rate = Math.max(MIN_RATE, Math.min(rate, perSecond(at)) * MARGIN);
        climbing = false;
        cutAt = at;
      } else {
        halve(at, roundTripMs);
      }
      return true;
    },
    halve,
    probe() {
      if (Number.isFinite(rate)) rate *= PROBE;
    },
  };
}

interface RecentAnswers {
  note(at: number, ok: boolean): void;
  /** Over the last `withinMs` (at most the span), to a tenth of the span. */
  successes(at: number, withinMs?: number): number;
  refusals(at: number): number;
}

/** Successes and refusals over the last `spanMs`, counted per tenth of the span. */
function recentAnswers(spanMs: number): RecentAnswers {
  const sliceMs = spanMs / 10;
  const slices = new Map<number, { ok: number; refused: number }>();
  const sum = (at: number, key: 'ok' | 'refused', withinMs = spanMs): number => {
    const last = Math.floor(at / sliceMs);
    const count = Math.max(1, Math.min(10, Math.round(withinMs / sliceMs)));
    let total = 0;
    for (const [slice, counts] of slices) if (slice > last - count && slice <= last) total += counts[key];
    return total;
  };
  return {
    note(at, ok) {
      const slice = Math.floor(at / sliceMs);
      for (const key of slices.keys()) if (key <= slice - 10) slices.delete(key);
      const counts = slices.get(slice) ?? { ok: 0, refused: 0 };
      if (ok) counts.ok++;
      else counts.refused++;
      slices.set(slice, counts);
    },
    successes: (at, withinMs) => sum(at, 'ok', withinMs),
    refusals: (at) => sum(at, 'refused'),
  };
}
