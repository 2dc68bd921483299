// What to do with a request's final error (the client has already retried what is transient). Pure:
// the scheduler acts on the answer (SPEC §2 Sending).
import { isPartnerCenterError, type PartnerCenterError } from '../partner-center/errors.js';

/** The Detail of rows left unsent because the run was interrupted (Ctrl-C, SIGTERM). */
export const INTERRUPTED = 'not sent: interrupted';

/** A 400's answer: what the rows fail with, and what two refusals are compared by. */
export interface Refusal {
  httpStatus: 400;
  errorCode?: string;
  detail: string;
}

export type FailureDecision =
  /** A 400 on several devices: some device in it may be refused; halve the chunk to find which. */
  | { action: 'split'; refusal: Refusal }
  /** The request's rows failed. */
  | { action: 'fail'; httpStatus?: number; errorCode?: string; detail: string }
  /** Nothing more can be sent this run (sign-in refused): stop, with the reason for the user. */
  | { action: 'stop'; reason: string }
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
    return { action: 'fail', detail: `unexpected error: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (error.kind === 'aborted') return { action: 'interrupted' };
  if (error.kind === 'auth') return { action: 'stop', reason: `sign-in failed (${error.description ?? error.message})` };
  if (error.status === 401) return { action: 'stop', reason: `sign-in was refused (${describeHttp(error)})` };
  if (error.kind === 'http' && error.status === 400 && context.devices > 1) {
    return { action: 'split', refusal: { httpStatus: 400, ...codeField(error), detail: error.description ?? error.message } };
  }
  return { action: 'fail', ...failureFields(error) };
}

/** The 400 behind a decision (a part to split, or a single device that failed), if it was one. */
export function refusalOf(decision: FailureDecision): Refusal | undefined {
  if (decision.action === 'split') return decision.refusal;
  if (decision.action === 'fail' && decision.httpStatus === 400) {
    return { httpStatus: 400, ...(decision.errorCode === undefined ? {} : { errorCode: decision.errorCode }), detail: decision.detail };
  }
  return undefined;
}

/**
 * Whether two halves of a part were refused for the same reason: the same code, and the same words
 * once the part's device IDs are set aside (the service names the device it stopped at, which differs
 * between halves even when the reason — a policy the customer lacks — is shared by every device).
 */
export function refusedAlike(a: Refusal, b: Refusal, deviceIds: readonly string[]): boolean {
  if (a.errorCode !== b.errorCode) return false;
  // Longest first, so an ID that contains another is set aside whole.
  const ids = deviceIds.filter((id) => id !== '').sort((x, y) => y.length - x.length);
  const withoutDevices = (text: string): string => ids.reduce((rest, id) => rest.split(id).join('\u0000'), text);
  return withoutDevices(a.detail) === withoutDevices(b.detail);
}

function codeField(error: PartnerCenterError): { errorCode?: string } {
  return error.code === undefined ? {} : { errorCode: error.code };
}

function failureFields(error: PartnerCenterError): { httpStatus?: number; errorCode?: string; detail: string } {
  const fields = { httpStatus: error.status, errorCode: error.code };
  switch (error.kind) {
    case 'http':
      // 400 (one device), 403, 404, 409: the service's own words are what the user needs. Anything
      // else reached here only after the client's retries ran out, which the detail says.
      if (isRefusal(error.status)) return { ...fields, detail: error.description ?? error.message };
      return { ...fields, detail: `${describeHttp(error)}${after(error)}` };
    case 'timeout':
      return { ...fields, detail: `no answer in time${after(error)}: ${error.message}` };
    case 'network':
      return { ...fields, detail: `network error${after(error)}: ${error.message}` };
    case 'protocol':
      return { ...fields, detail: `unusable answer from the service: ${error.message}` };
    case 'auth':
    case 'aborted':
      // Decided above; kept so the switch stays exhaustive if a kind is added.
      return { ...fields, detail: error.message };
  }
}

function isRefusal(status: number | undefined): boolean {
  return status === 400 || status === 403 || status === 404 || status === 409;
}

function describeHttp(error: PartnerCenterError): string {
  const code = error.code === undefined ? '' : ` ${error.code}`;
  const text = error.description ?? error.message;
  return `HTTP ${error.status ?? '?'}${code}: ${text}`;
}

function after(error: PartnerCenterError): string {
  return error.attempts !== undefined && error.attempts > 1 ? ` (after ${error.attempts} attempts)` : '';
}
