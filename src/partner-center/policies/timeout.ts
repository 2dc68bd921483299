// Per-attempt timeout. A timed-out attempt is worth retrying; the caller's own abort (Ctrl-C) is not,
// so the two must stay distinguishable after fetch has turned both into a rejection.
import type { Policy } from './policy.js';

export class AttemptTimeoutError extends Error {
  override readonly name = 'AttemptTimeoutError';
  readonly timeoutMs: number;

  constructor(timeoutMs: number, cause: unknown) {
    super(`no answer within ${timeoutMs} ms`, { cause });
    this.timeoutMs = timeoutMs;
  }
}

export function isAttemptTimeoutError(e: unknown): e is AttemptTimeoutError {
  return e instanceof AttemptTimeoutError;
}

/**
 * Each attempt ends at its timeout or at the caller's abort, whichever comes first, whether or not the
 * transport below honours its signal: the attempt is raced against both, with listeners of our own on
 * the caller's signal and a plain timer. (A signal combined with AbortSignal.any/timeout is held only
 * weakly by Node and its timer is unref'd; an abort must not depend on it reaching fetch.)
 */
export function timeoutPolicy(timeoutMs: number): Policy {
  return async (request, next) => {
    const caller = request.signal;
    const attempt = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      attempt.abort(new AttemptTimeoutError(timeoutMs, undefined));
    }, timeoutMs);
    const onAbort = (): void => attempt.abort(caller?.reason);
    caller?.addEventListener('abort', onAbort, { once: true });
    if (caller?.aborted) onAbort();
    const ended = new Promise<never>((_, reject) => {
      if (attempt.signal.aborted) reject(attempt.signal.reason);
      attempt.signal.addEventListener('abort', () => reject(attempt.signal.reason), { once: true });
    });
    try {
      return await Promise.race([next({ ...request, signal: attempt.signal }), ended]);
    } catch (error) {
      if (timedOut && !caller?.aborted) throw isAttemptTimeoutError(error) ? error : new AttemptTimeoutError(timeoutMs, error);
      throw error;
    } finally {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onAbort);
    }
  };
}
