// Tokens from an @azure/identity credential, cached until shortly before they expire, with one refresh
// shared by every concurrent caller (STYLE 12): forty chunks starting at once ask the credential once.
import type { AccessToken, TokenCredential } from '@azure/identity';
import type { TokenSource } from '../partner-center/contract.js';
import { redact } from '../partner-center/redact.js';
import { SignInError } from './errors.js';

export const REFRESH_MARGIN_MS = 5 * 60_000;

export interface CachedTokenSourceOptions {
  credential: TokenCredential;
  scope: string;
  description: string;
  /** Configured secrets (client secret, certificate password) to scrub from failure messages. */
  secrets: readonly string[];
  kind?: 'app-only' | undefined;
  now?: () => number;
}

export function createCachedTokenSource(options: CachedTokenSourceOptions): TokenSource {
  const now = options.now ?? Date.now;
  let cached: { token: string; refreshAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  const refresh = async (): Promise<string> => {
    let access: AccessToken | null;
    try {
      access = await options.credential.getToken(options.scope);
    } catch (error) {
      throw new SignInError(options.description, sanitize(error, options.secrets));
    }
    if (access === null || access.token === '') throw new SignInError(options.description, 'the credential returned no token');
    cached = { token: access.token, refreshAt: access.expiresOnTimestamp - REFRESH_MARGIN_MS };
    return access.token;
  };

  return {
    description: options.description,
    ...(options.kind === undefined ? {} : { kind: options.kind }),
    getToken(signal) {
      if (cached !== undefined && now() < cached.refreshAt) return Promise.resolve(cached.token);
      inFlight ??= refresh().finally(() => {
        inFlight = undefined;
      });
      // The refresh is shared, so one caller giving up must not cancel it for the others.
      return signal === undefined ? inFlight : abandonOnAbort(inFlight, signal);
    },
    invalidate() {
      cached = undefined;
    },
    // The credential is asked again after invalidate(), so a token that expired early can be replaced.
    renewable: true,
  };
}

/** First line, bounded, with known secrets removed: @azure/identity messages can be long and detailed. */
function sanitize(error: unknown, secrets: readonly string[]): string {
  const text = error instanceof Error ? error.message : String(error);
  const firstLine = text.split(/\r?\n/).find((line) => line.trim() !== '') ?? 'unknown error';
  return redact(firstLine.trim().slice(0, 300), secrets);
}

function abandonOnAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
