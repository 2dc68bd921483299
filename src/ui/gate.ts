// Who may talk to the page's server. It listens on 127.0.0.1 only, but that is not enough: any web page
// the engineer opens can make their browser send requests to 127.0.0.1, and a DNS name pointed at
// 127.0.0.1 (DNS rebinding) makes such a page same-origin with a server that does not check Host. So
// every request must carry the run's token in its path, name this server in Host, come from this
// origin if it names one, and not be a cross-site request the browser marked as such (Sec-Fetch-Site).
// The rules decide here, without I/O; the server refuses whatever they refuse.
import { timingSafeEqual } from 'node:crypto';

export interface GateSettings {
  /** The per-run token: the first segment of every path. */
  token: string;
  port: number;
}

export type GateDecision =
  | { kind: 'pass'; /** The path after `/<token>`, starting with `/`. */ path: string; query: URLSearchParams }
  /** `/<token>` without its slash: sent on to `/<token>/`, so that the page's relative links resolve. */
  | { kind: 'redirect'; location: string }
  | { kind: 'refuse'; status: 403; reason: RefusalReason };

export type RefusalReason = 'token' | 'host' | 'origin' | 'cross-site';

/** What a refusal says: enough for the engineer to know what to do, nothing an attacker can use. */
export const REFUSAL_TEXT: Readonly<Record<RefusalReason, string>> = {
  token: 'refused: open the address device-policy ui printed (it carries this run\'s token)',
  host: 'refused: this server answers only to 127.0.0.1 and localhost',
  origin: 'refused: request from another origin',
  'cross-site': 'refused: cross-site request',
};

/** The Sec-Fetch-Site values of a request the page itself made, or that the engineer typed or opened. */
const OWN_SITES = new Set(['same-origin', 'none']);

export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function checkRequest(settings: GateSettings, request: { url: string; headers: Record<string, string | string[] | undefined> }): GateDecision {
  const host = single(request.headers['host'])?.toLowerCase();
  const hosts = allowedHosts(settings.port);
  if (host === undefined || !hosts.includes(host)) return refuse('host');
  const origin = single(request.headers['origin']);
  if (origin !== undefined && !hosts.some((h) => origin.toLowerCase() === `http://${h}`)) return refuse('origin');
  const site = single(request.headers['sec-fetch-site']);
  if (site !== undefined && !OWN_SITES.has(site.toLowerCase())) return refuse('cross-site');
  let url: URL;
  try {
    url = new URL(request.url, `http://${host}`);
  } catch {
    return refuse('token');
  }
  const [, first = '', ...rest] = url.pathname.split('/');
  if (!sameToken(first, settings.token)) return refuse('token');
  if (rest.length === 0) return { kind: 'redirect', location: `/${settings.token}/` };
  return { kind: 'pass', path: `/${rest.join('/')}`, query: url.searchParams };
}

function refuse(reason: RefusalReason): GateDecision {
  return { kind: 'refuse', status: 403, reason };
}

/** A header sent twice is not trusted (either copy could be the forged one). */
function single(value: string | string[] | undefined): string | undefined {
  if (Array.isArray(value)) return value.length === 1 ? value[0] : '\u0000';
  return value;
}

/** Compared in constant time, so that the time of a refusal does not spell the token out. */
function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
