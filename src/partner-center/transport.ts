// The innermost step: one attempt through ky. ky carries what it does well here: the bearer header
// (`hooks.beforeRequest`), the one re-send with a fresh token after a 401 (`hooks.afterResponse`, the
// pattern ky's documentation shows), the proxy (options it does not know go to fetch as they are) and
// a `fetch` of our own that logs every HTTP send, the 401 re-send included. What stays with the policies:
// retries (the scheduler must see each 429 and the MS-RequestId must stay fixed), the per-attempt
// timeout (it must cover the body and end the attempt even when fetch ignores its signal), and the
// mapping of error statuses.
import ky, { type Options } from 'ky';
import type { TokenSource } from './contract.js';
import { bearerToken } from './policies/auth.js';
import { exchangeLogger, type ExchangeLogOptions } from './policies/log.js';
import type { Next } from './policies/policy.js';
import type { ProxyDispatcher } from './proxy.js';
import { readBoundedText } from './bounded-body.js';

export type FetchFunction = typeof globalThis.fetch;

export interface TransportOptions extends ExchangeLogOptions {
  fetch: FetchFunction;
  dispatcher: ProxyDispatcher | undefined;
  tokens: TokenSource;
}

export function createTransport(options: TransportOptions): Next {
  const { tokens } = options;
  // ky hands options it does not know to fetch as they are: this is how the proxy reaches Node's fetch.
  const extra = options.dispatcher === undefined ? {} : { dispatcher: options.dispatcher };
  return async (request) => {
    const addBearer = async (sent: Request): Promise<void> => {
      sent.headers.set('Authorization', `Bearer ${await bearerToken(tokens, request)}`);
    };
    const base: Options = {
      ...extra,
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: request.signal,
      // The retry policy retries (with the same MS-RequestId); the timeout policy times each attempt;
      // the error policy maps error statuses.
      retry: 0,
      timeout: false,
      throwHttpErrors: false,
      // A redirect would carry the bearer elsewhere; Partner Center does not redirect these calls.
      redirect: 'manual',
      fetch: exchangeLogger(options, request),
    };
    const response = await ky(request.url, {
      ...base,
      hooks: {
        beforeRequest: [addBearer],
        afterResponse: [
          // A token that expired mid-run is renewed once; a fixed token would only be refused again.
          async (sent, _options, answer) => {
            // ky hands hooks a clone: a tee of the body that would hold a second copy of every byte read
            // from the original, and keep the connection open after the original is cancelled. Not
            // awaited: a branch's cancel settles only once both branches are cancelled.
            void answer.body?.cancel().catch(() => {});
            if (answer.status !== 401 || !tokens.renewable) return undefined;
            tokens.invalidate();
            return ky(sent, { ...base, hooks: { beforeRequest: [addBearer] } });
          },
        ],
      },
    });
    // Read inside the attempt so a stalled body counts against the same timeout as stalled headers;
    // bounded, so that no answer can fill the memory.
    const bodyText = await readBoundedText(response, request);
    return { status: response.status, statusText: response.statusText, headers: response.headers, bodyText };
  };
}
