// What the rest of the tool needs from the Partner Center side. The client (client.ts) implements
// PartnerCenterApi; the scheduler and the tracker depend on this interface only, so they can be tested
// with a fake.
import type { BatchJobStatus, ConfigurationPolicy, Device, DeviceBatch } from './wire.js';

export interface DeviceAssignment {
  deviceId: string;
  policyId: string;
}

/**
 * A device to register, by what identifies it (SPEC §1 Registering devices): hardware hash (with product
 * key and/or serial), product key alone, or serial + manufacturer + model. Absent fields are not sent.
 */
export interface DeviceRegistration {
  hardwareHash?: string;
  productKey?: string;
  serialNumber?: string;
  manufacturer?: string;
  model?: string;
}

/** An accepted request that started a batch job: a policy update, or a device upload. */
export interface UpdateResult {
  /** Absolute: `{base}/v1/customers/{cid}/batchJobStatus/{trackingId}`. */
  batchJobUri: string;
  trackingId: string;
  /** The HTTP status of the final attempt (202, or 200). */
  status: number;
  requestId: string;
  correlationId: string;
  msCv?: string;
}

export interface RequestOptions {
  /** MS-RequestId: one per chunk or upload, reused on every attempt (the idempotency key). */
  requestId: string;
  signal?: AbortSignal;
}

export interface ListOptions {
  /** Aborts the page in flight (Ctrl-C); no further page is asked for. */
  signal?: AbortSignal;
  /**
   * How many items the listing should hold (a batch's `devicesCount`): it bounds the pages followed
   * (SPEC §2 Safety: ceil(count / 100) + 1).
   */
  expectedCount?: number | undefined;
}

export interface PartnerCenterApi {
  updateDevicePolicies(customerId: string, devices: DeviceAssignment[], options: RequestOptions): Promise<UpdateResult>;
  /** `POST deviceBatches`: creates batch `batchId` with these devices; a 409 means it exists already. */
  createDeviceBatch(customerId: string, batchId: string, devices: DeviceRegistration[], options: RequestOptions): Promise<UpdateResult>;
  /** `POST deviceBatches/{batchId}/devices`: adds devices to an existing batch; a 404 means there is none. */
  addDevicesToBatch(customerId: string, batchId: string, devices: DeviceRegistration[], options: RequestOptions): Promise<UpdateResult>;
  getBatchJobStatus(batchJobUri: string, options?: { signal?: AbortSignal }): Promise<BatchJobStatus>;
  /** Every page of the customer's policies (links.next or the continuation token followed, within bounds). */
  listPolicies(customerId: string, options?: ListOptions): Promise<ConfigurationPolicy[]>;
  listDeviceBatches(customerId: string, options?: ListOptions): Promise<DeviceBatch[]>;
  listBatchDevices(customerId: string, batchId: string, options?: ListOptions): Promise<Device[]>;
}

/** One HTTP exchange, as the `--log` NDJSON records it. Never a token, never a body. */
export interface ExchangeRecord {
  time: string;
  method: string;
  url: string;
  /** Absent when the attempt ended without a response (timeout, reset). */
  status?: number;
  attempt: number;
  durationMs: number;
  requestId: string;
  msCv?: string;
  error?: string;
  retryAfterMs?: number;
}

/** Something the run wants to know as it happens: throttles drive the adaptive concurrency. */
export interface ClientEvents {
  onExchange?(record: ExchangeRecord): void;
  /** A 429 was received; the client will wait `retryAfterMs` before trying again. */
  onThrottle?(info: { retryAfterMs: number; customerId?: string; requestId: string }): void;
  /** Any retry is about to be waited out (429 included). */
  onRetry?(info: { attempt: number; delayMs: number; status?: number; reason: string; requestId: string }): void;
}

/** Where bearer tokens come from. Implementations cache until shortly before expiry. */
export interface TokenSource {
  getToken(signal?: AbortSignal): Promise<string>;
  /** Forget the cached token (after a 401) so the next getToken asks again. */
  invalidate(): void;
  /**
   * Whether getToken can give a different token after invalidate(): true for a sign-in that asks Entra
   * ID again, false for a token given as it is. A 401 is re-sent with a fresh token only when true;
   * a fixed token would only be refused a second time.
   */
  readonly renewable: boolean;
  /** A name for messages, e.g. "token (PARTNER_CENTER_TOKEN)". Never the token. */
  readonly description: string;
  /**
   * Set when the sign-in mode settles whose the token is: `app-only` for a client secret or certificate
   * and for a managed identity. Otherwise the token's claims tell (token-kind.ts).
   */
  readonly kind?: 'app-only';
}
