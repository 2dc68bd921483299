// One ExchangeRecord per HTTP send, built from an allowlist: method, URL, status, timing, MS-RequestId,
// MS-CV. Headers and bodies are never copied, so a token cannot reach the --log file by accident. It
// wraps the fetch that ky calls, so every send is seen, the 401 re-send included, and so are sends that
// end without a response (which ky's hooks never see).
import type { ClientEvents } from '../contract.js';
import { classifyFailure, describeFailure } from '../failure.js';
import { parseRetryAfter } from './retry-decision.js';
import { isAttemptTimeoutError } from './timeout.js';
import type { PipelineRequest } from './policy.js';

export interface ExchangeLogOptions {
  fetch: typeof globalThis.fetch;
  events: ClientEvents;
  now: () => number;
}

export function exchangeLogger(options: ExchangeLogOptions, request: PipelineRequest): typeof globalThis.fetch {
  const { events, now } = options;
  return async (input, init) => {
    const attempt = ++request.context.sends;
    if (events.onExchange === undefined) return options.fetch(input, init);
    const startedAt = now();
    const base = { time: new Date(startedAt).toISOString(), method: request.method, url: request.url, attempt, requestId: request.context.requestId };
    try {
      const response = await options.fetch(input, init);
      const msCv = response.headers.get('ms-cv') ?? undefined;
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now());
      events.onExchange({ ...base, status: response.status, durationMs: now() - startedAt, msCv, retryAfterMs });
      return response;
    } catch (error) {
      // The signal here is the attempt's: its own timeout is a timeout, not the caller's abort.
      const signal = isAttemptTimeoutError(request.signal?.reason) ? undefined : request.signal;
      events.onExchange({ ...base, durationMs: now() - startedAt, error: describeFailure(classifyFailure(error, signal), error) });
      throw error;
    }
  };
}
