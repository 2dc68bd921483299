// The innermost step: one HTTP exchange through ky, with every behaviour of its own switched off so that
// the policies (retry, timeout, auth) are the only ones deciding.
import ky from 'ky';
import type { Next } from './policies/policy.js';
import type { ProxyDispatcher } from './proxy.js';

export type FetchFunction = typeof globalThis.fetch;

export function createTransport(fetchFunction: FetchFunction, dispatcher?: ProxyDispatcher): Next {
  // ky hands options it does not know to fetch as they are: this is how the proxy reaches Node's fetch.
  const extra = dispatcher === undefined ? {} : { dispatcher };
  return async (request) => {
    const response = await ky(request.url, {
      ...extra,
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: request.signal,
      // Retries belong to the retry policy (which keeps MS-RequestId fixed); the timeout policy times
      // each attempt; error statuses are mapped by the error policy.
      retry: 0,
      timeout: false,
      throwHttpErrors: false,
      // A redirect would carry the bearer elsewhere; Partner Center does not redirect these calls.
      redirect: 'manual',
      fetch: fetchFunction,
    });
    // Read inside the attempt so a stalled body counts against the same timeout as stalled headers.
    const bodyText = await response.text();
    return { status: response.status, statusText: response.statusText, headers: response.headers, bodyText };
  };
}
