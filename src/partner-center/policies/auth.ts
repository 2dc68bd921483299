// Adds the bearer token, and gives a 401 exactly one second chance with a fresh token when the source
// can give one: a token that expired mid-run is renewed, a token that is simply wrong fails after two
// sends, and a fixed token (which cannot be renewed) fails after one.
import type { TokenSource } from '../contract.js';
import { PartnerCenterError } from '../errors.js';
import { redact } from '../redact.js';
import { assertSafeEndpoint, assertSameOrigin } from '../safe-endpoint.js';
import type { PipelineRequest, PipelineResponse, Policy } from './policy.js';

export function authPolicy(tokens: TokenSource, endpoint: string): Policy {
  return async (request, next) => {
    // Checked on every request, not only at start-up: a batch-job URI read from a file names its own host.
    assertSafeEndpoint(request.url);
    assertSameOrigin(request.url, endpoint);
    const send = async (): Promise<PipelineResponse> => {
      const token = await getToken(tokens, request);
      request.context.secrets.add(token);
      return next(withBearer(request, token));
    };
    const response = await send();
    if (response.status !== 401 || !tokens.renewable) return response;
    tokens.invalidate();
    return send();
  };
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

function withBearer(request: PipelineRequest, token: string): PipelineRequest {
  return { ...request, headers: { ...request.headers, Authorization: `Bearer ${token}` } };
}
