// Answers that are not retried surface the service's code and description, from either error-body
// shape, with a leading BOM stripped.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPartnerCenterError, type PartnerCenterError } from '../../src/partner-center/errors.js';
import { readErrorBody } from '../../src/partner-center/policies/error-mapping.js';
import { CORRELATION_ID, CUSTOMER, ONE_DEVICE, REQUEST_ID, makeClient } from './client-kit.js';
import { startTestServer } from './http-test-server.js';

async function failureOf(promise: Promise<unknown>): Promise<PartnerCenterError> {
  try {
    await promise;
  } catch (e) {
    assert.ok(isPartnerCenterError(e), `expected a PartnerCenterError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the call to fail');
}

const refusals = [
  { status: 400, code: 600, description: 'The request body is invalid.' },
  { status: 403, code: '10015', description: 'The partner is not authorized for this customer.' },
  { status: 404, code: 600, description: 'The customer was not found.' },
  { status: 409, code: 'ZtdDeviceAlreadyAssigned', description: 'The device is already assigned.' },
];

for (const { status, code, description } of refusals) {
  test(`${status} is not retried and carries code ${code} and the description (BOM-prefixed body)`, async (t) => {
    const body = `\uFEFF${JSON.stringify({ code, description, data: [], source: 'PartnerFD' })}`;
    const server = await startTestServer(t, () => ({ status, headers: { 'Content-Type': 'application/json', 'MS-CV': 'cv.9' }, body }));
    const kit = makeClient(server.url);

    const error = await failureOf(kit.client.updateDevicePolicies(CUSTOMER, ONE_DEVICE, { requestId: REQUEST_ID }));

    assert.equal(server.requests.length, 1);
    assert.deepEqual(kit.sleeps, []);
    assert.equal(error.kind, 'http');
    assert.equal(error.status, status);
    assert.equal(error.code, String(code));
    assert.equal(error.description, description);
    assert.equal(error.requestId, REQUEST_ID);
    assert.equal(error.correlationId, CORRELATION_ID);
    assert.equal(error.msCv, 'cv.9');
    assert.equal(error.method, 'PATCH');
    assert.equal(error.attempts, 1);
    assert.match(error.message, new RegExp(`${status}.*${description.replace('.', '\\.')}`));
  });
}

test('the 429 body shape gives statusCode as the code and message as the description', async (t) => {
  const server = await startTestServer(t, () => ({ status: 429, body: { statusCode: 429, message: 'Rate limit is exceeded. Try again in 57 seconds.' } }));
  const kit = makeClient(server.url, { maxRetries: 1 });
  const error = await failureOf(kit.client.listPolicies(CUSTOMER));
  assert.equal(error.status, 429);
  assert.equal(error.code, '429');
  assert.equal(error.description, 'Rate limit is exceeded. Try again in 57 seconds.');
  assert.equal(kit.throttles.length, 2, 'the final 429 is reported too');
  assert.equal(error.retryAfterMs, undefined, 'no Retry-After, none invented');
});

test('a final 429 carries its Retry-After as retryAfterMs, capped as the retry policy caps it', async (t) => {
  const now = Date.parse('2025-03-01T10:00:00Z');
  const cases = [
    { retryAfter: '57', expected: 57_000 },
    { retryAfter: new Date(now + 9000).toUTCString(), expected: 9000 },
    { retryAfter: '3600', expected: 120_000 },
    { retryAfter: '30', maxRetryAfterMs: 10_000, expected: 10_000 },
  ];
  for (const { retryAfter, maxRetryAfterMs, expected } of cases) {
    const server = await startTestServer(t, () => ({ status: 429, headers: { 'Retry-After': retryAfter }, body: { statusCode: 429, message: 'Rate limit is exceeded.' } }));
    const kit = makeClient(server.url, { maxRetries: 0, now: () => now, ...(maxRetryAfterMs === undefined ? {} : { maxRetryAfterMs }) });
    const error = await failureOf(kit.client.getBatchJobStatus(`/customers/${CUSTOMER}/batchJobStatus/t`));
    assert.equal(error.status, 429);
    assert.equal(error.retryAfterMs, expected, retryAfter);
  }
});

test('an error other than 429 has no retryAfterMs, even with a Retry-After header', async (t) => {
  const server = await startTestServer(t, () => ({ status: 503, headers: { 'Retry-After': '5' } }));
  const kit = makeClient(server.url, { maxRetries: 0 });
  const error = await failureOf(kit.client.listPolicies(CUSTOMER));
  assert.equal(error.status, 503);
  assert.equal(error.retryAfterMs, undefined);
});

test('a body that is not JSON gives its first 200 characters, or the status text when empty', () => {
  const long = `<html>${'x'.repeat(500)}</html>`;
  assert.deepEqual(readErrorBody({ bodyText: long, statusText: 'Bad Gateway' }), { description: long.slice(0, 200), data: [] });
  assert.deepEqual(readErrorBody({ bodyText: '', statusText: 'Bad Gateway' }), { description: 'Bad Gateway', data: [] });
  assert.deepEqual(readErrorBody({ bodyText: '\uFEFF{"code":0,"description":"d"}', statusText: 'x' }), { code: '0', description: 'd', data: [] });
  assert.deepEqual(readErrorBody({ bodyText: '{"unexpected":true}', statusText: 'Conflict' }), { code: undefined, description: 'Conflict', data: [] });
});

test('the text entries of an error body\'s data are kept: strings, numbers, and string fields of objects', () => {
  const body = JSON.stringify({ code: 600040, description: 'Some devices are not valid', data: ['DEV-1', 42, { deviceId: 'DEV-2', index: 3 }, null, ['nested']], source: 'PartnerFD' });
  assert.deepEqual(readErrorBody({ bodyText: body, statusText: 'Bad Request' }), { code: '600040', description: 'Some devices are not valid', data: ['DEV-1', '42', 'DEV-2'] });
  assert.deepEqual(readErrorBody({ bodyText: '{"code":1,"description":"d","data":"not a list"}', statusText: 'x' }).data, []);
});
