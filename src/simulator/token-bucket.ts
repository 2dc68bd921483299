// Throttling by rate (SPEC §3): a token bucket that refills at `rate` tokens a second up to `burst`. A
// request takes a token or is refused with the whole seconds until one is back, the way a gateway
// answers: Retry-After in whole seconds, never 0.

export interface TokenBucket {
  /** Takes a token at `now` (ms): undefined when one was there, else the Retry-After in seconds. */
  take(now: number): number | undefined;
}

export function createTokenBucket(rate: number, burst: number): TokenBucket {
  let tokens = burst;
  let refilledAt: number | undefined;
  return {
    take(now) {
      if (refilledAt !== undefined) tokens = Math.min(burst, tokens + ((now - refilledAt) / 1000) * rate);
      refilledAt = now;
      if (tokens >= 1) {
        tokens -= 1;
        return undefined;
      }
      return Math.max(1, Math.ceil((1 - tokens) / rate));
    },
  };
}

/** The bucket the options ask for; with no rate limit, one that always has a token. */
export function bucketFor(options: { rateLimit: number; rateBurst: number }): TokenBucket {
  return Number.isFinite(options.rateLimit) ? createTokenBucket(options.rateLimit, options.rateBurst) : { take: () => undefined };
}
