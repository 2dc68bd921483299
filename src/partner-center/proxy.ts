// Networks as companies have them (SPEC §2 Sending): HTTPS_PROXY, HTTP_PROXY and NO_PROXY, upper or lower
// case, for every Partner Center request. Node's fetch reads none of them, so when one is set the client
// sends through undici's EnvHttpProxyAgent (CONNECT tunnels; NO_PROXY as curl reads it). Sign-in needs
// nothing from here: @azure/identity's own pipeline (core-rest-pipeline's proxy policy) reads the same
// variables from the environment, and the Azure CLI reads them itself. undici is loaded only when a
// variable is set: a direct connection goes through Node's own fetch and needs nothing from it.

import type { ConnectTarget } from './failure.js';

/** What Node's fetch takes as its `dispatcher` option. */
export type ProxyDispatcher = NonNullable<RequestInit['dispatcher']>;

/** The variables, lower case first as curl and undici read them; undefined when none is set. */
export function proxySettings(env: NodeJS.ProcessEnv): { httpProxy?: string; httpsProxy?: string; noProxy?: string } | undefined {
  const pick = (name: string): string | undefined => {
    const value = env[name.toLowerCase()] ?? env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  };
  const httpProxy = pick('HTTP_PROXY');
  const httpsProxy = pick('HTTPS_PROXY');
  if (httpProxy === undefined && httpsProxy === undefined) return undefined;
  const noProxy = pick('NO_PROXY');
  return {
    ...(httpProxy === undefined ? {} : { httpProxy }),
    // As curl: an https request goes through HTTPS_PROXY, or HTTP_PROXY when only that is set.
    httpsProxy: httpsProxy ?? httpProxy,
    ...(noProxy === undefined ? {} : { noProxy }),
  };
}

/** The proxies the variables of `env` name (HTTPS_PROXY, HTTP_PROXY), each once. */
export function proxyUrls(env: NodeJS.ProcessEnv): string[] {
  const settings = proxySettings(env);
  return [...new Set([settings?.httpsProxy, settings?.httpProxy].filter((url): url is string => url !== undefined))];
}

/**
 * The proxy among `proxies` that a failed connection was going to, without any credentials its URL
 * holds; undefined when it was going elsewhere (the endpoint itself, NO_PROXY). A proxy that cannot be
 * reached must be named as the proxy, or the user checks the endpoint, which is fine.
 */
export function failedProxy(target: ConnectTarget | undefined, proxies: readonly string[]): string | undefined {
  if (target === undefined) return undefined;
  for (const proxy of proxies) {
    let url: URL;
    try {
      url = new URL(proxy.includes('://') ? proxy : `http://${proxy}`);
    } catch {
      continue;
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    const sameHost = target.hostname === host || target.address === host;
    // A refused connection says the address the name resolved to: the port, and a named host, tell.
    const samePort = target.port === undefined || target.port === port;
    const named = !/^[\d.]+$|:/.test(host);
    if ((sameHost && samePort) || (named && target.hostname === undefined && target.port === port)) return `${url.protocol}//${url.host}`;
  }
  return undefined;
}

/** A dispatcher that honours the proxy variables of `env`, or undefined when none is set. */
export async function proxyDispatcher(env: NodeJS.ProcessEnv): Promise<ProxyDispatcher | undefined> {
  const settings = proxySettings(env);
  if (settings === undefined) return undefined;
  const { EnvHttpProxyAgent } = await import('undici');
  // Empty strings stop undici from reading process.env behind our back: `env` is the one source.
  // undici 7's agent serves Node 20's bundled fetch (undici 6) at run time (the proxy test shows it), but
  // the two packages' type declarations differ in details such as FormData: one cast, here.
  return new EnvHttpProxyAgent({ httpProxy: '', noProxy: '', ...settings }) as unknown as ProxyDispatcher;
}
