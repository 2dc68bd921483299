// Each retry rule, over real HTTP, ends in success with one MS-RequestId across the attempts. Sleeps are
// injected (recorded, not waited); only the timeout case waits, for its 200 ms timeout.
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createPartnerCenterClient } from '../../src/partner-center/client.js';
import { isPartnerCenterError } from '../../src/partner-center/errors.js';
import { CUSTOMER, ONE_DEVICE, REQUEST_ID, accepted, makeClient } from './client-kit.js';
import { startTestServer, type TestServer } from './http-test-server.js';

const THROTTLE_BODY = { statusCode: 429, message: 'Rate limit is exceeded. Try again in 3 seconds.' };

/** A port that was free a moment ago: connecting to it is refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function requestIds(server: TestServer): Array<string | string[] | undefined> {
  return server.requests.map((r) => r.headers['ms-requestid']);
}

test('429 with Retry-After in seconds: waits exactly that, reports the throttle, then succeeds', async (t) => {
  const server = await startTestServer(t, [{ status: 429, headers: { 'Retry-After': '3' }, body: THROTTLE_BODY }, accepted()]);
  const kit = makeClient(server.url);

  const result = await kit.client.updateDevicePolicies(CUSTOMER, ONE_DEVICE, { requestId: REQUEST_ID });

  assert.equal(result.status, 202);
  assert.deepEqual(requestIds(server), [REQUEST_ID, REQUEST_ID]);
  assert.deepEqual(kit.sleeps, [3000]);
  assert.deepEqual(kit.throttles, [{ retryAfterMs: 3000, customerId: CUSTOMER, requestId: REQUEST_ID }]);
  assert.deepEqual(kit.retries, [{ attempt: 1, delayMs: 3000, status: 429, reason: 'throttled (429)', requestId: REQUEST_ID }]);
  assert.deepEqual(kit.exchanges.map((e) => [e.attempt, e.status, e.retryAfterMs]), [[1, 429, 3000], [2, 202, undefined]]);
});

test('a fractional Retry-After (1.5) is waited exactly, neither rounded down to 1 s nor up to 2 s', async (t) => {
  const server = await startTestServer(t, [{ status: 429, headers: { 'Retry-After': '1.5' }, body: THROTTLE_BODY }, accepted()]);
  const kit = makeClient(server.url);
  await kit.client.updateDevicePolicies(CUSTOMER, ONE_DEVICE, { requestId: REQUEST_ID });
  assert.deepEqual(kit.sleeps, [1500]);
  assert.deepEqual(kit.throttles.map((th) => th.retryAfterMs), [1500], 'the scheduler hears the same wait');
});

test('429 with Retry-After as an HTTP date: waits until that date', async (t) => {
  const now = Date.parse('2025-03-01T10:00:00Z');
  const server = await startTestServer(t, [
    { status: 429, headers: { 'Retry-After': new Date(now + 7000).toUTCString() }, body: THROTTLE_BODY },
    accepted(),
  ]);
  const kit = makeClient(server.url, { now: () => now });

  await kit.client.updateDevicePolicies(CUSTOMER, ONE_DEVICE, { requestId: REQUEST_ID });

  assert.deepEqual(requestIds(server), [REQUEST_ID, REQUEST_ID]);
  assert.deepEqual(kit.sleeps, [7000]);
  assert.equal(kit.throttles[0]?.retryAfterMs, 7000);
});

test('a Retry-After beyond 120 s is capped at 120 s', async (t) => {
  const server = await startTestServer(t, [{ status: 429, headers: { 'Retry-After': '3600' } }, accepted()]);
  const kit = makeClient(server.url);
  await kit.client.updateDevicePolicies(CUSTOMER, ONE_DEVICE, { requestId: REQUEST_ID });
  assert.deepEqual(kit.sleeps, [120_000]);
});

test('503 twice: exponential backoff with jitter, then success', async (t) => {
  const server = await startTestServer(t, [{ status: 503 }, { status: 503 }, accepted()]);
  const kit = makeClient(server.url);

  await kit.client.updateDevicePolicies(CUSTOMER, ONE_DEVICE, { requestId: REQUEST_ID });

  assert.deepEqual(requestIds(server), [REQUEST_ID, REQUEST_ID, REQUEST_ID]);
  // random() = 0.5 of a ceiling of 1 s, then 2 s.
  assert.deepEqual(kit.sleeps, [500, 1000]);
  assert.deepEqual(kit.retries.map((r) => r.reason), ['HTTP 503', 'HTTP 503']);
  assert.deepEqual(kit.throttles, []);
});

test('a connection reset is retried with the same MS-RequestId', async (t) => {
  const server = await startTestServer(t, [{ destroy: true }, accepted()]);
  const kit = makeClient(server.url);

  const result = await kit.client.updateDevicePolicies(CUSTOMER, ONE_DEVICE, { requestId: REQUEST_ID });

  assert.equal(result.status, 202);
  assert.deepEqual(requestIds(server), [REQUEST_ID, REQUEST_ID]);
  assert.equal(kit.retries.length, 1);
  assert.match(kit.retries[0]?.reason ?? '', /^network error \(/);
  assert.equal(kit.exchanges[0]?.status, undefined);
  assert.ok(kit.exchanges[0]?.error, 'the failed attempt is logged with its error');
});

test('an answer slower than the per-attempt timeout is abandoned and retried', async (t) => {
  const server = await startTestServer(t, [{ ...accepted(), delayMs: 1000 }, accepted('second')]);
  const kit = makeClient(server.url, { timeoutMs: 200 });

  const result = await kit.client.updateDevicePolicies(CUSTOMER, ONE_DEVICE, { requestId: REQUEST_ID });

  assert.equal(result.trackingId, 'second');
  assert.deepEqual(requestIds(server), [REQUEST_ID, REQUEST_ID]);
  assert.deepEqual(kit.retries.map((r) => r.reason), ['timeout']);
  assert.equal(kit.exchanges[0]?.error, 'timeout');
});

test('after maxRetries retries the last answer is the error, with every attempt counted', async (t) => {
  const server = await startTestServer(t, () => ({ status: 500, body: { code: 'E1', description: 'Internal failure' } }));
  const kit = makeClient(server.url, { maxRetries: 2 });

  await assert.rejects(kit.client.updateDevicePolicies(CUSTOMER, ONE_DEVICE, { requestId: REQUEST_ID }), (e: unknown) => {
    assert.ok(isPartnerCenterError(e));
    assert.equal(e.kind, 'http');
    assert.equal(e.status, 500);
    assert.equal(e.code, 'E1');
    assert.equal(e.attempts, 3);
    return true;
  });
  assert.equal(server.requests.length, 3);
  assert.equal(kit.sleeps.length, 2);
});

test('timeouts that persist end as kind "timeout"', async (t) => {
  const server = await startTestServer(t, () => ({ ...accepted(), delayMs: 1000 }));
  const kit = makeClient(server.url, { timeoutMs: 100, maxRetries: 1 });
  await assert.rejects(kit.client.updateDevicePolicies(CUSTOMER, ONE_DEVICE, { requestId: REQUEST_ID }), (e: unknown) => {
    assert.ok(isPartnerCenterError(e));
    assert.equal(e.kind, 'timeout');
    assert.equal(e.attempts, 2);
    return true;
  });
});

test('a refused connection that persists ends as kind "network"', async (t) => {
  const kit = makeClient(`http://127.0.0.1:${await closedPort()}`, { maxRetries: 1 });
  await assert.rejects(kit.client.listPolicies(CUSTOMER), (e: unknown) => isPartnerCenterError(e) && e.kind === 'network' && e.attempts === 2);
});

test('a network failure that is not transient (a port fetch refuses) is not retried', async () => {
  const kit = makeClient('http://127.0.0.1:1');
  await assert.rejects(kit.client.listPolicies(CUSTOMER), (e: unknown) => isPartnerCenterError(e) && e.kind === 'network' && e.attempts === 1);
  assert.deepEqual(kit.sleeps, []);
});

test('the caller aborting during a backoff ends the call as kind "aborted", without another attempt', async (t) => {
  const server = await startTestServer(t, () => ({ status: 503 }));
  const controller = new AbortController();
  const kit = makeClient(server.url, {
    sleep: async (_ms, signal) => {
      controller.abort();
      signal?.throwIfAborted();
    },
  });
  await assert.rejects(
    kit.client.updateDevicePolicies(CUSTOMER, ONE_DEVICE, { requestId: REQUEST_ID, signal: controller.signal }),
    (e: unknown) => isPartnerCenterError(e) && e.kind === 'aborted',
  );
  assert.equal(server.requests.length, 1);
});

test('the real sleep is abortable', async (t) => {
  const server = await startTestServer(t, () => ({ status: 429, headers: { 'Retry-After': '100' } }));
  const controller = new AbortController();
  const client = createPartnerCenterClient({
    endpoint: server.url,
    tokens: { description: 't', getToken: async () => 'tok-0123456789', invalidate() {}, renewable: false },
    events: { onRetry: () => setImmediate(() => controller.abort()) },
  });
  const started = Date.now();
  await assert.rejects(
    client.updateDevicePolicies(CUSTOMER, ONE_DEVICE, { requestId: REQUEST_ID, signal: controller.signal }),
    (e: unknown) => isPartnerCenterError(e) && e.kind === 'aborted',
  );
  assert.ok(Date.now() - started < 5000);
});
