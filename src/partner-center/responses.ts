// Reading 2xx answers. A 2xx we cannot use is the service breaking its contract: kind 'protocol'.
// Property names are read without regard to case (tolerant.ts, SPEC §1).
import { PartnerCenterError } from './errors.js';
import { parseJsonText } from './json.js';
import type { PipelineRequest, PipelineResponse } from './policies/policy.js';
import { count, isRecord, prop, text } from './tolerant.js';
import type { BatchJobStatus, CollectionLink, DeviceStatusEntry } from './wire.js';

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

/** One page of a collection, its items as they came (the caller reads each). */
export interface Page {
  items: unknown[];
  /** `links.next`, when the page names one. */
  nextLink: CollectionLink | undefined;
  /** `continuationToken`, when the page has one. */
  continuationToken: string | undefined;
  /** `totalCount`, when the page has one: the whole collection's or this page's, the sources do not say. */
  totalCount: number | undefined;
}

/** A Collection page (`{items, links, continuationToken}`); a bare array is accepted as a single page. */
export function readPage(request: PipelineRequest, response: PipelineResponse): Page {
  const value = readJson(request, response);
  if (Array.isArray(value)) return { items: value, nextLink: undefined, continuationToken: undefined, totalCount: undefined };
  const items = isRecord(value) ? prop(value, 'items') : undefined;
  if (!isRecord(value) || !Array.isArray(items)) throw protocolError(request, response, 'expected a collection with an "items" array');
  const token = text(value, 'continuationToken');
  return {
    items,
    nextLink: nextLinkOf(prop(value, 'links'), request, response),
    continuationToken: token === undefined || token.trim() === '' ? undefined : token,
    totalCount: count(value, 'totalCount'),
  };
}

/** `links.next`: absent, or a link with a string `uri` (its headers as key/value pairs). */
function nextLinkOf(links: unknown, request: PipelineRequest, response: PipelineResponse): CollectionLink | undefined {
  if (!isRecord(links)) return undefined;
  const next = prop(links, 'next');
  if (next === undefined || next === null) return undefined;
  const uri = isRecord(next) ? text(next, 'uri') : typeof next === 'string' ? next : undefined;
  if (uri === undefined || uri.trim() === '') throw protocolError(request, response, 'its "links.next" has no "uri"');
  const link: CollectionLink = { uri: uri.trim() };
  if (!isRecord(next)) return link;
  const method = text(next, 'method');
  if (method !== undefined) link.method = method;
  const headers = prop(next, 'headers');
  if (Array.isArray(headers)) {
    link.headers = headers.flatMap((h) => {
      const key = isRecord(h) ? text(h, 'key') : undefined;
      const value = isRecord(h) ? text(h, 'value') : undefined;
      return key === undefined || value === undefined ? [] : [{ key, value }];
    });
  }
  return link;
}

/**
 * A batch-job status, checked for what the tracker reads: `status` a string, `devicesStatus` a list of
 * objects with a string `status`. An absent (or null) list reads as "no devices reported yet" — a job
 * still queued has none — rather than as a broken answer.
 */
export function readBatchJobStatus(request: PipelineRequest, response: PipelineResponse): BatchJobStatus {
  const value = readJson(request, response);
  if (!isRecord(value)) throw protocolError(request, response, `expected a batch job status object, got ${kindOf(value)}`);
  const status = prop(value, 'status');
  if (typeof status !== 'string') {
    throw protocolError(request, response, `expected the batch job's "status" to be a string, got ${kindOf(status)}`);
  }
  const devices = prop(value, 'devicesStatus') ?? [];
  if (!Array.isArray(devices)) {
    throw protocolError(request, response, `expected the batch job's "devicesStatus" to be an array, got ${kindOf(devices)}`);
  }
  const bad = devices.findIndex((entry) => !isRecord(entry) || typeof prop(entry, 'status') !== 'string');
  if (bad !== -1) {
    const entry: unknown = devices[bad];
    const got = isRecord(entry) ? `a "status" that is ${kindOf(prop(entry, 'status'))}` : kindOf(entry);
    throw protocolError(request, response, `expected devicesStatus[${bad}] to be an object with a string "status", got ${got}`);
  }
  const job: BatchJobStatus = { batchTrackingId: text(value, 'batchTrackingId') ?? '', status, devicesStatus: [] };
  for (const field of ['startedTime', 'completedTime'] as const) {
    const time = text(value, field);
    if (time !== undefined) job[field] = time;
  }
  job.devicesStatus = devices.map((entry) => deviceStatusEntry(entry as Record<string, unknown>));
  return job;
}

/** An entry checked above, with the fields it has; an error code may come as a string or a number (SPEC §1). */
function deviceStatusEntry(entry: Record<string, unknown>): DeviceStatusEntry {
  const read: DeviceStatusEntry = { status: text(entry, 'status') ?? '' };
  for (const field of ['deviceId', 'serialNumber', 'productKey', 'errorDescription'] as const) {
    const value = text(entry, field);
    if (value !== undefined) read[field] = value;
  }
  const code = prop(entry, 'errorCode');
  if (typeof code === 'string' || typeof code === 'number') read.errorCode = code;
  return read;
}

/** "an array", "null", "a number", … for "expected X, got Y" messages; never the value itself. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return type === 'object' ? 'an object' : `a ${type}`;
}
