// The outermost policy: whatever the attempts ended in becomes one PartnerCenterError with the fields
// callers decide on (kind, status, code), and with every token this call sent scrubbed from the text.
import { PartnerCenterError, type PartnerCenterErrorKind } from '../errors.js';
import { classifyFailure } from '../failure.js';
import { failedProxy } from '../proxy.js';
import { parseJsonText, stripBom } from '../json.js';
import { redact } from '../redact.js';
import { isRecord, prop } from '../tolerant.js';
import { capRetryAfter, parseRetryAfter } from './retry-decision.js';
import { isSuccessStatus, type PipelineRequest, type PipelineResponse, type Policy } from './policy.js';

export interface ErrorMappingOptions {
  /** Named in 401 messages so the user knows which sign-in was refused. */
  tokenDescription: string;
  /** The retry policy's cap, applied to a final 429's Retry-After as well. */
  maxRetryAfterMs: number;
  /** Milliseconds clock, for a Retry-After given as an HTTP date. */
  now: () => number;
  /** The proxies configured (HTTPS_PROXY, HTTP_PROXY): one that cannot be reached is named as such. */
  proxies: readonly string[];
}

export function errorMappingPolicy(options: ErrorMappingOptions): Policy {
  return async (request, next) => {
    let response: PipelineResponse;
    try {
      response = await next(request);
    } catch (error) {
      throw failureError(request, error, options.proxies);
    }
    if (isSuccessStatus(response.status)) return response;
    throw httpError(request, response, options);
  };
}

/** The service's code, description and data from either error-body shape; the raw text when it is not JSON. */
export function readErrorBody(response: Pick<PipelineResponse, 'bodyText' | 'statusText'>): { code?: string; description: string; data: string[] } {
  const parsed = parseJsonText(response.bodyText);
  if (parsed.ok && isRecord(parsed.value)) {
    // Any case of the property names (SPEC §1): the service answers in camelCase, its docs vary.
    const body = parsed.value;
    const code = prop(body, 'code') ?? prop(body, 'statusCode');
    const description = prop(body, 'description') ?? prop(body, 'message');
    return {
      code: typeof code === 'string' || typeof code === 'number' ? String(code) : undefined,
      description: typeof description === 'string' ? description : response.statusText,
      data: dataTexts(prop(body, 'data')),
    };
  }
  const text = stripBom(response.bodyText).trim();
  return { description: text === '' ? response.statusText : text.slice(0, 200), data: [] };
}

/** `data` is documented as a list; its entries are strings, or objects whose string fields say something. */
function dataTexts(data: unknown): string[] {
  if (!Array.isArray(data)) return [];
  return data.flatMap((entry: unknown): string[] => {
    if (typeof entry === 'string' || typeof entry === 'number') return [String(entry)];
    if (typeof entry === 'object' && entry !== null && !Array.isArray(entry)) return Object.values(entry).filter((v): v is string => typeof v === 'string');
    return [];
  });
}

function httpError(request: PipelineRequest, response: PipelineResponse, options: ErrorMappingOptions): PartnerCenterError {
  const { context } = request;
  const body = readErrorBody(response);
  const description = redact(body.description, context.secrets);
  const code = body.code === undefined ? undefined : redact(body.code, context.secrets);
  const codeText = code === undefined || code === String(response.status) ? '' : ` (code ${code})`;
  const signIn = response.status === 401 ? ` [sign-in: ${options.tokenDescription}]` : '';
  const retryAfterMs = response.status === 429 ? parseRetryAfter(response.headers.get('retry-after'), options.now()) : undefined;
  return new PartnerCenterError({
    kind: 'http',
    message: `${request.method} ${request.url} answered ${response.status} ${response.statusText}${codeText}: ${description}${signIn}`,
    method: request.method,
    url: request.url,
    status: response.status,
    code,
    description,
    data: body.data.map((entry) => redact(entry, context.secrets)),
    requestId: context.requestId,
    correlationId: context.correlationId,
    msCv: response.headers.get('ms-cv') ?? undefined,
    attempts: context.sends,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs: capRetryAfter(retryAfterMs, options.maxRetryAfterMs) }),
  });
}

function failureError(request: PipelineRequest, error: unknown, proxies: readonly string[]): unknown {
  if (error instanceof PartnerCenterError) return error;
  const failure = failureOf(error, request.signal, proxies);
  // Anything not known to come from the exchange itself (a bug, say) is rethrown as it is.
  if (failure === undefined) return error;
  const { context } = request;
  const after = context.sends > 1 ? ` (after ${context.sends} attempts)` : '';
  return new PartnerCenterError({
    kind: failure.kind,
    message: `${request.method} ${request.url} failed: ${failure.detail}${after}`,
    method: request.method,
    url: request.url,
    requestId: context.requestId,
    correlationId: context.correlationId,
    attempts: context.sends,
    ...(failure.networkCode === undefined ? {} : { networkCode: failure.networkCode }),
    ...(failure.proxy === undefined ? {} : { proxy: failure.proxy }),
    cause: error,
  });
}

function failureOf(
  error: unknown,
  signal: AbortSignal | undefined,
  proxies: readonly string[],
): { kind: PartnerCenterErrorKind; detail: string; networkCode?: string; proxy?: string } | undefined {
  const failure = classifyFailure(error, signal);
  switch (failure.kind) {
    case 'aborted':
      return { kind: 'aborted', detail: 'aborted' };
    case 'timeout':
      return { kind: 'timeout', detail: error instanceof Error ? error.message : 'timeout' };
    case 'network': {
      const proxy = failedProxy(failure.target, proxies);
      const to = proxy === undefined ? '' : ` to the proxy ${proxy}`;
      return { kind: 'network', detail: `connection${to} failed (${failure.code})`, networkCode: failure.code, ...(proxy === undefined ? {} : { proxy }) };
    }
    case 'unknown':
      return undefined;
  }
}
