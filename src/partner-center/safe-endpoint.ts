// Bearer tokens go only where nobody on the wire can read them (SPEC §2 Sending): https anywhere, or
// plain http to this machine (the simulator).
import { UnsafeEndpointError } from './errors.js';

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

/** The token for one endpoint is not handed to another host, e.g. by a batch-job URI read from a file. */
export function assertSameOrigin(url: string, endpoint: string): void {
  const origin = new URL(endpoint).origin;
  if (new URL(url).origin !== origin) {
    throw new UnsafeEndpointError(url, `it is not on the configured endpoint ${origin} (pass that host as --endpoint)`);
  }
}
