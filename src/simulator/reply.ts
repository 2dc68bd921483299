// What a route answers, as data: the server turns it into bytes. Error bodies have the two shapes of
// SPEC §1 (the Partner Center error body, and the 429 body).
import type { PartnerCenterErrorBody, ThrottleErrorBody } from '../partner-center/wire.js';

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** Sent as JSON; absent means an empty body. */
  body?: unknown;
}

/** The codes the simulator puts in error bodies. */
export type SimulatorErrorCode =
  | 'Unauthorized'
  | 'Forbidden'
  | 'InvalidCustomerId'
  | 'CustomerNotFound'
  | 'InvalidRequestBody'
  | 'MissingDevices'
  | 'MissingDeviceId'
  | 'MissingPolicies'
  | 'MissingOobePolicy'
  | 'DuplicateOobePolicy'
  | 'InvalidPolicyId'
  | 'PolicyNotFound'
  | 'InternalServerError'
  | 'ServiceUnavailable'
  | 'BatchJobNotFound'
  | 'DeviceBatchNotFound'
  | 'DeviceBatchAlreadyExists'
  | 'InvalidContinuationToken'
  | 'InvalidRequestPath'
  | 'NotFound'
  | 'MethodNotAllowed';

export function errorReply(status: number, code: SimulatorErrorCode, description: string): Reply {
  const body: PartnerCenterErrorBody = { code, description, data: [], source: 'PartnerFD' };
  return { status, body };
}

/** A 429. `retryAfter` as seconds, or a Date sent as an HTTP date. */
export function throttleReply(retryAfter: number | Date): Reply {
  const seconds =
    typeof retryAfter === 'number' ? retryAfter : Math.max(0, Math.ceil((retryAfter.getTime() - Date.now()) / 1000));
  const header = typeof retryAfter === 'number' ? String(retryAfter) : retryAfter.toUTCString();
  const body: ThrottleErrorBody = {
    statusCode: 429,
    message: `Rate limit is exceeded. Try again in ${seconds} seconds.`,
  };
  return { status: 429, headers: { 'Retry-After': header }, body };
}

export function unavailableReply(status = 503): Reply {
  return errorReply(
    status,
    status === 503 ? 'ServiceUnavailable' : 'InternalServerError',
    'The service is temporarily unavailable. Please try again later.',
  );
}

export function jsonReply(body: unknown, status = 200): Reply {
  return { status, body };
}
