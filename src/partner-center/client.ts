// The Partner Center client (SPEC §1): builds each call's request exactly as the service documents it,
// hands it to the policy pipeline, and reads the answer. It knows nothing of spreadsheets.
import { randomUUID } from 'node:crypto';
import { isInvalidBatchJobUriError, linkFromBody, parseBatchJobUri, type BatchJobUriParts } from './batch-job-uri.js';
import type { DeviceAssignment, DeviceRegistration, ListOptions, PartnerCenterApi, RequestOptions, UpdateResult } from './contract.js';
import { normalizeClientOptions, type ClientOptions, type NormalizedClientOptions } from './options.js';
import { createPipeline } from './pipeline.js';
import type { PipelineRequest, PipelineResponse } from './policies/policy.js';
import { Pager } from './paging.js';
import { readBatch, readDevice, readPolicy } from './resources.js';
import { protocolError, readBatchJobStatus, readOptionalJson, readPage } from './responses.js';
import { batchCreationBody, deviceUploads } from './upload-body.js';
import {
  OOBE_POLICY_KEY,
  type BatchJobStatus,
  type ConfigurationPolicy,
  type Device,
  type DeviceBatch,
  type DevicePolicyUpdateRequest,
} from './wire.js';

export type { ClientOptions } from './options.js';
export { assertSafeEndpoint, normalizeEndpoint } from './safe-endpoint.js';

interface CallOptions {
  customerId: string | undefined;
  requestId?: string;
  body?: string;
  signal?: AbortSignal;
  /** Headers a next-page link asks for (MS-ContinuationToken, …); never the bearer. */
  extraHeaders?: Record<string, string>;
}

interface Exchange {
  request: PipelineRequest;
  response: PipelineResponse;
}

