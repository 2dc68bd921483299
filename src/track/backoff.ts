// How long to wait between polling rounds (pure). Partner Center asks clients to avoid tight polling and
// to honour throttling, and batch jobs take seconds to minutes: a few seconds first, growing to 30 s.
import { isPartnerCenterError } from '../partner-center/errors.js';

/** How long `--wait` waits for every job by default (the CLI's --wait-timeout default is this). */
export const DEFAULT_WAIT_TIMEOUT_MS = 1_800_000;
export const FIRST_DELAY_MS = 3_000;
export const DELAY_FACTOR = 1.5;
export const MAX_DELAY_MS = 30_000;
/** After a 429 that outlived the client's retries, the next round waits at least this long. */
export const THROTTLED_DELAY_MS = 30_000;
/** A Retry-After longer than this is not believed (the spec caps waits at 120 s). */
export const MAX_RETRY_AFTER_MS = 120_000;

export function nextDelay(current: number): number {
  return Math.min(MAX_DELAY_MS, Math.round(current * DELAY_FACTOR));
}

/** The wait before the next round: the backoff, stretched by throttling, never past the deadline. */
export function roundDelay(backoffMs: number, throttleMs: number, remainingMs: number): number {
  return Math.max(0, Math.min(Math.max(backoffMs, throttleMs), remainingMs));
}

/**
 * For an error from polling one job: undefined when it is not a throttle, else how long to hold off. The
 * client's Retry-After (`retryAfterMs`) when it had one; else the 429 body's "Try again in N seconds",
 * which some answers carry without the header.
 */
export function throttleDelay(e: unknown): number | undefined {
  if (!isPartnerCenterError(e) || e.status !== 429) return undefined;
  const hinted = e.retryAfterMs ?? secondsInMessage(`${e.description ?? ''} ${e.message}`);
  return Math.max(THROTTLED_DELAY_MS, Math.min(hinted ?? 0, MAX_RETRY_AFTER_MS));
}

function secondsInMessage(text: string): number | undefined {
  const m = /try again in (\d+(?:\.\d+)?) seconds?/i.exec(text);
  return m?.[1] === undefined ? undefined : Number(m[1]) * 1000;
}
