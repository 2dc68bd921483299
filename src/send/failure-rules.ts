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
  /** A 400 on several devices: some devices in it are refused; find which (named, or by halving). */
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

/**
 * Whether the service's words name this device: the ID standing on its own, not inside a longer one
 * (DEV-1 is not named by "DEV-10"). Device IDs are opaque, so "on its own" means not touching a letter,
 * digit, '-' or '_' on either side.
 */
export function namesDevice(text: string, device: string): boolean {
  if (device === '') return false;
  for (let at = text.indexOf(device); at !== -1; at = text.indexOf(device, at + 1)) {
    const before = at === 0 ? '' : text.charAt(at - 1);
    const after = text.charAt(at + device.length);
    if (!ID_CHAR.test(before) && !ID_CHAR.test(after)) return true;
  }
  return false;
}

const ID_CHAR = /^[A-Za-z0-9_-]$/;

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
