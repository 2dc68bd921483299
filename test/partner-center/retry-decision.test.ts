// The retry rules as a table: which outcomes are retried, how long to wait, when to stop.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isRetryableStatus, parseRetryAfter, retryDecision, type AttemptOutcome, type RetryRules } from '../../src/partner-center/policies/retry-decision.js';

const rules = (random = 0.5, overrides: Partial<RetryRules> = {}): RetryRules => ({
  maxRetries: 5,
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
  maxRetryAfterMs: 120_000,
  random: () => random,
  ...overrides,
});

test('which outcomes are retried', () => {
  const cases: Array<[AttemptOutcome, boolean]> = [
    [{ kind: 'response', status: 429 }, true],
    [{ kind: 'response', status: 408 }, true],
    [{ kind: 'response', status: 500 }, true],
    [{ kind: 'response', status: 502 }, true],
    [{ kind: 'response', status: 503 }, true],
    [{ kind: 'response', status: 504 }, true],
    [{ kind: 'response', status: 501 }, false],
    [{ kind: 'response', status: 505 }, false],
    [{ kind: 'response', status: 400 }, false],
    [{ kind: 'response', status: 401 }, false],
    [{ kind: 'response', status: 403 }, false],
    [{ kind: 'response', status: 404 }, false],
    [{ kind: 'response', status: 409 }, false],
    [{ kind: 'timeout' }, true],
    [{ kind: 'network', code: 'ECONNRESET', transient: true }, true],
    [{ kind: 'network', code: 'ENOTFOUND', transient: false }, false],
    [{ kind: 'aborted' }, false],
    [{ kind: 'unknown' }, false],
  ];
  for (const [outcome, retried] of cases) assert.equal(retryDecision(1, outcome, rules()).retry, retried, JSON.stringify(outcome));
  assert.equal(isRetryableStatus(599), true);
});

test('Retry-After is honoured as given (no jitter) and capped at 120 s', () => {
  const outcome = (retryAfterMs: number): AttemptOutcome => ({ kind: 'response', status: 429, retryAfterMs });
  for (const random of [0, 0.99]) {
    assert.deepEqual(retryDecision(1, outcome(57_000), rules(random)), { retry: true, delayMs: 57_000, reason: 'throttled (429)' });
  }
  assert.deepEqual(retryDecision(3, outcome(600_000), rules()), { retry: true, delayMs: 120_000, reason: 'throttled (429)' });
  assert.deepEqual(retryDecision(1, outcome(0), rules()), { retry: true, delayMs: 0, reason: 'throttled (429)' });
  // A 503 may say when, too.
  assert.deepEqual(retryDecision(1, { kind: 'response', status: 503, retryAfterMs: 4000 }, rules()), { retry: true, delayMs: 4000, reason: 'HTTP 503' });
});

test('computed backoff is full jitter under an exponential ceiling capped at 60 s', () => {
  const ceilings = [1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000];
  ceilings.forEach((ceiling, i) => {
    const attempt = i + 1;
    const many = rules(0, { maxRetries: 100 });
    assert.equal(delayOf(retryDecision(attempt, { kind: 'timeout' }, many)), 0, `attempt ${attempt}, random 0`);
    const top = rules(0.999_999, { maxRetries: 100 });
    const high = delayOf(retryDecision(attempt, { kind: 'timeout' }, top));
    assert.ok(high < ceiling && high >= ceiling - 1, `attempt ${attempt}: ${high} just under ${ceiling}`);
  });
});

test('stops after maxRetries retries', () => {
  const outcome: AttemptOutcome = { kind: 'response', status: 503 };
  assert.equal(retryDecision(5, outcome, rules()).retry, true);
  assert.equal(retryDecision(6, outcome, rules()).retry, false);
  assert.equal(retryDecision(1, outcome, rules(0.5, { maxRetries: 0 })).retry, false);
});

test('Retry-After parses as seconds or an HTTP date', () => {
  const now = Date.parse('2025-03-01T10:00:00Z');
  assert.equal(parseRetryAfter('57', now), 57_000);
  assert.equal(parseRetryAfter('1.5', now), 1_500, 'fractions are kept, not rounded to whole seconds');
  assert.equal(parseRetryAfter('0.25', now), 250);
  assert.equal(parseRetryAfter(' 0 ', now), 0);
  assert.equal(parseRetryAfter('Sat, 01 Mar 2025 10:00:30 GMT', now), 30_000);
  assert.equal(parseRetryAfter('Sat, 01 Mar 2025 09:00:00 GMT', now), 0, 'a date in the past means now');
  assert.equal(parseRetryAfter('soon', now), undefined);
  assert.equal(parseRetryAfter(null, now), undefined);
});

function delayOf(decision: ReturnType<typeof retryDecision>): number {
  assert.ok(decision.retry);
  return decision.delayMs;
}
