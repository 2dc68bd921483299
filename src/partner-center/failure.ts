// What went wrong when an attempt produced no response: the one place that reads Node/undici error
// shapes, so the retry rules and the error mapping agree on what is transient.
import { isAttemptTimeoutError } from './policies/timeout.js';

export type Failure =
  | { kind: 'aborted' }
  | { kind: 'timeout' }
  /**
   * `transient`: worth another attempt (a reset); not: will fail the same way (no such host). `target`:
   * where the connection that failed was going, when the error says (it is the proxy's when one is used).
   */
  | { kind: 'network'; code: string; transient: boolean; target?: ConnectTarget }
  | { kind: 'unknown' };

// Connection-level failures that a later attempt can get past. Deliberately a list, not "any code":
// an undici argument error, say, will fail the same way every time.
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);
const TRANSIENT_MESSAGES = /socket hang up|other side closed|terminated/i;

function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e: unknown = error; e !== undefined && e !== null && chain.length < 8; ) {
    chain.push(e);
    e = e instanceof Error ? e.cause : undefined;
  }
  return chain;
}

/** Where a failed connection was going, as Node's connect and DNS errors say it. */
export interface ConnectTarget {
  hostname?: string;
  address?: string;
  port?: number;
}

function targetOf(chain: readonly unknown[]): ConnectTarget | undefined {
  for (const e of chain) {
    if (typeof e !== 'object' || e === null) continue;
    const { hostname, address, port } = e as { hostname?: unknown; address?: unknown; port?: unknown };
    const target: ConnectTarget = {
      ...(typeof hostname === 'string' ? { hostname } : {}),
      ...(typeof address === 'string' ? { address } : {}),
      ...(typeof port === 'number' ? { port } : {}),
    };
    if (target.hostname !== undefined || target.address !== undefined) return target;
  }
  return undefined;
}

function codeOf(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null || !('code' in e)) return undefined;
  return typeof e.code === 'string' ? e.code : undefined;
}

/** `callerSignal` is the caller's own signal: its abort wins over whatever the rejection says. */
export function classifyFailure(error: unknown, callerSignal: AbortSignal | undefined): Failure {
  if (callerSignal?.aborted) return { kind: 'aborted' };
  const chain = causeChain(error);
  if (chain.some(isAttemptTimeoutError)) return { kind: 'timeout' };
  for (const e of chain) {
    const code = codeOf(e);
    if (code !== undefined && TRANSIENT_CODES.has(code)) return withTarget({ kind: 'network', code, transient: true }, chain);
  }
  for (const e of chain) {
    if (e instanceof Error && TRANSIENT_MESSAGES.test(e.message)) return { kind: 'network', code: codeOf(e) ?? e.message, transient: true };
  }
  // undici's wrapper for every failure to get a response; what is not known transient is still a
  // network failure (ENOTFOUND, "bad port"), just not one to retry.
  if (error instanceof TypeError && error.message === 'fetch failed') {
    const cause = chain[1];
    return withTarget({ kind: 'network', code: codeOf(cause) ?? (cause instanceof Error ? cause.message : 'fetch failed'), transient: false }, chain);
  }
  return { kind: 'unknown' };
}

function withTarget(failure: Extract<Failure, { kind: 'network' }>, chain: readonly unknown[]): Failure {
  const target = targetOf(chain);
  return target === undefined ? failure : { ...failure, target };
}

/** A short label for logs and messages; never more than a code or a name. */
export function describeFailure(failure: Failure, error: unknown): string {
  switch (failure.kind) {
    case 'aborted':
    case 'timeout':
      return failure.kind;
    case 'network':
      return failure.code;
    case 'unknown':
      return error instanceof Error ? error.name : 'error';
  }
}
