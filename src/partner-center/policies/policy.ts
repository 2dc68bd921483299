// The shape every request policy shares: middleware over one HTTP exchange. Responses are buffered
// (Partner Center answers are small JSON), so the per-attempt timeout covers the body too and a policy
// may read the body without consuming it for the next one.

/** What every policy of one logical call (all its attempts) can see and add to. */
export interface RequestContext {
  /** MS-RequestId: fixed before the first attempt, the same on every retry. */
  readonly requestId: string;
  readonly correlationId: string;
  readonly customerId: string | undefined;
  /** HTTP sends so far, retries and the 401 re-send included. */
  sends: number;
  /** Tokens sent with this call, so anything echoed back can be scrubbed from errors. */
  readonly secrets: Set<string>;
}

export interface PipelineRequest {
  readonly method: 'GET' | 'PATCH' | 'POST';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** The caller's signal outside the timeout policy; caller's + per-attempt timeout inside it. */
  readonly signal?: AbortSignal;
  readonly context: RequestContext;
}

export interface PipelineResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  readonly bodyText: string;
}

export type Next = (request: PipelineRequest) => Promise<PipelineResponse>;
export type Policy = (request: PipelineRequest, next: Next) => Promise<PipelineResponse>;

/** Wraps `transport` so that `policies[0]` runs first (outermost). */
export function composePolicies(policies: readonly Policy[], transport: Next): Next {
  return policies.reduceRight<Next>((next, policy) => (request) => policy(request, next), transport);
}

export function isSuccessStatus(status: number): boolean {
  return status >= 200 && status < 300;
}
