// The simulator's options, normalized once into a type with nothing optional, so that the request
// handling never re-applies defaults.
import { setTimeout as delay } from 'node:timers/promises';
import type { SimulatorData } from './data.js';
import type { Paging, Shapes } from './listing.js';

/** A fault for the next matching request, consumed in order (for tests that need an exact sequence). */
export type ScriptedFault =
  /** 429; `retryAfter` as seconds, or a Date sent as an HTTP date (default: `retryAfterSeconds`). */
  | { kind: 'throttle'; method?: string; retryAfter?: number | Date }
  /** An error status (default 503) with a Partner Center error body. */
  | { kind: 'error'; method?: string; status?: number }
  /** Close the connection without an answer; `afterHandling` first does the work (a PATCH creates its job). */
  | { kind: 'drop'; method?: string; afterHandling?: boolean }
  /** Answer normally, but only after `ms` more (to outlast a client's timeout). */
  | { kind: 'delay'; method?: string; ms: number };

export interface SimulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The expected bearer token; by default any non-empty bearer is accepted. */
  token?: string;
  /** Added to every request before it is handled. */
  latencyMs?: number;
  /** Probability (0..1) of a 429 on any request. */
  throttleRate?: number;
  /** Probability (0..1) of a 503 on any request. */
  errorRate?: number;
  /** Probability (0..1) of closing the connection without an answer. */
  dropRate?: number;
  /** Writes (PATCH, upload POST) in flight at once across the partner; one more gets a 429. Default: unlimited. */
  maxInFlight?: number;
  /** The Retry-After of a 429, in seconds. Default 1. */
  retryAfterSeconds?: number;
  /**
   * Requests a second across the partner, every method counted (a token bucket): one beyond it gets a
   * 429 with the whole seconds until a token is back. Default: unlimited.
   */
  rateLimit?: number;
  /** Tokens the bucket holds (the burst it allows after a quiet spell). Default: one second's worth. */
  rateBurst?: number;
  /** The customers, policies, batches and failing devices; or the path of a JSON file with them. */
  data?: SimulatorData | string;
  /** A job is `queued` for one step, `processing` until `jobSteps` steps have passed, then done. Default 2. */
  jobSteps?: number;
  /** The length of one job step. Default 1000. */
  jobStepMs?: number;
  /** The clock jobs progress by (ms). Default Date.now. */
  now?: () => number;
  /** Uniform in [0, 1): decides the rate-based faults. Default Math.random; see mulberry32. */
  random?: () => number;
  /**
   * How latency and delay faults wait; must reject when `signal` aborts (on close). Tests inject a gate
   * to hold requests in flight without real sleeps. Default: a timer.
   */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Leave `deviceId` out of `devicesStatus`, as the service sometimes does. */
  omitDeviceIds?: boolean;
  /** The status of a done job some of whose devices failed. Default `finished_with_errors`. */
  jobStatusOnDeviceErrors?: 'finished_with_errors' | 'finished';
  /** Prefix error bodies with a UTF-8 BOM, as the service sometimes does. */
  bomInErrors?: boolean;
  /** Devices per page of `…/deviceBatches/{id}/devices`. Default 100. */
  pageSize?: number;
  /**
   * `real` (the default) answers as the live service was seen to (SPEC §1, §3): camelCase, no hashes or
   * product keys in listings, `links: {}`, upload jobs without device IDs, batch creation refused to
   * app-only tokens; `documented` as the docs' fuller tables have it.
   */
  shapes?: Shapes;
  /**
   * How a page names the next: `link` (links.next), `token` (continuationToken), or `endless` (a new
   * next page forever, as a broken service might). Default: `link` in the real shapes, else `token`.
   */
  paging?: Paging;
  /** Faults for the next requests, in order; replaced (not appended to) by setOptions. */
  failNextRequests?: ScriptedFault[];
}

/** What can change while the simulator runs. */
export type SimulatorSettings = Omit<SimulatorOptions, 'port' | 'host' | 'data'> & { data?: SimulatorData };

export interface ResolvedOptions {
  token: string | undefined;
  latencyMs: number;
  throttleRate: number;
  errorRate: number;
  dropRate: number;
  maxInFlight: number;
  retryAfterSeconds: number;
  rateLimit: number;
  /** Resolved: one second's worth of `rateLimit` when not given, at least 1. */
  rateBurst: number;
  data: SimulatorData;
  jobSteps: number;
  jobStepMs: number;
  now: () => number;
  random: () => number;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  omitDeviceIds: boolean;
  jobStatusOnDeviceErrors: 'finished_with_errors' | 'finished';
  bomInErrors: boolean;
  pageSize: number;
  shapes: Shapes;
  /** Undefined: as the shapes have it. */
  paging: Paging | undefined;
  failNextRequests: ScriptedFault[];
}

