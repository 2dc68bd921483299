// The connection options every command that talks to Partner Center takes, and the one DEFAULTS the
// commands' options and help show. Where a library has a default of its own (the client's retries and
// timeout, the tracker's wait, the service's endpoint) DEFAULTS is built from it, so that the help
// and the library cannot come to disagree; the others are this tool's choices, stated here once.
import type { AuthMode } from '../auth/token-source.js';
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from '../partner-center/defaults.js';
import { DEFAULT_ENDPOINT } from '../partner-center/wire.js';
import { DEFAULT_WAIT_TIMEOUT_MS } from '../track/backoff.js';

export interface ConnectionOptions {
  endpoint: string;
  auth: AuthMode;
  tokenFile: string | undefined;
  clientId: string | undefined;
  tenantId: string | undefined;
  maxRetries: number;
  timeoutMs: number;
  log: string | undefined;
}

export const DEFAULTS = {
  /** Devices per request. */
  chunkSize: 100,
  /** Requests in flight, whole run. */
  concurrency: 4,
  /** Requests in flight per customer. */
  perCustomer: 2,
  maxRetries: DEFAULT_MAX_RETRIES,
  timeoutSeconds: DEFAULT_TIMEOUT_MS / 1000,
  waitTimeoutSeconds: DEFAULT_WAIT_TIMEOUT_MS / 1000,
  endpoint: DEFAULT_ENDPOINT,
} as const;
