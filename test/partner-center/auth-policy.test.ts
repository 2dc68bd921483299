// The bearer token: refreshed once on 401, and never sent where it could be read on the wire or to a
// host other than the configured endpoint.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TokenSource } from '../../src/partner-center/contract.js';
import { assertSafeEndpoint, createPartnerCenterClient } from '../../src/partner-center/client.js';
import { isPartnerCenterError, isUnsafeEndpointError } from '../../src/partner-center/errors.js';
import { CUSTOMER, ONE_DEVICE, REQUEST_ID, accepted, makeClient, staticTokens } from './client-kit.js';
import { startTestServer } from './http-test-server.js';

function rotatingTokens(): TokenSource & { invalidations: number } {
  let generation = 1;
  return {
    description: 'rotating (test)',
    renewable: true,
    invalidations: 0,
    getToken: () => Promise.resolve(`token-generation-${generation}`),
    invalidate() {
      this.invalidations++;
      generation++;
    },
  };
}

test('a 401 invalidates the token and retries once with a fresh one', async (t) => {
  const server = await startTestServer(t, [{ status: 401, body: { code: 401, description: 'Token expired' } }, accepted()]);
  const tokens = rotatingTokens();
  const kit = makeClient(server.url, { tokens });

  const result = await kit.client.updateDevicePolicies(CUSTOMER, ONE_DEVICE, { requestId: REQUEST_ID });

  assert.equal(result.status, 202);
  assert.equal(tokens.invalidations, 1);
  assert.deepEqual(server.requests.map((r) => r.headers.authorization), ['Bearer token-generation-1', 'Bearer token-generation-2']);
  assert.deepEqual(server.requests.map((r) => r.headers['ms-requestid']), [REQUEST_ID, REQUEST_ID]);
  assert.deepEqual(kit.exchanges.map((e) => [e.attempt, e.status]), [[1, 401], [2, 202]]);
  assert.deepEqual(kit.sleeps, [], 'a 401 re-send is immediate, not a backoff');
});

// A fixed token (PARTNER_CENTER_TOKEN, --token-file) would only meet the same refusal again; a
// renewable one gets its single second chance.
for (const { renewable, attempts } of [
  { renewable: false, attempts: 1 },
  { renewable: true, attempts: 2 },
]) {
  test(`a persistent 401 with a ${renewable ? 'renewable' : 'fixed'} token throws status 401 after ${attempts} attempt(s)`, async (t) => {
    const server = await startTestServer(t, () => ({ status: 401, body: { code: 401, description: 'Invalid token' } }));
    const tokens = staticTokens(undefined, { renewable });
    const kit = makeClient(server.url, { tokens });

    await assert.rejects(kit.client.updateDevicePolicies(CUSTOMER, ONE_DEVICE, { requestId: REQUEST_ID }), (e: unknown) => {
      assert.ok(isPartnerCenterError(e));
      assert.equal(e.kind, 'http');
      assert.equal(e.status, 401);
      assert.equal(e.attempts, attempts);
      assert.match(e.message, /token \(test\)/, 'the message names the sign-in that was refused');
      return true;
    });
    assert.equal(server.requests.length, attempts);
    assert.equal(tokens.invalidations, attempts - 1);
  });
}

test('assertSafeEndpoint: https anywhere, plain http only on loopback', () => {
  const allowed = ['https://api.partnercenter.microsoft.com', 'http://127.0.0.1:8080', 'http://127.5.6.7', 'http://localhost:3000', 'http://[::1]:9000/x'];
  for (const url of allowed) assert.doesNotThrow(() => assertSafeEndpoint(url), url);
  const refused = ['http://example.com', 'http://10.0.0.1', 'http://128.0.0.1', 'http://localhost.example.com', 'ftp://127.0.0.1', 'not a url'];
  for (const url of refused) assert.throws(() => assertSafeEndpoint(url), isUnsafeEndpointError, url);
});

test('a client for a plain-http remote endpoint cannot even be built (nothing is sent)', () => {
  let asked = false;
  const fetch: typeof globalThis.fetch = () => {
    asked = true;
    return Promise.reject(new Error('must not be called'));
  };
  assert.throws(() => createPartnerCenterClient({ endpoint: 'http://example.com', tokens: staticTokens(), fetch }), (e: unknown) => {
    assert.ok(isUnsafeEndpointError(e));
    // A PartnerCenterError of kind 'auth', so callers that stop on sign-in problems stop here too.
    assert.ok(isPartnerCenterError(e) && e.kind === 'auth');
    assert.match(e.message, /example\.com/);
    return true;
  });
  assert.equal(asked, false);
});

test('a batch-job URI on another host gets no token and no request', async (t) => {
  const server = await startTestServer(t, []);
  const tokens = staticTokens();
  const { client } = makeClient(server.url, { tokens });
  for (const uri of ['http://example.com/v1/customers/c/batchJobStatus/t', 'https://elsewhere.example/v1/customers/c/batchJobStatus/t']) {
    await assert.rejects(client.getBatchJobStatus(uri), (e: unknown) => isUnsafeEndpointError(e) && e.kind === 'auth');
  }
  assert.equal(tokens.gets, 0);
  assert.equal(server.requests.length, 0);
});

test('a token source that fails ends the call as kind "auth" with its message, before any request', async (t) => {
  const server = await startTestServer(t, []);
  const tokens: TokenSource = { description: 'broken', getToken: () => Promise.reject(new Error('sign-in with broken failed: no account')), invalidate() {}, renewable: true };
  const { client } = makeClient(server.url, { tokens });
  await assert.rejects(client.listPolicies(CUSTOMER), (e: unknown) => {
    assert.ok(isPartnerCenterError(e));
    assert.equal(e.kind, 'auth');
    assert.equal(e.description, 'sign-in with broken failed: no account');
    return true;
  });
  assert.equal(server.requests.length, 0);
});

test('a token that cannot go into a header is refused without being echoed', async (t) => {
  const server = await startTestServer(t, []);
  const secret = 'secret-part-1\nsecret-part-2';
  const { client } = makeClient(server.url, { tokens: staticTokens(secret) });
  await assert.rejects(client.listPolicies(CUSTOMER), (e: unknown) => {
    assert.ok(isPartnerCenterError(e) && e.kind === 'auth');
    assert.doesNotMatch(JSON.stringify({ ...e, message: e.message }), /secret-part/);
    return true;
  });
  assert.equal(server.requests.length, 0);
});
