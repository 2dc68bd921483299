// Credential tokens: cached until 5 minutes before expiry, one refresh shared by concurrent callers,
// failures wrapped so no secret reaches a message.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import { createCachedTokenSource, REFRESH_MARGIN_MS } from '../../src/auth/cached-token-source.js';
import { isSignInError } from '../../src/auth/errors.js';

const SCOPE = 'https://api.partnercenter.microsoft.com/.default';
const HOUR = 3_600_000;

/** A credential whose answers the test releases by hand, counting every call. */
function fakeCredential(answer: (call: number) => Promise<AccessToken | null>): TokenCredential & { calls: Array<string | string[]> } {
  const calls: Array<string | string[]> = [];
  return {
    calls,
    getToken(scopes: string | string[], _options?: GetTokenOptions) {
      calls.push(scopes);
      return answer(calls.length);
    },
  };
}

test('a token is reused until 5 minutes before it expires, then renewed', async () => {
  let now = 1_000_000;
  const credential = fakeCredential(async (call) => ({ token: `token-${call}`, expiresOnTimestamp: now + HOUR }));
  const tokens = createCachedTokenSource({ credential, scope: SCOPE, description: 'fake', secrets: [], now: () => now });

  assert.equal(await tokens.getToken(), 'token-1');
  now += HOUR - REFRESH_MARGIN_MS - 1;
  assert.equal(await tokens.getToken(), 'token-1');
  now += 1;
  assert.equal(await tokens.getToken(), 'token-2');
  assert.deepEqual(credential.calls, [SCOPE, SCOPE]);
});

test('invalidate() makes the next caller ask the credential again: the source is renewable', async () => {
  const credential = fakeCredential(async (call) => ({ token: `token-${call}`, expiresOnTimestamp: Date.now() + HOUR }));
  const tokens = createCachedTokenSource({ credential, scope: SCOPE, description: 'fake', secrets: [] });
  assert.equal(tokens.renewable, true);
  assert.equal(await tokens.getToken(), 'token-1');
  tokens.invalidate();
  assert.equal(await tokens.getToken(), 'token-2');
});

test('concurrent callers share one in-flight refresh', async () => {
  let release: (token: AccessToken) => void = () => {};
  const credential = fakeCredential(() => new Promise((resolve) => (release = resolve)));
  const tokens = createCachedTokenSource({ credential, scope: SCOPE, description: 'fake', secrets: [] });

  const waiting = Array.from({ length: 20 }, () => tokens.getToken());
  release({ token: 'shared', expiresOnTimestamp: Date.now() + HOUR });

  assert.deepEqual(await Promise.all(waiting), Array(20).fill('shared'));
  assert.equal(credential.calls.length, 1);
});

test('one caller aborting does not cancel the refresh for the others', async () => {
  let release: (token: AccessToken) => void = () => {};
  const credential = fakeCredential(() => new Promise((resolve) => (release = resolve)));
  const tokens = createCachedTokenSource({ credential, scope: SCOPE, description: 'fake', secrets: [] });
  const controller = new AbortController();

  const abandoned = tokens.getToken(controller.signal);
  const patient = tokens.getToken();
  controller.abort();
  await assert.rejects(abandoned, { name: 'AbortError' });
  release({ token: 'late', expiresOnTimestamp: Date.now() + HOUR });
  assert.equal(await patient, 'late');
  assert.equal(credential.calls.length, 1);
});

test('a failed refresh is wrapped without secrets, and the next call tries again', async () => {
  const secret = 'client-secret-value-123';
  const credential = fakeCredential(async (call) => {
    if (call === 1) throw new Error(`AADSTS7000215: Invalid client secret provided: ${secret}\nTrace ID: abc\nCorrelation ID: def`);
    return { token: 'recovered', expiresOnTimestamp: Date.now() + HOUR };
  });
  const tokens = createCachedTokenSource({ credential, scope: SCOPE, description: 'app-only credentials', secrets: [secret] });

  await assert.rejects(tokens.getToken(), (e: unknown) => {
    assert.ok(isSignInError(e));
    assert.equal(e.message, 'sign-in with app-only credentials failed: AADSTS7000215: Invalid client secret provided: [redacted]');
    assert.equal(e.cause, undefined, 'the original error, with its details, is not kept');
    return true;
  });
  assert.equal(await tokens.getToken(), 'recovered');
});

test('a credential that returns no token is a sign-in error', async () => {
  const tokens = createCachedTokenSource({ credential: fakeCredential(async () => null), scope: SCOPE, description: 'fake', secrets: [] });
  await assert.rejects(tokens.getToken(), (e: unknown) => isSignInError(e) && /no token/.test(e.message));
});
