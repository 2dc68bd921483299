// The one loop that acts on retryDecision: sends, asks the rules, reports, sleeps, sends again. The
// request (MS-RequestId included) is reused as it is, so every attempt carries the same idempotency key.
import type { ClientEvents } from '../contract.js';
import { classifyFailure } from '../failure.js';
import { capRetryAfter, parseRetryAfter, retryDecision, type AttemptOutcome, type RetryRules } from './retry-decision.js';
import { isSuccessStatus, type Policy, type PipelineResponse } from './policy.js';

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface RetryPolicyOptions extends RetryRules {
  now: () => number;
  sleep: Sleep;
  events: ClientEvents;
}

type Attempt = { response: PipelineResponse; outcome: AttemptOutcome } | { error: unknown; outcome: AttemptOutcome };

export function retryPolicy(options: RetryPolicyOptions): Policy {
  return async (request, next) => {
    const { context } = request;
    for (let attempt = 1; ; attempt++) {
      let result: Attempt;
      try {
        const response = await next(request);
        if (isSuccessStatus(response.status)) return response;
        const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), options.now());
        result = { response, outcome: { kind: 'response', status: response.status, retryAfterMs } };
      } catch (error) {
        result = { error, outcome: classifyFailure(error, request.signal) };
      }

      const decision = retryDecision(attempt, result.outcome, options);
      const { outcome } = result;
      const status = outcome.kind === 'response' ? outcome.status : undefined;
      if (outcome.kind === 'response' && outcome.status === 429) {
        // Reported even when giving up: the scheduler slows down on every throttle, not only on retries.
        const retryAfterMs = decision.retry ? decision.delayMs : capRetryAfter(outcome.retryAfterMs ?? 0, options.maxRetryAfterMs);
        options.events.onThrottle?.({ retryAfterMs, customerId: context.customerId, requestId: context.requestId });
      }
      if (!decision.retry) {
        if ('response' in result) return result.response;
        throw result.error;
      }
      options.events.onRetry?.({ attempt, delayMs: decision.delayMs, status, reason: decision.reason, requestId: context.requestId });
      await options.sleep(decision.delayMs, request.signal);
    }
  };
}
