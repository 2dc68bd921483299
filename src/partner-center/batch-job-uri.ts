// Where an accepted update can be tracked. The service's Location lacks the `/v1` its own GET needs
// (SPEC §1), so the usable URI is `{base}/v1` + Location.
import { PartnerCenterError } from './errors.js';

/** Absolute batch-job URI from a Location value (absolute, `/v1/…`, `/customers/…` or `customers/…`). */
export function batchJobUriFromLocation(endpoint: string, location: string): string {
  const value = location.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return value;
  const path = value.startsWith('/') ? value : `/${value}`;
  return /^\/v1(\/|$)/i.test(path) ? `${endpoint}${path}` : `${endpoint}/v1${path}`;
}

/**
 * A link in a 200/202 body, for when the Location header is missing: `batchJobUri`, `location`, or a
 * Partner Center `links` object (`{"links":{"self":{"uri":…}}}`), preferring one that names a batch job.
 */
export function linkFromBody(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  for (const key of ['batchJobUri', 'batchJobStatusUri', 'location', 'Location']) {
    const value = record[key];
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  const links = record.links;
  if (typeof links !== 'object' || links === null) return undefined;
  const uris = Object.values(links as Record<string, unknown>).flatMap((link) => {
    if (typeof link === 'string') return [link];
    if (typeof link === 'object' && link !== null && 'uri' in link && typeof link.uri === 'string') return [link.uri];
    return [];
  });
  return uris.find((uri) => /batchJobStatus/i.test(uri)) ?? uris[0];
}

/**
 * A batch-job URI no request can be made of: not a URL, or a path with a broken %-escape. Kind
 * 'protocol', as for any link the service gave that cannot be used; its own class because, unlike a bad
 * answer, asking again cannot mend it (the tracker gives the job up).
 */
export class InvalidBatchJobUriError extends PartnerCenterError {
  /** As it was given (a file's cell), not made absolute. */
  readonly batchJobUri: string;

  constructor(batchJobUri: string, cause: unknown) {
    const message = `not a valid batch job URI: ${batchJobUri}`;
    super({ kind: 'protocol', message, description: message, method: 'GET', url: batchJobUri, cause });
    this.batchJobUri = batchJobUri;
  }
}

export function isInvalidBatchJobUriError(e: unknown): e is InvalidBatchJobUriError {
  return e instanceof InvalidBatchJobUriError;
}

export interface BatchJobUriParts {
  /** Absolute, as batchJobUriFromLocation makes it. */
  url: string;
  /** The customer the job belongs to, for throttle reports; undefined when the path names none. */
  customerId: string | undefined;
  /** The last path segment. */
  trackingId: string;
}

/** Reads a batch-job URI (any form batchJobUriFromLocation takes); InvalidBatchJobUriError when it cannot. */
export function parseBatchJobUri(endpoint: string, batchJobUri: string): BatchJobUriParts {
  const url = batchJobUriFromLocation(endpoint, batchJobUri);
  try {
    // `new URL` throws a TypeError and decodeURIComponent a URIError; both mean the same to a caller.
    const path = new URL(url).pathname.replace(/\/+$/, '');
    const segments = path.split('/').map((segment) => decodeURIComponent(segment));
    const customer = segments.findIndex((segment, i) => segment.toLowerCase() === 'customers' && i < segments.length - 2);
    return { url, customerId: customer === -1 ? undefined : segments[customer + 1], trackingId: segments.at(-1) ?? '' };
  } catch (cause) {
    throw new InvalidBatchJobUriError(batchJobUri, cause);
  }
}

/** The tracking ID: the last path segment of the batch-job URI. */
export function trackingIdOf(batchJobUri: string): string {
  return parseBatchJobUri('', batchJobUri).trackingId;
}
