// A device-code sign-in (--auth device-code) is shown on the page: while the identity provider waits for
// the engineer, the page shows its words with the sign-in address as a link and the code in bold; once
// the engineer has signed in, the page says so and the session's checks use that sign-in. The identity
// provider is stood in for (the server runs in the test's process with a token source that asks as
// Entra ID's device-code flow asks); everything from the prompt on is the product's own. A sign-in nobody
// finishes can be cancelled from the page.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { TokenSourceOptions } from '../../src/auth/token-source.js';
import { DEFAULTS } from '../../src/setup/options.js';
import { startSimulator } from '../../src/simulator/start.js';
import { startUiServer } from '../../src/ui/server.js';
import { configuredSignIn } from '../../src/ui/sign-in.js';
import { ROOT } from '../helpers/paths.js';
import { browse, browserOrSkip, dropSheet, SAMPLE_DATA, screenshot, VENDOR_SHEET } from './harness.js';

const PROMPT = 'To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code CX7RK2PQ9 to authenticate.';
/** A delegated (App+User) token's shape: its claims carry `scp`. */
const TOKEN = ['e30', Buffer.from(JSON.stringify({ scp: 'user_impersonation' })).toString('base64url'), 'c2ln'].join('.');

test('a device-code sign-in shows its address and code on the page, then the page is signed in', async (t) => {
  const browser = browserOrSkip(t);
  if (browser === undefined) return;
  const dir = mkdtempSync(join(tmpdir(), 'device-policy-ui-'));
  const sim = await startSimulator({ token: TOKEN, data: SAMPLE_DATA });
  // The engineer entering the code elsewhere: the sign-in ends when the test says so.
  let signedIn: () => void = () => {};
  const entered = new Promise<void>((resolve) => (signedIn = resolve));
  const asked: TokenSourceOptions[] = [];
  const identityProvider = (settings: TokenSourceOptions) => {
    asked.push(settings);
    let token: Promise<string> | undefined;
    return {
      // As the library's own source: the caller may give up waiting (the page's Cancel).
      getToken: (signal?: AbortSignal) => {
        token ??= (async () => {
          settings.onDeviceCode?.(PROMPT);
          await entered;
          return TOKEN;
        })();
        return signal === undefined ? token : Promise.race([token, new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }))]);
      },
      invalidate() {},
      renewable: true,
      description: 'device code (adele@contoso.example)',
    };
  };
  const connection = { endpoint: sim.url, auth: 'device-code' as const, tokenFile: undefined, clientId: '0e6a8b2c-0000-4000-8000-000000000001', tenantId: undefined, maxRetries: DEFAULTS.maxRetries, timeoutMs: 30_000, log: undefined };
  const server = await startUiServer({
    port: 0,
    connection,
    endpointGiven: sim.url,
    folder: join(dir, 'work'),
    signIn: configuredSignIn(connection, {}, identityProvider),
    env: {},
    terminal: { write: () => true },
    now: () => new Date(),
    pageDir: join(ROOT, 'dist', 'ui', 'page'),
  });
  const { page, context } = await browse(browser, dir, server.url);
  t.after(async () => {
    signedIn();
    await context.close();
    await server.close();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // A sign-in nobody finishes is cancelled from the page: signed out, nothing said against it.
  const signInButton = page.getByRole('button', { name: 'Sign in with a device code' });
  await signInButton.click();
  await page.getByRole('alert').filter({ hasText: 'CX7RK2PQ9' }).waitFor();
  await page.getByRole('button', { name: 'Cancel the sign-in' }).click();
  await page.locator('#sign-in-state', { hasText: /^Not signed in/ }).waitFor();
  assert.equal(await page.locator('#sign-in-prompt').isHidden(), true);
  assert.equal(await page.getByRole('button', { name: 'Cancel the sign-in' }).isHidden(), true);

  await signInButton.click();
  const prompt = page.getByRole('alert').filter({ hasText: 'CX7RK2PQ9' });
  await prompt.waitFor();
  assert.equal(await prompt.innerText(), PROMPT);
  assert.equal(await prompt.getByRole('link', { name: 'https://microsoft.com/devicelogin' }).getAttribute('href'), 'https://microsoft.com/devicelogin');
  assert.equal(await prompt.locator('strong').innerText(), 'CX7RK2PQ9');
  assert.match(await page.locator('#sign-in-state').innerText(), /^Signing in with a device code/);
  assert.equal(asked.length, 2);
  assert.equal(asked[1]?.mode, 'device-code');
  assert.equal(asked[1]?.clientId, connection.clientId);
  await screenshot(page, '15-device-code');

  signedIn();
  await page.locator('#sign-in-state', { hasText: 'Signed in: device code (adele@contoso.example) (app+user)' }).waitFor();
  assert.equal(await prompt.isHidden(), true);
  // The session's check looks the rows up with that sign-in (the simulator takes that token only).
  await dropSheet(page, VENDOR_SHEET, 'vendor-serials.xlsx');
  await page.getByRole('button', { name: 'Check every row' }).click();
  await page.locator('#table-summary', { hasText: 'looked up in Partner Center' }).waitFor();
  assert.ok(sim.requests.length > 0 && sim.requests.every((r) => r.status === 200), 'every lookup was answered');
});
