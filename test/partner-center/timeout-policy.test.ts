// The per-attempt timeout and the caller's abort end an attempt even when the transport below ignores
// its signal (a hung socket, a fetch that never settles): what bounds Ctrl-C does not depend on it.
import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import { isAttemptTimeoutError, timeoutPolicy } from '../../src/partner-center/policies/timeout.js';
import type { Next, PipelineRequest } from '../../src/partner-center/policies/policy.js';

const never: Next = () => new Promise(() => {});

function request(signal?: AbortSignal): PipelineRequest {
  return {
    method: 'PATCH',
    url: 'https://pc.test/v1/customers/c/DevicePolicyUpdates',
    headers: {},
    ...(signal === undefined ? {} : { signal }),
    context: { requestId: 'r1', correlationId: 'c1', customerId: 'c', sends: 0, secrets: new Set() },
  };
}

test('an attempt that never settles ends at its timeout as an AttemptTimeoutError', async () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const attempt = timeoutPolicy(60_000)(request(), never);
    mock.timers.tick(60_000);
    await assert.rejects(attempt, (e: unknown) => isAttemptTimeoutError(e));
  } finally {
    mock.timers.reset();
  }
});

test("the caller's abort ends an attempt that ignores its signal at once, and is not taken for a timeout", async () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const caller = new AbortController();
    const attempt = timeoutPolicy(60_000)(request(caller.signal), never);
    caller.abort(new Error('SIGINT: grace period over'));
    await assert.rejects(attempt, /grace period over/);
    // Timing out later changes nothing: the attempt is over.
    mock.timers.tick(60_000);
  } finally {
    mock.timers.reset();
  }
});

test('an attempt started after the abort (a retry woken by it) ends at once', async () => {
  const caller = new AbortController();
  caller.abort(new Error('SIGINT: grace period over'));
  await assert.rejects(timeoutPolicy(60_000)(request(caller.signal), never), /grace period over/);
});

test('the signal handed down ends with the attempt, so the transport can let go of its socket', async () => {
  let seen: AbortSignal | undefined;
  const caller = new AbortController();
  const attempt = timeoutPolicy(60_000)(request(caller.signal), (r) => {
    seen = r.signal;
    return never(r);
  });
  caller.abort();
  await assert.rejects(attempt);
  assert.equal(seen?.aborted, true);
});
