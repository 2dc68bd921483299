// What to do with a request's final error (the client has already retried what is transient). Pure:
// the scheduler acts on the answer (SPEC §2 Sending).
import { isPartnerCenterError, type PartnerCenterError } from '../partner-center/errors.js';

/** The Detail of rows left unsent because the run was interrupted (Ctrl-C, SIGTERM). */
export const INTERRUPTED = 'not sent: interrupted';
/** The Detail of rows whose request was still in flight when the grace period after Ctrl-C ran out. */
export const ABANDONED =
  'not sent: interrupted while its request was in flight, which was abandoned; the service may have received it: ' +
  'running the same command again re-sends it under the same MS-RequestId, so the service applies it at most once';

/** A 400's answer: what the rows fail with, and the service's words that may name devices. */
export interface Refusal {
  httpStatus: 400;
  errorCode?: string;
  detail: string;
  /** The text entries of the error body's `data`: a device is named when its ID is one of them. */
  data: readonly string[];
}

export type FailureDecision =
  /** A 400 on several devices: some devices in it are refused; find which (named, or by halving). */
  | { action: 'split'; refusal: Refusal }
  /**
   * The request's rows failed. `definitive`: the service refused it (400, 403, 404, 409), so sending it
   * again would change nothing; otherwise (timeouts, 5xx, the network) it may have been applied, and a
   * later run sends it again under the same MS-RequestId.
   */
  | { action: 'fail'; definitive: boolean; httpStatus?: number; errorCode?: string; detail: string }
  /**
   * Nothing more can be sent this run (sign-in refused, the endpoint cannot be reached): stop, with the
   * reason for the user. `unreachable`: the request never reached the service (SPEC §2: the run stops
   * with the rest not-sent, and nothing is marked failed for it).
   */
  | { action: 'stop'; reason: string; unreachable?: true }
  /** The request was cut short by the run's own stop or abort; its rows were not sent. */
  | { action: 'interrupted' };

export interface FailureContext {
  /** Devices in the request that failed. */
  devices: number;
  /** Whether the run's hard-abort signal has fired. */
  aborted: boolean;
}

