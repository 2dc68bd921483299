// The retry rules as pure functions (STYLE 2): what to do after attempt N ended a certain way. The retry
// policy is the one loop that acts on the answer.

export type AttemptOutcome =
  | { kind: 'response'; status: number; /** Parsed Retry-After, if the answer carried one. */ retryAfterMs?: number }
  | { kind: 'timeout' }
  | { kind: 'network'; code: string; transient: boolean }
  | { kind: 'aborted' }
  | { kind: 'unknown' };

export type RetryDecision = { retry: false } | { retry: true; delayMs: number; reason: string };

export interface RetryRules {
  maxRetries: number;
  /** First backoff ceiling; doubles per attempt. */
  baseDelayMs: number;
  /** Ceiling of the computed backoff. */
  maxDelayMs: number;
  /** Ceiling of a server-given Retry-After. */
  maxRetryAfterMs: number;
  /** [0, 1), as Math.random. */
  random: () => number;
}

export const DEFAULT_BASE_DELAY_MS = 1_000;
export const DEFAULT_MAX_DELAY_MS = 60_000;

/** 501 Not Implemented and 505 HTTP Version Not Supported will answer the same however often asked. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599 && status !== 501 && status !== 505);
}

function transientReason(outcome: AttemptOutcome): string | undefined {
  switch (outcome.kind) {
    case 'response':
      if (!isRetryableStatus(outcome.status)) return undefined;
      return outcome.status === 429 ? 'throttled (429)' : `HTTP ${outcome.status}`;
    case 'timeout':
      return 'timeout';
    case 'network':
      return outcome.transient ? `network error (${outcome.code})` : undefined;
    case 'aborted':
    case 'unknown':
      return undefined;
  }
}

/** `attempt` is the 1-based number of the attempt that just ended. */
export function retryDecision(attempt: number, outcome: AttemptOutcome, rules: RetryRules): RetryDecision {
  const reason = transientReason(outcome);
  if (reason === undefined || attempt > rules.maxRetries) return { retry: false };
  if (outcome.kind === 'response' && outcome.retryAfterMs !== undefined) {
    // The server said when; jitter would only make us early or needlessly late.
    return { retry: true, delayMs: capRetryAfter(outcome.retryAfterMs, rules.maxRetryAfterMs), reason };
  }
  const ceiling = Math.min(rules.maxDelayMs, rules.baseDelayMs * 2 ** (attempt - 1));
  // Full jitter: spreads the retries of many chunks that failed together.
  return { retry: true, delayMs: Math.floor(rules.random() * ceiling), reason };
}

/** A server-given wait, as it is honoured: never negative, never past the cap (SPEC §2: 120 s). */
export function capRetryAfter(retryAfterMs: number, maxRetryAfterMs: number): number {
  return Math.min(Math.max(0, retryAfterMs), maxRetryAfterMs);
}

/** Retry-After as delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
