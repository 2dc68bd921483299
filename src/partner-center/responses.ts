// Reading 2xx answers. A 2xx we cannot use is the service breaking its contract: kind 'protocol'.
import { PartnerCenterError } from './errors.js';
import { parseJsonText } from './json.js';
import type { PipelineRequest, PipelineResponse } from './policies/policy.js';
import type { BatchJobStatus, DeviceStatusEntry } from './wire.js';

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

/**
 * A batch-job status, checked for what the tracker reads: `status` a string, `devicesStatus` a list of
 * objects with a string `status`. An absent (or null) list reads as "no devices reported yet" — a job
 * still queued has none — rather than as a broken answer.
 */
export function readBatchJobStatus(request: PipelineRequest, response: PipelineResponse): BatchJobStatus {
  const value = readJson(request, response);
  if (!isRecord(value)) throw protocolError(request, response, `expected a batch job status object, got ${kindOf(value)}`);
  if (typeof value.status !== 'string') {
    throw protocolError(request, response, `expected the batch job's "status" to be a string, got ${kindOf(value.status)}`);
  }
  const devices = value.devicesStatus ?? [];
  if (!Array.isArray(devices)) {
    throw protocolError(request, response, `expected the batch job's "devicesStatus" to be an array, got ${kindOf(devices)}`);
  }
  const bad = devices.findIndex((entry) => !isRecord(entry) || typeof entry.status !== 'string');
  if (bad !== -1) {
    const entry: unknown = devices[bad];
    const got = isRecord(entry) ? `a "status" that is ${kindOf(entry.status)}` : kindOf(entry);
    throw protocolError(request, response, `expected devicesStatus[${bad}] to be an object with a string "status", got ${got}`);
  }
  // The fields the tool reads were checked above; the rest is passed on as the service gave it.
  return { ...value, devicesStatus: devices as DeviceStatusEntry[] } as BatchJobStatus;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "an array", "null", "a number", … for "expected X, got Y" messages; never the value itself. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return type === 'object' ? 'an object' : `a ${type}`;
}
