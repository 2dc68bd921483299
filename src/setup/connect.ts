// Building the Partner Center side of a run from the connection options: the token source, the client
// (which refuses an unsafe endpoint before any token is asked for) and the --log file. Shared by apply,
// status and demo. The client (ky) and the proxy agent (undici) are loaded here, when a connection is
// opened, not when the program starts: a dry run --offline, `template` or `--help` never needs them.
import type { ConnectionOptions } from './options.js';
import type { PartnerCenterApi, TokenSource } from '../partner-center/contract.js';
import { createTokenSource } from '../auth/token-source.js';
import { abortableSleep } from '../partner-center/options.js';
import { openExchangeLog } from './exchange-log.js';
import { proxyDispatcher, proxyUrls } from '../partner-center/proxy.js';
import { AuthConfigError, isSignInError } from '../auth/errors.js';
import { signInFailedMessage } from '../auth/sign-in-help.js';
import { tokenKind, type SignInKind } from '../partner-center/token-kind.js';

export interface Connection {
  api: PartnerCenterApi;
  /** Whose the sign-in is: creating a device batch needs App+User (SPEC §1). */
  signInKind: SignInKind;
  /** The sign-in in words, for messages (never the token). */
  signInDescription: string;
  /** Counts across the run, for the summary; `lookups` counts listing requests (each page once). */
  stats: { throttled: number; retries: number; lookups: number };
  /** The adaptive limits (lookups, sending) listen here for 429s. Returns a function that stops listening. */
  onThrottle(listener: (retryAfterMs: number) => void): () => void;
  /**
   * Wraps every wait between attempts (Retry-After, backoff) while sending, so the scheduler can give
   * the request's slot back for the wait. Returns a function that removes the wrapper.
   */
  wrapRetryWaits(wrapper: <T>(wait: () => Promise<T>) => Promise<T>): () => void;
  close(): Promise<void>;
}

export interface ConnectDeps {
  correlationId: string;
  env: NodeJS.ProcessEnv;
  stderr: NodeJS.WritableStream;
  tokens?: TokenSource | undefined;
  /** `--ticket`: written on every line of the --log. */
  ticket?: string | undefined;
}

export async function connect(options: ConnectionOptions, deps: ConnectDeps): Promise<Connection> {
  const tokens =
    deps.tokens ??
    createTokenSource({
      mode: options.auth,
      tokenFile: options.tokenFile,
      clientId: options.clientId,
      tenantId: options.tenantId,
      env: deps.env,
      onDeviceCode: (message) => deps.stderr.write(`${message}\n`),
    });
  const token = await signInUpFront(tokens);
  const signInKind = tokens.kind ?? tokenKind(token);
  const log = await openExchangeLog(options.log, deps.ticket);
  const stats = { throttled: 0, retries: 0, lookups: 0 };
  const dispatcher = await proxyDispatcher(deps.env);
  const { createPartnerCenterClient } = await import('../partner-center/client.js');
  const listeners: Array<(retryAfterMs: number) => void> = [];
  let wrapWait: <T>(wait: () => Promise<T>) => Promise<T> = (wait) => wait();
  const api = createPartnerCenterClient({
    endpoint: options.endpoint,
    tokens,
    correlationId: deps.correlationId,
    maxRetries: options.maxRetries,
    timeoutMs: options.timeoutMs,
    dispatcher,
    proxies: proxyUrls(deps.env),
    sleep: (ms, signal) => wrapWait(() => abortableSleep(ms, signal)),
    events: {
      onExchange: (record) => {
        if (record.attempt === 1 && isListing(record.method, record.url)) stats.lookups++;
        log.write(record);
      },
      onThrottle: ({ retryAfterMs }) => {
        stats.throttled++;
        for (const l of listeners) l(retryAfterMs);
      },
      onRetry: () => {
        stats.retries++;
      },
    },
  });
  return {
    api,
    signInKind,
    signInDescription: tokens.description,
    stats,
    onThrottle(listener) {
      listeners.push(listener);
      return () => {
        const at = listeners.indexOf(listener);
        if (at !== -1) listeners.splice(at, 1);
      };
    },
    wrapRetryWaits(wrapper) {
      wrapWait = wrapper;
      return () => {
        wrapWait = (wait) => wait();
      };
    },
    close: async () => {
      await log.close();
      // Its keep-alive connections would hold the process open after the run.
      await dispatcher?.close();
    },
  };
}

/**
 * A token is asked for before the input is read (SPEC §2: no credentials is exit 2): a missing Azure
 * CLI or a wrong secret is found at once, not as a run of rows that were never sent. The token is
 * cached, so the first request uses it.
 */
async function signInUpFront(tokens: TokenSource): Promise<string> {
  try {
    return await tokens.getToken();
  } catch (error) {
    if (isSignInError(error)) throw new AuthConfigError('sign-in-failed', signInFailedMessage(error.message));
    throw error;
  }
}

/** The listing calls resolution makes: GET …/policies, …/deviceBatches and …/deviceBatches/{id}/devices. */
function isListing(method: string, url: string): boolean {
  if (method !== 'GET') return false;
  const path = url.split('?')[0] ?? '';
  return /\/customers\/[^/]+\/(?:policies|devicebatches(?:\/[^/]+\/devices)?)$/i.test(path);
}
