// The scheduler's options, and their normalised form: defaults are applied here once, so the loop
// never asks "was this given?".
import type { PartnerCenterApi, RequestOptions, UpdateResult } from '../partner-center/contract.js';
import { type AdaptiveLimit, createAdaptiveLimit } from './adaptive-limit.js';
import type { ChunkSettled, RequestIntent, SendChunk, SendProgress } from './outcomes.js';

/** Sends one chunk (or part of one) as one request: by default a DevicePolicyUpdates PATCH. */
export type ChunkRequest = (chunk: SendChunk, options: RequestOptions) => Promise<UpdateResult>;

export interface SendOptions {
  api: PartnerCenterApi;
  /**
   * Requests in flight for the whole run (`--concurrency`). A number builds an adaptive limit with it
   * as the maximum; pass one made with `createAdaptiveLimit` to wire the client's `onThrottle` to it.
   */
  concurrency: number | AdaptiveLimit;
  /** Requests in flight per customer tenant (`--per-customer`). */
  perCustomer: number;
  /**
   * What a chunk's request is, when it is not a policy update: device uploads (`--register`) go through
   * the same limits, retries, narrowing and journal with a request of their own.
   */
  request?: ChunkRequest;
  /** A fresh MS-RequestId: one per request (each half of a split chunk gets its own). */
  newRequestId(): string;
  /** Default: the system clock. */
  now?(): Date;
  /** Graceful stop (first Ctrl-C): no new requests; those in flight finish. */
  stop?: AbortSignal;
  /** Hard stop: handed to every request so those in flight end too. Also stops new requests. */
  abort?: AbortSignal;
  /**
   * Records a request before it is sent (the journal's write-ahead intent). The request goes out only
   * once this resolves; if it rejects, the run stops and the request is not sent.
   */
  onIntent?(intent: RequestIntent): Promise<void>;
  /** Records a request's answer (the journal). Awaited before its rows count as done. */
  onSettled?(result: ChunkSettled): Promise<void>;
  onProgress?(progress: SendProgress): void;
}

export interface SendSettings {
  limit: AdaptiveLimit;
  perCustomer: number;
  request: ChunkRequest;
  newRequestId(): string;
  now(): Date;
  stop: AbortSignal;
  abort: AbortSignal;
  onIntent(intent: RequestIntent): Promise<void>;
  onSettled(result: ChunkSettled): Promise<void>;
  onProgress(progress: SendProgress): void;
}

export function normaliseSendOptions(options: SendOptions): SendSettings {
  if (!Number.isInteger(options.perCustomer) || options.perCustomer < 1) {
    throw new RangeError(`per-customer concurrency must be a whole number from 1 up, got ${options.perCustomer}`);
  }
  const never = new AbortController().signal;
  return {
    limit: typeof options.concurrency === 'number' ? createAdaptiveLimit({ max: options.concurrency }) : options.concurrency,
    perCustomer: options.perCustomer,
    request:
      options.request ??
      ((chunk, request) =>
        options.api.updateDevicePolicies(chunk.customer, chunk.items.map((item) => ({ deviceId: item.device, policyId: item.policy })), request)),
    newRequestId: options.newRequestId.bind(options),
    now: options.now === undefined ? () => new Date() : options.now.bind(options),
    stop: options.stop ?? never,
    abort: options.abort ?? never,
    onIntent: options.onIntent === undefined ? async () => {} : options.onIntent.bind(options),
    onSettled: options.onSettled === undefined ? async () => {} : options.onSettled.bind(options),
    onProgress: options.onProgress === undefined ? () => {} : options.onProgress.bind(options),
  };
}