export function decideOnFailure(error: unknown, context: FailureContext): FailureDecision {
  const answered = isPartnerCenterError(error) && error.kind === 'http';
  // After a hard abort, whatever cut the request short (an AbortError, a reset socket) is the abort
  // itself; only a real answer from the service still says something about the rows.
  if (context.aborted && !answered) return { action: 'interrupted' };
  if (!isPartnerCenterError(error)) {
    return { action: 'fail', definitive: false, detail: `unexpected error: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (error.kind === 'aborted') return { action: 'interrupted' };
  const unreachable = error.kind === 'network' ? unreachableCause(error.networkCode) : undefined;
  if (unreachable !== undefined) {
    // Through a proxy, the connection that failed was the proxy's: naming the endpoint would send the
    // user to check what is fine.
    const where = error.proxy === undefined ? hostOf(error.url) : `the proxy ${error.proxy} (HTTPS_PROXY / HTTP_PROXY; on the way to ${hostOf(error.url)})`;
    return { action: 'stop', reason: `cannot reach ${where}: ${unreachable}`, unreachable: true };
  }
  if (error.kind === 'auth') return { action: 'stop', reason: `sign-in failed (${error.description ?? error.message})` };
  if (error.status === 401) return { action: 'stop', reason: `sign-in was refused (${describeHttp(error)})` };
  if (error.kind === 'http' && error.status === 400 && context.devices > 1) {
    return { action: 'split', refusal: { httpStatus: 400, ...codeField(error), detail: error.description ?? error.message, data: error.data } };
  }
  return { action: 'fail', definitive: error.kind === 'http' && isRefusal(error.status), ...failureFields(error) };
}

/**
 * Whether a refusal names this device (SPEC §2 Sending): its ID is an entry of the body's `data`, or
 * stands as a whole token of the description. Never a substring of another word: a device that only
 * shares part of its ID with the one named is sent again, not failed with a neighbour's error.
 */
export function refusalNames(refusal: Pick<Refusal, 'detail' | 'data'>, device: string): boolean {
  return refusalNamesInData(refusal, device) || namesDevice(refusal.detail, device);
}

/**
 * Whether the body's `data` names this device: an entry that is its ID, or holds it as a whole token.
 * Such a device is the offender; one named only in the free-text description may merely share a word
 * with it, and is sent alone before it is failed.
 */
export function refusalNamesInData(refusal: Pick<Refusal, 'data'>, device: string): boolean {
  return refusal.data.some((entry) => entry.trim() === device || namesDevice(entry, device));
}

/**
 * Whether the text names this device: the ID standing on its own, not inside a longer one (DEV-1 is not
 * named by "DEV-10", nor by "X-DEV-1"). Device IDs are opaque, so "on its own" means not touching a
 * letter, digit, '-' or '_' on either side, nor a '.' that another such character follows (DEV-1 is not
 * named by "DEV-1.5", but is by "device DEV-1.").
 */
export function namesDevice(text: string, device: string): boolean {
  if (device === '') return false;
  for (let at = text.indexOf(device); at !== -1; at = text.indexOf(device, at + 1)) {
    const end = at + device.length;
    const before = at === 0 ? '' : text.charAt(at - 1);
    const after = text.charAt(end);
    const continues = ID_CHAR.test(after) || (INNER_CHAR.test(after) && ID_CHAR.test(text.charAt(end + 1)));
    const precedes = ID_CHAR.test(before) || (INNER_CHAR.test(before) && at >= 2 && ID_CHAR.test(text.charAt(at - 2)));
    if (!precedes && !continues) return true;
  }
  return false;
}

const ID_CHAR = /^[\p{L}\p{N}_-]$/u;
// A character that joins the parts of one ID ("SN.123") but also ends a sentence.
const INNER_CHAR = /^\.$/;

function codeField(error: PartnerCenterError): { errorCode?: string } {
  return error.code === undefined ? {} : { errorCode: error.code };
}

function failureFields(error: PartnerCenterError): { httpStatus?: number; errorCode?: string; detail: string } {
  const fields = { httpStatus: error.status, errorCode: error.code };
  switch (error.kind) {
    case 'http':
      // 400 (one device), 403, 404, 409: the service's own words are what the user needs. Anything
      // else reached here only after the client's retries ran out, which the detail says.
      if (error.status === 403) return { ...fields, detail: `${error.description ?? error.message} (HTTP 403): ${FORBIDDEN_ADVICE}` };
      if (isRefusal(error.status)) return { ...fields, detail: error.description ?? error.message };
      return { ...fields, detail: `${describeHttp(error)}${after(error)}; ${RESEND_ADVICE}` };
    case 'timeout':
      return { ...fields, detail: `no answer in time${after(error)}: ${error.message}; the service may have applied it: ${RESEND_ADVICE}` };
    case 'network':
      return { ...fields, detail: `network error${after(error)}: ${error.message}; the service may have applied it: ${RESEND_ADVICE}` };
    case 'protocol':
      return { ...fields, detail: `unusable answer from the service: ${error.message}; ${RESEND_ADVICE}` };
    case 'auth':
    case 'aborted':
      // Decided above; kept so the switch stays exhaustive if a kind is added.
      return { ...fields, detail: error.message };
  }
}

/**
 * The connection failures that mean the endpoint cannot be reached at all, in words: no answer is coming
 * however many rows are tried. Undefined for failures of one connection (a reset, a timeout).
 */
export function unreachableCause(code: string | undefined): string | undefined {
  if (code === undefined) return undefined;
  if (code === 'ENOTFOUND') return `no such host: the name does not resolve (${code})`;
  if (code === 'EAI_AGAIN') return `the name could not be resolved: DNS did not answer (${code})`;
  if (code === 'ECONNREFUSED') return `the connection was refused (${code})`;
  if (code === 'ENETUNREACH' || code === 'EHOSTUNREACH') return `no route to the host (${code})`;
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return `the connection timed out (${code})`;
  // fetch's own refusal (the WHATWG "bad port" list: ports of other protocols, such as 6000 or 10080).
  if (code === 'bad port') return 'fetch refuses to connect to this port, one it blocks for safety: run the service (or the simulator) on another port';
  if (TLS_CODE.test(code)) return `the TLS connection failed (${code}); a company proxy that inspects TLS needs its root certificate in NODE_EXTRA_CA_CERTS`;
  return undefined;
}

const TLS_CODE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|TLS|SSL|EPROTO/;

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * What a 403 means for a policy update, whatever words the service gave (often only "Forbidden"): the
 * sign-in may not act for this customer.
 */
export const FORBIDDEN_ADVICE =
  'the signed-in user or app may not change this customer\'s devices: it needs the Admin agent role in your partner tenant, ' +
  'and the customer a delegated admin relationship with you; fix that, then feed the results file back';

/** What a row whose request may or may not have been applied is told to do. */
export const RESEND_ADVICE = 'running the same command again re-sends it under the same MS-RequestId, so the service applies it at most once';

function isRefusal(status: number | undefined): boolean {
  return status === 400 || status === 403 || status === 404 || status === 409;
}

function describeHttp(error: PartnerCenterError): string {
  // A 429 body's code is its status again ({"statusCode":429}): "HTTP 429 429" says nothing twice.
  const code = error.code === undefined || error.code === String(error.status) ? '' : ` ${error.code}`;
  const text = error.description ?? error.message;
  return `HTTP ${error.status ?? '?'}${code}: ${text}`;
}

function after(error: PartnerCenterError): string {
  return error.attempts !== undefined && error.attempts > 1 ? ` (after ${error.attempts} attempts)` : '';
}
