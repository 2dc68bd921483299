// One typed error for everything the Partner Center side can end in, so callers decide on fields
// (status, code) rather than on message text.

export type PartnerCenterErrorKind =
  /** The service answered with an error status. */
  | 'http'
  /** No answer in time (per-attempt timeout), after the retries. */
  | 'timeout'
  /** The connection failed or was reset, after the retries. */
  | 'network'
  /** No token could be had (sign-in failed). */
  | 'auth'
  /** The call was aborted by the caller (Ctrl-C). */
  | 'aborted'
  /** A 2xx answer we could not use (no batch-job link, unparsable JSON). */
  | 'protocol';

export interface PartnerCenterErrorInit {
  kind: PartnerCenterErrorKind;
  message: string;
  method: string;
  url: string;
  status?: number;
  /** The service's error code (`code` of the error body), as text. */
  code?: string;
  /** The service's `description` (or a 429 body's `message`). */
  description?: string;
  /** The text entries of the error body's `data` (strings, and the string fields of objects). */
  data?: readonly string[];
  requestId?: string;
  correlationId?: string;
  msCv?: string;
  attempts?: number;
  /** A final 429's Retry-After in ms, capped as the retry policy caps it. */
  retryAfterMs?: number;
  /** For kind 'network': the connection's error code (ENOTFOUND, ECONNREFUSED, a TLS code, …). */
  networkCode?: string;
  /** For kind 'network': the proxy the connection was going to, when it was one (no credentials). */
  proxy?: string;
  cause?: unknown;
}

export class PartnerCenterError extends Error {
  override readonly name = 'PartnerCenterError';
  readonly kind: PartnerCenterErrorKind;
  readonly method: string;
  readonly url: string;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly description: string | undefined;
  /** The text entries of the error body's `data`; empty when it has none. */
  readonly data: readonly string[];
  readonly requestId: string | undefined;
  readonly correlationId: string | undefined;
  readonly msCv: string | undefined;
  readonly attempts: number | undefined;
  /**
   * Set on a final 429 that carried a Retry-After: how long the service asked to wait (ms, capped as
   * the retry policy caps it), so a caller that tries again later (the batch-job tracker) can honour
   * it without reading the message.
   */
  readonly retryAfterMs: number | undefined;
  /** For kind 'network': the connection's error code (ENOTFOUND, ECONNREFUSED, a TLS code, …). */
  readonly networkCode: string | undefined;
  /** For kind 'network': the proxy the connection was going to, when it was one (no credentials). */
  readonly proxy: string | undefined;

  constructor(init: PartnerCenterErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.method = init.method;
    this.url = init.url;
    this.status = init.status;
    this.code = init.code;
    this.description = init.description;
    this.data = init.data ?? [];
    this.requestId = init.requestId;
    this.correlationId = init.correlationId;
    this.msCv = init.msCv;
    this.attempts = init.attempts;
    this.retryAfterMs = init.retryAfterMs;
    this.networkCode = init.networkCode;
    this.proxy = init.proxy;
  }
}

export function isPartnerCenterError(e: unknown): e is PartnerCenterError {
  return e instanceof PartnerCenterError;
}

/**
 * A bearer token would travel in clear text to a host that is not this machine, or to a host other than
 * the configured endpoint. Thrown before anything is sent. A PartnerCenterError of kind 'auth', so code
 * that stops on sign-in problems (and the CLI's exit 2) needs no extra case.
 */
export class UnsafeEndpointError extends PartnerCenterError {
  readonly reason: string;

  constructor(url: string, reason: string, method = '') {
    const message = `refusing to send a bearer token to ${url}: ${reason}`;
    super({ kind: 'auth', message, description: message, method, url });
    this.reason = reason;
  }
}

export function isUnsafeEndpointError(e: unknown): e is UnsafeEndpointError {
  return e instanceof UnsafeEndpointError;
}
