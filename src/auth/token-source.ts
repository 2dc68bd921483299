// `--auth MODE` → a TokenSource. Everything that can be checked without a network call is checked
// here, so the CLI can exit 2 with a clear message before it sends anything.
import type { TokenSource } from '../partner-center/contract.js';
import { PARTNER_CENTER_SCOPE } from '../partner-center/wire.js';
import { createCachedTokenSource } from './cached-token-source.js';
import { hasEnvCredentials, planCredential, type CredentialMode } from './credentials.js';
import { AuthConfigError } from './errors.js';
import { noCredentialsMessage } from './sign-in-help.js';
import { createStaticTokenSource, normalizeToken, readTokenFile } from './static-token.js';

export type AuthMode = 'auto' | 'token' | CredentialMode;

export const AUTH_MODES: readonly AuthMode[] = ['auto', 'token', 'env', 'cli', 'device-code', 'managed-identity'];

export interface TokenSourceOptions {
  mode: AuthMode;
  tokenFile?: string;
  clientId?: string;
  tenantId?: string;
  env: NodeJS.ProcessEnv;
  /** Where the device-code prompt goes: stderr, never stdout (which may carry --json). */
  onDeviceCode?(message: string): void;
  /** For tests of expiry. */
  now?: () => number;
}

export function createTokenSource(options: TokenSourceOptions): TokenSource {
  switch (options.mode) {
    case 'auto':
      return createTokenSource({ ...options, mode: autoMode(options) });
    case 'token':
      return staticTokenSource(options);
    case 'env':
    case 'cli':
    case 'device-code':
    case 'managed-identity': {
      const plan = planCredential(options.mode, options);
      return createCachedTokenSource({ ...plan, scope: PARTNER_CENTER_SCOPE, now: options.now });
    }
    default:
      throw new AuthConfigError('unknown-mode', `--auth: expected one of ${AUTH_MODES.join(', ')}, got "${String(options.mode)}"`);
  }
}

/** SPEC §2: a token if one is given, else app-only if its variables are set, else a list of the ways. */
function autoMode(options: TokenSourceOptions): AuthMode {
  if (options.tokenFile !== undefined || options.env.PARTNER_CENTER_TOKEN) return 'token';
  if (hasEnvCredentials(options.env)) return 'env';
  throw new AuthConfigError('no-credentials', noCredentialsMessage());
}

function staticTokenSource(options: TokenSourceOptions): TokenSource {
  // An explicit --token-file wins over an inherited environment variable.
  if (options.tokenFile !== undefined) {
    return createStaticTokenSource(readTokenFile(options.tokenFile), `token (--token-file ${options.tokenFile})`);
  }
  const fromEnv = options.env.PARTNER_CENTER_TOKEN;
  if (fromEnv === undefined || fromEnv.trim() === '') {
    throw new AuthConfigError('missing-token', '--auth token needs a token: set PARTNER_CENTER_TOKEN or pass --token-file FILE');
  }
  return createStaticTokenSource(normalizeToken(fromEnv, 'PARTNER_CENTER_TOKEN'), 'token (PARTNER_CENTER_TOKEN)');
}
