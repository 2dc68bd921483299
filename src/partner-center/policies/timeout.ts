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

export function timeoutPolicy(timeoutMs: number): Policy {
  return async (request, next) => {
    const attemptSignal = AbortSignal.timeout(timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, attemptSignal]) : attemptSignal;
    try {
      return await next({ ...request, signal });
    } catch (error) {
      if (attemptSignal.aborted && !request.signal?.aborted) throw new AttemptTimeoutError(timeoutMs, error);
      throw error;
    }
  };
}
