// Reading 2xx answers. A 2xx we cannot use is the service breaking its contract: kind 'protocol'.
import { PartnerCenterError } from './errors.js';
import { parseJsonText } from './json.js';
import type { PipelineRequest, PipelineResponse } from './policies/policy.js';

export function protocolError(request: PipelineRequest, response: PipelineResponse, problem: string): PartnerCenterError {
  return new PartnerCenterError({
    kind: 'protocol',
    message: `${request.method} ${request.url} answered ${response.status} but ${problem}`,
    method: request.method,
    url: request.url,
    status: response.status,
    requestId: request.context.requestId,
    correlationId: request.context.correlationId,
    msCv: response.headers.get('ms-cv') ?? undefined,
    attempts: request.context.sends,
  });
}

export function readJson(request: PipelineRequest, response: PipelineResponse): unknown {
  const parsed = parseJsonText(response.bodyText);
  if (!parsed.ok) throw protocolError(request, response, `the body is not JSON: ${response.bodyText.slice(0, 80)}`);
  return parsed.value;
}

/** An empty or non-JSON body reads as nothing (a 202 normally has none). */
export function readOptionalJson(response: PipelineResponse): unknown {
  const parsed = parseJsonText(response.bodyText);
  return parsed.ok ? parsed.value : undefined;
}

export interface Page<T> {
  items: T[];
  continuationToken: string | undefined;
}

/** A Collection page (`{items, continuationToken}`); a bare array is accepted as a single page. */
export function readPage<T>(request: PipelineRequest, response: PipelineResponse): Page<T> {
  const value = readJson(request, response);
  if (Array.isArray(value)) return { items: value as T[], continuationToken: undefined };
  if (typeof value !== 'object' || value === null || !('items' in value) || !Array.isArray(value.items)) {
    throw protocolError(request, response, 'expected a collection with an "items" array');
  }
  const token = 'continuationToken' in value ? value.continuationToken : undefined;
  return {
    items: value.items as T[],
    continuationToken: typeof token === 'string' && token !== '' ? token : undefined,
  };
}
