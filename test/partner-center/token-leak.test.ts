// "No token in any output, log or file, ever": a run through successes, retries, refusals, a 401 and a
// server that echoes the Authorization header back, with everything the client emits captured.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from 'node:util';
import { CUSTOMER, ONE_DEVICE, REQUEST_ID, TOKEN, accepted, makeClient, staticTokens } from './client-kit.js';
import { startTestServer, type ScriptedResponse } from './http-test-server.js';

test('the token appears in no exchange record, event, or thrown error', async (t) => {
  const echo = (authorization: string | undefined): ScriptedResponse => ({
    status: 400,
    body: { code: 'echo', description: `rejected header: ${authorization ?? ''}` },
  });
  const server = await startTestServer(t, (request, index) => {
    const scripted: ScriptedResponse[] = [
      accepted(),
      { status: 503 },
      { status: 429, headers: { 'Retry-After': '1' }, body: { statusCode: 429, message: 'slow down' } },
      accepted(),
      echo(request.headers.authorization),
      { destroy: true },
      { destroy: true },
      { destroy: true },
      { status: 401, body: { code: 401, description: `token ${TOKEN} expired` } },
      { status: 401, body: `\uFEFF{"code":401,"description":"${TOKEN}"}` },
      { status: 404, body: `not found: ${request.headers.authorization ?? ''}` },
    ];
    return scripted[index] ?? { status: 200, body: { batchTrackingId: 't', status: 'finished', devicesStatus: [] } };
  });
  // Renewable, so the 401 is re-sent once and the echo in the second refusal is scrubbed as well.
  const kit = makeClient(server.url, { maxRetries: 2, tokens: staticTokens(TOKEN, { renewable: true }) });
  const errors: unknown[] = [];
  const calls = [
    () => kit.client.updateDevicePolicies(CUSTOMER, ONE_DEVICE, { requestId: REQUEST_ID }),
    () => kit.client.updateDevicePolicies(CUSTOMER, ONE_DEVICE, { requestId: REQUEST_ID }),
    () => kit.client.updateDevicePolicies(CUSTOMER, ONE_DEVICE, { requestId: REQUEST_ID }),
    () => kit.client.listPolicies(CUSTOMER),
    () => kit.client.listDeviceBatches(CUSTOMER),
    () => kit.client.getBatchJobStatus(`/customers/${CUSTOMER}/batchJobStatus/t`),
    () => kit.client.getBatchJobStatus(`/customers/${CUSTOMER}/batchJobStatus/t`),
  ];
  for (const call of calls) {
    try {
      await call();
    } catch (e) {
      errors.push(e);
    }
  }

  // The run went through each kind of exchange this test is about.
  assert.equal(server.requests.length, 12);
  assert.ok(server.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}`));
  assert.equal(errors.length, 4, 'echo 400, resets, persistent 401, echo 404');

  const captured = [
    JSON.stringify(kit.exchanges),
    JSON.stringify(kit.retries),
    JSON.stringify(kit.throttles),
    ...errors.flatMap((e) => [String(e), JSON.stringify(e), inspect(e, { depth: 10 }), e instanceof Error ? e.message : '']),
  ].join('\n');
  assert.ok(!captured.includes(TOKEN), 'the token leaked');
  assert.match(captured, /\[redacted\]/, 'the echoed token was scrubbed, not dropped silently');
  for (const record of kit.exchanges) {
    assert.deepEqual(Object.keys(record).sort().filter((k) => !['time', 'method', 'url', 'status', 'attempt', 'durationMs', 'requestId', 'msCv', 'error', 'retryAfterMs'].includes(k)), []);
  }
});
