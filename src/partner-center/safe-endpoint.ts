// Bearer tokens go only where nobody on the wire can read them (SPEC §2 Sending): https anywhere, or
// plain http to this machine (the simulator).
import { UnsafeEndpointError } from './errors.js';
import { DEFAULT_ENDPOINT } from './wire.js';

/** True for 127.0.0.0/8, `localhost` and `::1`, as the WHATWG URL parser spells them. */
export function isLoopbackHost(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  // The URL parser has already turned forms like `2130706433` or `127.1` into dotted quads.
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** Throws UnsafeEndpointError unless a bearer token may be sent to `url`. */
export function assertSafeEndpoint(url: string | URL): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UnsafeEndpointError(String(url), 'not a valid URL');
  }
  if (parsed.protocol === 'https:') return;
  if (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname)) return;
  const reason = parsed.protocol === 'http:' ? `plain http to ${parsed.hostname}, which is not a loopback address` : `${parsed.protocol} is not http(s)`;
  throw new UnsafeEndpointError(parsed.href, `${reason}; expected https://, or http:// on a loopback address (127.0.0.0/8, localhost, ::1)`);
}

/**
 * The API base as the client uses it, and the one place it is made: the default when none is given,
 * without surrounding spaces or trailing slashes (paths and Locations are appended to it, and a
 * `//v1` would miss), and checked by assertSafeEndpoint. Callers that show or record the endpoint
 * (the results summary) take it from here, so they name exactly what the client talks to.
 */
export function normalizeEndpoint(endpoint: string | undefined): string {
  const normalized = (endpoint ?? DEFAULT_ENDPOINT).trim().replace(/\/+$/, '');
  assertSafeEndpoint(normalized);
  return normalized;
}

/** The token for one endpoint is not handed to another host, e.g. by a batch-job URI read from a file. */
export function assertSameOrigin(url: string, endpoint: string): void {
  const origin = new URL(endpoint).origin;
  if (new URL(url).origin !== origin) {
    throw new UnsafeEndpointError(url, `it is not on the configured endpoint ${origin} (pass that host as --endpoint)`);
  }
}
