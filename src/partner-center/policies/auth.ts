// Where a bearer token may go, and getting one for a send. The transport adds it (ky's beforeRequest) and
// gives a 401 exactly one second chance with a fresh token when the source can give one: a token that
// expired mid-run is renewed, a token that is simply wrong fails after two sends, and a fixed token
// (which cannot be renewed) fails after one.
import type { TokenSource } from '../contract.js';
import { PartnerCenterError } from '../errors.js';
import { redact } from '../redact.js';
import { assertSafeEndpoint, assertSameOrigin } from '../safe-endpoint.js';
import type { PipelineRequest, Policy } from './policy.js';

/**
 * Refuses, before a token is asked for, to send one where it could be read on the wire or to a host
 * other than the configured endpoint. Checked on every request, not only at start-up: a batch-job URI
 * read from a file names its own host. The bearer itself is added by the transport (ky's hooks).
 */
export function endpointPolicy(endpoint: string): Policy {
  return async (request, next) => {
    assertSafeEndpoint(request.url);
    assertSameOrigin(request.url, endpoint);
    return next(request);
  };
}

/** The token for one send: checked, remembered so that anything echoing it can be scrubbed. */
export async function bearerToken(tokens: TokenSource, request: PipelineRequest): Promise<string> {
  const token = await getToken(tokens, request);
  request.context.secrets.add(token);
  return token;
}

async function getToken(tokens: TokenSource, request: PipelineRequest): Promise<string> {
  let token: string;
  try {
    token = await tokens.getToken(request.signal);
  } catch (error) {
    if (request.signal?.aborted) throw error;
    const reason = redact(error instanceof Error ? error.message : String(error), request.context.secrets);
    throw authError(request, reason, error);
  }
  // fetch would reject such a header with its value, the token, in the message.
  if (!/^[\x21-\x7e]+$/.test(token)) throw authError(request, `${tokens.description} gave a token with spaces or control characters`);
  return token;
}

function authError(request: PipelineRequest, reason: string, cause?: unknown): PartnerCenterError {
  return new PartnerCenterError({
    kind: 'auth',
    message: `${request.method} ${request.url} not sent: ${reason}`,
    description: reason,
    method: request.method,
    url: request.url,
    requestId: request.context.requestId,
    correlationId: request.context.correlationId,
    cause,
  });
}