export const DEFAULTS: ResolvedOptions = {
  token: undefined,
  latencyMs: 0,
  throttleRate: 0,
  errorRate: 0,
  dropRate: 0,
  maxInFlight: Number.POSITIVE_INFINITY,
  retryAfterSeconds: 1,
  rateLimit: Number.POSITIVE_INFINITY,
  rateBurst: Number.POSITIVE_INFINITY,
  data: { customers: {} },
  jobSteps: 2,
  jobStepMs: 1000,
  now: Date.now,
  random: Math.random,
  sleep: (ms, signal) => delay(ms, undefined, { signal }),
  omitDeviceIds: false,
  jobStatusOnDeviceErrors: 'finished_with_errors',
  bomInErrors: false,
  pageSize: 100,
  shapes: 'real',
  paging: undefined,
  failNextRequests: [],
};

/** Applies `changes` over `base`, checking every value; an undefined value keeps the base's. */
export function resolveOptions(base: ResolvedOptions, changes: SimulatorSettings): ResolvedOptions {
  const pick = <K extends keyof ResolvedOptions>(key: K): ResolvedOptions[K] => {
    const v = changes[key as keyof SimulatorSettings];
    return (v === undefined ? base[key] : v) as ResolvedOptions[K];
  };
  const resolved: ResolvedOptions = {
    token: changes.token === '' ? undefined : pick('token'),
    latencyMs: nonNegative('latencyMs', pick('latencyMs')),
    throttleRate: probability('throttleRate', pick('throttleRate')),
    errorRate: probability('errorRate', pick('errorRate')),
    dropRate: probability('dropRate', pick('dropRate')),
    maxInFlight: positive('maxInFlight', pick('maxInFlight')),
    retryAfterSeconds: nonNegative('retryAfterSeconds', pick('retryAfterSeconds')),
    ...rateOptions(base, changes),
    data: pick('data'),
    jobSteps: nonNegative('jobSteps', pick('jobSteps')),
    jobStepMs: positive('jobStepMs', pick('jobStepMs')),
    now: pick('now'),
    random: pick('random'),
    sleep: pick('sleep'),
    omitDeviceIds: pick('omitDeviceIds'),
    jobStatusOnDeviceErrors: pick('jobStatusOnDeviceErrors'),
    bomInErrors: pick('bomInErrors'),
    pageSize: positive('pageSize', pick('pageSize')),
    shapes: oneOf<Shapes>('shapes', pick('shapes'), ['real', 'documented']),
    paging: changes.paging === undefined ? base.paging : oneOf<Paging>('paging', changes.paging, ['link', 'token', 'endless']),
    failNextRequests: [...pick('failNextRequests')],
  };
  return resolved;
}

/** A new rate without a new burst brings the burst to one second of the new rate. */
function rateOptions(base: ResolvedOptions, changes: SimulatorSettings): Pick<ResolvedOptions, 'rateLimit' | 'rateBurst'> {
  const rateLimit = positive('rateLimit', changes.rateLimit ?? base.rateLimit);
  const burst = changes.rateBurst ?? (changes.rateLimit === undefined ? base.rateBurst : Math.max(1, rateLimit));
  return { rateLimit, rateBurst: Math.max(1, positive('rateBurst', burst)) };
}

function oneOf<T extends string>(name: string, v: T, allowed: readonly T[]): T {
  if (!allowed.includes(v)) throw new RangeError(`simulator option ${name}: expected one of ${allowed.join(', ')}, got ${String(v)}`);
  return v;
}

/** The listing style the options give: the paging the shapes use unless one is named. */
export function listingStyle(options: Pick<ResolvedOptions, 'shapes' | 'paging' | 'pageSize'>): { shapes: Shapes; paging: Paging; pageSize: number } {
  return { shapes: options.shapes, paging: options.paging ?? (options.shapes === 'real' ? 'link' : 'token'), pageSize: options.pageSize };
}

function nonNegative(name: string, v: number): number {
  if (!(v >= 0)) throw new RangeError(`simulator option ${name}: expected a number >= 0, got ${v}`);
  return v;
}

function positive(name: string, v: number): number {
  if (!(v > 0)) throw new RangeError(`simulator option ${name}: expected a number > 0, got ${v}`);
  return v;
}

function probability(name: string, v: number): number {
  if (!(v >= 0 && v <= 1)) throw new RangeError(`simulator option ${name}: expected a probability 0..1, got ${v}`);
  return v;
}
