// Choosing and configuring a sign-in from --auth, the token file and the environment. Nothing here
// talks to Entra ID: only what can be decided before a token is asked for.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isAuthConfigError, type AuthConfigErrorCode } from '../../src/auth/errors.js';
import { createTokenSource, type TokenSourceOptions } from '../../src/auth/token-source.js';
import { tempDir } from '../helpers/paths.js';

const TOKEN = 'eyJ0eXAiOiJKV1QiLCJhbGciOi.payload.signature';

function expectConfigError(code: AuthConfigErrorCode, options: TokenSourceOptions): string {
  let message = '';
  assert.throws(
    () => createTokenSource(options),
    (e: unknown) => {
      assert.ok(isAuthConfigError(e), `expected AuthConfigError, got ${String(e)}`);
      assert.equal(e.code, code);
      message = e.message;
      return true;
    },
  );
  return message;
}

test('token: PARTNER_CENTER_TOKEN, trimmed; a static token stays the same after invalidate(), and says it cannot be renewed', async () => {
  const tokens = createTokenSource({ mode: 'token', env: { PARTNER_CENTER_TOKEN: `  ${TOKEN}\n` } });
  assert.equal(await tokens.getToken(), TOKEN);
  tokens.invalidate();
  assert.equal(await tokens.getToken(), TOKEN);
  assert.equal(tokens.description, 'token (PARTNER_CENTER_TOKEN)');
  // So a 401 is not re-sent with the same token.
  assert.equal(tokens.renewable, false);
});

test('token: a pasted "Bearer " prefix is dropped', async () => {
  const tokens = createTokenSource({ mode: 'token', env: { PARTNER_CENTER_TOKEN: `Bearer ${TOKEN}` } });
  assert.equal(await tokens.getToken(), TOKEN);
});

test('token: --token-file is read and trimmed, and wins over the environment', async (t) => {
  const file = join(tempDir(t), 'token.txt');
  writeFileSync(file, `${TOKEN}\r\n`);
  const tokens = createTokenSource({ mode: 'token', tokenFile: file, env: { PARTNER_CENTER_TOKEN: 'other-token-value' } });
  assert.equal(await tokens.getToken(), TOKEN);
  assert.equal(tokens.description, `token (--token-file ${file})`);
  assert.ok(!tokens.description.includes(TOKEN));
});

test('token: unreadable, empty or malformed tokens are configuration errors that never echo the token', (t) => {
  const dir = tempDir(t);
  expectConfigError('unreadable-token-file', { mode: 'token', tokenFile: join(dir, 'missing.txt'), env: {} });
  const empty = join(dir, 'empty.txt');
  writeFileSync(empty, '\n  \n');
  expectConfigError('empty-token', { mode: 'token', tokenFile: empty, env: {} });
  const message = expectConfigError('malformed-token', { mode: 'token', env: { PARTNER_CENTER_TOKEN: 'secret-one secret-two' } });
  assert.doesNotMatch(message, /secret-one/);
  expectConfigError('missing-token', { mode: 'token', env: {} });
});

test('auto: a token when PARTNER_CENTER_TOKEN is set, even beside app-only variables', async () => {
  const env = { PARTNER_CENTER_TOKEN: TOKEN, AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c', AZURE_CLIENT_SECRET: 's' };
  const tokens = createTokenSource({ mode: 'auto', env });
  assert.equal(tokens.description, 'token (PARTNER_CENTER_TOKEN)');
  assert.equal(await tokens.getToken(), TOKEN);
});

test('auto: app-only sign-in when its variables are set (secret or certificate)', () => {
  const secret = createTokenSource({ mode: 'auto', env: { AZURE_TENANT_ID: 'tenant-1', AZURE_CLIENT_ID: 'client-1', AZURE_CLIENT_SECRET: 'very-secret-value' } });
  assert.match(secret.description, /app-only.*client-1.*tenant-1.*client secret/);
  assert.ok(!secret.description.includes('very-secret-value'));
  const certificate = createTokenSource({ mode: 'auto', env: { AZURE_TENANT_ID: 't', AZURE_CLIENT_ID: 'c', AZURE_CLIENT_CERTIFICATE_PATH: '/x.pem' } });
  assert.match(certificate.description, /certificate/);
});

test('auto with nothing configured lists every way to sign in', () => {
  const message = expectConfigError('no-credentials', { mode: 'auto', env: { AZURE_TENANT_ID: 'only-this' } });
  for (const way of [
    'PARTNER_CENTER_TOKEN',
    '--token-file',
    'AZURE_TENANT_ID',
    'AZURE_CLIENT_ID',
    'AZURE_CLIENT_SECRET',
    'AZURE_CLIENT_CERTIFICATE_PATH',
    '--auth cli',
    '--auth device-code',
    '--auth managed-identity',
  ]) {
    assert.ok(message.includes(way), `the message names ${way}:\n${message}`);
  }
});

test('env: names the variables that are missing', () => {
  const message = expectConfigError('missing-variables', { mode: 'env', env: { AZURE_CLIENT_ID: 'c' } });
  assert.match(message, /not set: AZURE_TENANT_ID, AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH$/);
});

test('device-code needs a client ID, from the option or AZURE_CLIENT_ID', () => {
  expectConfigError('missing-client-id', { mode: 'device-code', env: {} });
  assert.match(createTokenSource({ mode: 'device-code', clientId: 'app-1', env: {} }).description, /device code.*app-1/);
  assert.match(createTokenSource({ mode: 'device-code', env: { AZURE_CLIENT_ID: 'app-2' } }).description, /app-2/);
});

test('cli and managed-identity need nothing up front', () => {
  assert.equal(createTokenSource({ mode: 'cli', env: {} }).description, 'Azure CLI (az login)');
  assert.equal(createTokenSource({ mode: 'managed-identity', env: {} }).description, 'managed identity (system-assigned)');
  assert.match(createTokenSource({ mode: 'managed-identity', env: { AZURE_CLIENT_ID: 'mi-1' } }).description, /mi-1/);
});

test('an unknown mode is a configuration error', () => {
  const options = { mode: 'password', env: {} } as unknown as TokenSourceOptions;
  expectConfigError('unknown-mode', options);
});
