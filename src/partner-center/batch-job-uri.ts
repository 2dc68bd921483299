// Where an accepted update can be tracked. The service's Location lacks the `/v1` its own GET needs
// (SPEC §1), so the usable URI is `{base}/v1` + Location.

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

/** The tracking ID: the last path segment of the batch-job URI. */
export function trackingIdOf(batchJobUri: string): string {
  const path = new URL(batchJobUri).pathname.replace(/\/+$/, '');
  return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
}