export function createPartnerCenterClient(options: ClientOptions): PartnerCenterApi {
  const settings = normalizeClientOptions(options);
  const send = createPipeline(settings);
  const customerUrl = (customerId: string): string => `${settings.endpoint}/v1/customers/${encodeURIComponent(customerId)}`;

  const call = async (method: PipelineRequest['method'], url: string, options: CallOptions): Promise<Exchange> => {
    // Fixed here, before the pipeline, so that every retry of this call sends the same MS-RequestId.
    const requestId = options.requestId ?? randomUUID();
    const request: PipelineRequest = {
      method,
      url,
      headers: requestHeaders(settings, requestId, options),
      body: options.body,
      signal: options.signal,
      context: { requestId, correlationId: settings.correlationId, customerId: options.customerId, sends: 0, secrets: new Set() },
    };
    return { request, response: await send(request) };
  };

  /**
   * Every page of a listing, each item read by `read` (dropped when it cannot be). A listing that cannot
   * be paged on safely (paging.ts) is an error of kind 'protocol': the caller's rows say so.
   */
  const getCollection = async <T>(url: string, customerId: string, read: (raw: unknown) => T | undefined, options: ListOptions | undefined): Promise<T[]> => {
    const items: T[] = [];
    const pager = new Pager({ endpoint: settings.endpoint, expectedCount: options?.expectedCount });
    const signal = options?.signal;
    let next: { url: string; headers: Record<string, string> } = { url, headers: {} };
    for (;;) {
      const { request, response } = await call('GET', next.url, { customerId, extraHeaders: next.headers, ...(signal === undefined ? {} : { signal }) });
      const page = readPage(request, response);
      for (const raw of page.items) {
        const item = read(raw);
        if (item !== undefined) items.push(item);
      }
      const step = pager.next(page, next.url);
      if (step.kind === 'done') return items;
      if (step.kind === 'broken') throw protocolError(request, response, `its listing cannot be followed further: ${step.problem}`);
      next = step;
    }
  };

  /** A request that starts a batch job: 202 (or 200) with the job's link in Location, or in the body. */
  const submit = async (method: 'PATCH' | 'POST', url: string, customerId: string, body: unknown, options: RequestOptions): Promise<UpdateResult> => {
    if (options.requestId.trim() === '') throw new RangeError('requestId: expected a UUID, got an empty string');
    const { request, response } = await call(method, url, {
      customerId,
      requestId: options.requestId,
      body: JSON.stringify(body),
      signal: options.signal,
    });
    const link = response.headers.get('location') ?? linkFromBody(readOptionalJson(response));
    if (link === undefined || link.trim() === '') {
      throw protocolError(request, response, 'has neither a Location header nor a batch-job link in its body');
    }
    const job = batchJobOf(settings.endpoint, link, request, response);
    return {
      batchJobUri: job.url,
      trackingId: job.trackingId,
      status: response.status,
      requestId: request.context.requestId,
      correlationId: settings.correlationId,
      msCv: response.headers.get('ms-cv') ?? undefined,
    };
  };

  return {
    async updateDevicePolicies(customerId: string, devices: DeviceAssignment[], options: RequestOptions): Promise<UpdateResult> {
      return submit('PATCH', `${customerUrl(customerId)}/DevicePolicyUpdates`, customerId, updateRequestBody(devices), options);
    },

    async createDeviceBatch(customerId: string, batchId: string, devices: DeviceRegistration[], options: RequestOptions): Promise<UpdateResult> {
      return submit('POST', `${customerUrl(customerId)}/deviceBatches`, customerId, batchCreationBody(batchId, devices), options);
    },

    async addDevicesToBatch(customerId: string, batchId: string, devices: DeviceRegistration[], options: RequestOptions): Promise<UpdateResult> {
      const url = `${customerUrl(customerId)}/deviceBatches/${encodeURIComponent(batchId)}/devices`;
      return submit('POST', url, customerId, deviceUploads(devices), options);
    },

    async getBatchJobStatus(batchJobUri: string, options?: { signal?: AbortSignal }): Promise<BatchJobStatus> {
      // An unusable URI (a file's cell) is refused here, as one: in the pipeline, the endpoint check would
      // call it an unsafe host (kind 'auth'), which stops tracking altogether.
      const { url, customerId } = parseBatchJobUri(settings.endpoint, batchJobUri);
      const { request, response } = await call('GET', url, { customerId, signal: options?.signal });
      return readBatchJobStatus(request, response);
    },

    listPolicies(customerId: string, options?: ListOptions): Promise<ConfigurationPolicy[]> {
      return getCollection(`${customerUrl(customerId)}/policies`, customerId, readPolicy, options);
    },

    listDeviceBatches(customerId: string, options?: ListOptions): Promise<DeviceBatch[]> {
      return getCollection(`${customerUrl(customerId)}/deviceBatches`, customerId, readBatch, options);
    },

    listBatchDevices(customerId: string, batchId: string, options?: ListOptions): Promise<Device[]> {
      return getCollection(`${customerUrl(customerId)}/deviceBatches/${encodeURIComponent(batchId)}/devices`, customerId, readDevice, options);
    },
  };
}

/** SPEC §1's body: exactly one `o_o_b_e` entry per device, so never an empty Policies list. */
export function updateRequestBody(devices: readonly DeviceAssignment[]): DevicePolicyUpdateRequest {
  if (devices.length === 0) throw new RangeError('devices: expected at least one device, got none');
  return {
    Devices: devices.map((device) => {
      if (device.deviceId === '' || device.policyId === '') {
        throw new RangeError(`devices: expected a device ID and a policy ID, got "${device.deviceId}" and "${device.policyId}"`);
      }
      return { Id: device.deviceId, Policies: [{ Key: OOBE_POLICY_KEY, Value: device.policyId }] };
    }),
    Attributes: { ObjectType: 'DevicePolicyUpdateRequest' },
  };
}

function requestHeaders(settings: NormalizedClientOptions, requestId: string, options: CallOptions): Record<string, string> {
  return {
    Accept: 'application/json',
    ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
    'MS-RequestId': requestId,
    'MS-CorrelationId': settings.correlationId,
    'MS-PartnerCenter-Application': settings.applicationName,
    'X-Locale': 'en-US',
    // Documented as required; the SDK leaves it out, harmlessly (SPEC §1).
    'MS-Contract-Version': 'v1',
    ...options.extraHeaders,
  };
}

/** The batch job an accepted update names; a link that is no URI is the service breaking its contract. */
function batchJobOf(endpoint: string, link: string, request: PipelineRequest, response: PipelineResponse): BatchJobUriParts {
  try {
    return parseBatchJobUri(endpoint, link);
  } catch (e) {
    if (!isInvalidBatchJobUriError(e)) throw e;
    throw protocolError(request, response, `its batch-job link is not a valid URI: ${link}`);
  }
}
