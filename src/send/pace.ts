// The rate half of the adaptive limit: how many requests may start per second, learned from a service
// that counts requests over time (a token bucket). Unlimited until the service refuses for rate; then
// paced a little under what it took while it was refusing, which is its refill rate.
//
// What it took is counted by when requests were sent, not when they were answered: a service answers a
// 429 at once, so a request out for a few milliseconds without one was taken. Counted from the moment
// the bucket ran dry (the first refusal of the episode), this leaves out what came out of its store, and
// it is known within tens of milliseconds rather than a round trip or two: a request sent meanwhile at
// the old rate is one more 429. Until the count covers enough time to mean something, a refusal cuts the
// rate by a fixed share. A cut that proves too deep (nothing refused, the pace holding requests back)
// climbs back, doubling each quarter-second, until the pace no longer binds.

export interface Pace {
  /** Requests a second; Infinity while unlimited. */
  readonly rate: number;
  /** Milliseconds until the next request may start (0: now, and its start is booked). */
  book(at: number): number;
  /** A request goes out at `at`; the mark is handed back to `refused` if the service refuses it. */
  sent(at: number): SentMark;
  succeeded(at: number): void;
  /**
   * A 429 that the rate explains (`mark`: the refused request's, if known): false when it changes
   * nothing (the rate was cut a moment ago, and this is the same signal).
   */
  refused(at: number, mark: SentMark | undefined): boolean;
  /** Any 429, for the record of what was refused and when. */
  noteRefusal(at: number, mark: SentMark | undefined): void;
  /**
   * Slow start has met its first 429: either limit may be the one reached. Paced at `perSecond` (what
   * the level allows, with room), climbing back if that binds without refusals, cut if refusals go on.
   */
  exitSlowStart(at: number, perSecond: number): void;
  /** A rare step up after a quiet spell. */
  probe(): void;
}

export interface SentMark {
  readonly at: number;
  refused: boolean;
}

/** Under the rate the service took: near enough to use it, far enough to let a bucket refill. */
const MARGIN = 0.95;
/** A measure of the refill over this span, or of this many requests taken, is good to a few percent. */
const MEASURE_MS = 250;
const MEASURE_TAKEN = 8;
/** Until then, the pace stays this far above the rough figure. */
const ROOM_WHILE_MEASURING = 1.5;
/** How far back requests sent are kept, and counted at most. */
const KEEP_MS = 1_000;
const CLIMB = 2;
const CLIMB_EVERY_MS = 250;
const PROBE = 1.05;
const MIN_RATE = 0.1;
/** Refusals further apart than this are separate episodes: the bucket refilled between them. */
const EPISODE_GAP_MS = 1_000;

export function createPace(): Pace {
  let rate = Number.POSITIVE_INFINITY;
  let nextStartAt = Number.NEGATIVE_INFINITY;
  let climbing = false;
  let climbedAt = Number.NEGATIVE_INFINITY;
  let refusedAt = Number.NEGATIVE_INFINITY;
  let pacedAt = Number.NEGATIVE_INFINITY;
  /** When the first request of the current episode of refusals was sent: the bucket was dry then. */
  let dryAt = Number.NEGATIVE_INFINITY;
  // Requests sent lately, oldest first.
  const recent: SentMark[] = [];

  /**
   * Requests a second the bucket refills, from what it took between two requests it refused (it was dry
   * at both): the tokens it made in between, give or take one.
   */
  function refill(from: number, to: number): { perSecond: number; taken: number; spanMs: number } {
    let taken = 0;
    for (const mark of recent) if (mark.at > from && mark.at < to && !mark.refused) taken++;
    const spanMs = to - from;
    return { perSecond: spanMs > 0 ? ((taken + 0.5) * 1000) / spanMs : Number.POSITIVE_INFINITY, taken, spanMs };
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
    sent(at) {
      const mark = { at, refused: false };
      recent.push(mark);
      while (recent.length > 0 && recent[0]!.at < at - KEEP_MS) recent.shift();
      return mark;
    },
    succeeded(at) {
      if (!climbing || at - climbedAt < CLIMB_EVERY_MS || at - refusedAt < CLIMB_EVERY_MS) return;
      // Nothing waited for the pace lately: it no longer binds, the count in flight does. The rate
      // stays finite, so that a refusal later is measured against it rather than met by a blind cut.
      if (at - pacedAt > CLIMB_EVERY_MS) {
        climbing = false;
        return;
      }
      rate *= CLIMB;
      climbedAt = at;
    },
    noteRefusal(at, mark) {
      if (mark !== undefined) mark.refused = true;
      if (at - refusedAt > EPISODE_GAP_MS) dryAt = mark?.at ?? at;
      refusedAt = at;
    },
    refused(at, mark) {
      const { perSecond, taken, spanMs } = refill(Math.max(dryAt, at - KEEP_MS), mark?.at ?? at);
      if (spanMs < MEASURE_MS && taken < MEASURE_TAKEN) {
        // Too little to go by yet: kept above the rough figure, so that the bucket goes on refusing now
        // and then and the count grows, but no further above it than that.
        const next = Math.max(MIN_RATE, Math.min(rate, perSecond * ROOM_WHILE_MEASURING));
        if (next === rate) return false;
        rate = next;
        climbing = false;
        return true;
      }
      rate = Math.max(MIN_RATE, perSecond * MARGIN);
      climbing = false;
      return true;
    },
    exitSlowStart(at, perSecond) {
      rate = Math.max(MIN_RATE, perSecond);
      climbing = true;
      climbedAt = at;
    },
    probe() {
      if (Number.isFinite(rate)) rate *= PROBE;
    },
  };
}
