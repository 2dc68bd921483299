// Client options as callers give them, and the one place their defaults are applied (STYLE 4).
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { VERSION } from '../package/version.js';
import type { ClientEvents, TokenSource } from './contract.js';
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from './defaults.js';
import { DEFAULT_BASE_DELAY_MS, DEFAULT_MAX_DELAY_MS } from './policies/retry-decision.js';
import type { Sleep } from './policies/retry.js';
import { normalizeEndpoint } from './safe-endpoint.js';
import type { FetchFunction } from './transport.js';
import type { ProxyDispatcher } from './proxy.js';

export interface ClientOptions {
  tokens: TokenSource;
  /** API base, e.g. https://api.partnercenter.microsoft.com or http://127.0.0.1:PORT; see normalizeEndpoint. */
  endpoint?: string;
  /** MS-CorrelationId: one per run. Default: a fresh UUID. */
  correlationId?: string;
  /** Retries of one request (not counting the first attempt). Default 5. */
  maxRetries?: number;
  /** Per attempt. Default 60 000. */
  timeoutMs?: number;
  /** Cap on a server-given Retry-After. Default 120 000. */
  maxRetryAfterMs?: number;
  /** Backoff: first ceiling (doubling per attempt) and overall ceiling. Defaults 1 000 and 60 000. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** MS-PartnerCenter-Application. Default `device-policy/<version>`. */
  applicationName?: string;
  events?: ClientEvents;
  // Injectable for tests.
  sleep?: Sleep;
  random?: () => number;
  now?: () => number;
  fetch?: FetchFunction;
  /** Where fetch sends requests: a proxy (see proxyDispatcher), or undefined for a direct connection. */
  dispatcher?: ProxyDispatcher | undefined;
  /** The proxies the dispatcher sends through (proxyUrls), so that one that cannot be reached is named. */
  proxies?: readonly string[];
}

export type NormalizedClientOptions = Required<Omit<ClientOptions, 'events' | 'dispatcher'>> & { events: ClientEvents; dispatcher: ProxyDispatcher | undefined };

export const MAX_RETRY_AFTER_MS = 120_000;

export const abortableSleep: Sleep = (ms, signal) => delay(ms, undefined, { signal });

function count(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name}: expected an integer >= ${min}, got ${value}`);
  return value;
}

export function normalizeClientOptions(options: ClientOptions): NormalizedClientOptions {
  return {
    tokens: options.tokens,
    endpoint: normalizeEndpoint(options.endpoint),
    correlationId: options.correlationId ?? randomUUID(),
    maxRetries: count('maxRetries', options.maxRetries ?? DEFAULT_MAX_RETRIES, 0),
    timeoutMs: count('timeoutMs', options.timeoutMs ?? DEFAULT_TIMEOUT_MS, 1),
    maxRetryAfterMs: Math.min(count('maxRetryAfterMs', options.maxRetryAfterMs ?? MAX_RETRY_AFTER_MS, 0), MAX_RETRY_AFTER_MS),
    baseDelayMs: count('baseDelayMs', options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS, 0),
    maxDelayMs: count('maxDelayMs', options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS, 0),
    applicationName: options.applicationName ?? `device-policy/${VERSION}`,
    events: options.events ?? {},
    sleep: options.sleep ?? abortableSleep,
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
    fetch: options.fetch ?? globalThis.fetch,
    dispatcher: options.dispatcher,
    proxies: options.proxies ?? [],
  };
}
