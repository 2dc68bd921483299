// One ExchangeRecord per HTTP send, built from an allowlist: method, URL, status, timing, MS-RequestId,
// MS-CV. Headers and bodies are never copied, so a token cannot reach the --log file by accident.
import type { ClientEvents } from '../contract.js';
import { classifyFailure, describeFailure } from '../failure.js';
import { parseRetryAfter } from './retry-decision.js';
import type { Policy } from './policy.js';

export function logPolicy(events: ClientEvents, now: () => number): Policy {
  return async (request, next) => {
    const attempt = ++request.context.sends;
    if (events.onExchange === undefined) return next(request);
    const startedAt = now();
    const base = { time: new Date(startedAt).toISOString(), method: request.method, url: request.url, attempt, requestId: request.context.requestId };
    try {
      const response = await next(request);
      const msCv = response.headers.get('ms-cv') ?? undefined;
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now());
      events.onExchange?.({ ...base, status: response.status, durationMs: now() - startedAt, msCv, retryAfterMs });
      return response;
    } catch (error) {
      events.onExchange?.({ ...base, durationMs: now() - startedAt, error: describeFailure(classifyFailure(error, request.signal), error) });
      throw error;
    }
  };
}
