// The endpoints of SPEC §1: which path and method go to which handler, and the checks every customer
// route shares (GUID, known customer). Handlers answer with data; faults and auth happen before this.
import type { CustomerEntry } from './catalog.js';
import type { IncomingCall, RouteContext } from './call.js';
import { jobStatus } from './jobs.js';
import { listBatchDevices, listDeviceBatches, listPolicies } from './listing.js';
import { settleFinishedJobs } from './settle.js';
import { listingStyle } from './options.js';
import { errorReply, jsonReply, type Reply } from './reply.js';
import { isGuid } from './validate-update.js';
import { addDevicesToBatch, createDeviceBatch, updateDevicePolicies } from './writes.js';

interface Route {
  method: string;
  /** Lower-cased fixed segments after `/v1/customers/{cid}/`; `*` takes any one segment. */
  pattern: string[];
  handle(call: IncomingCall, ctx: RouteContext, cid: string, customer: CustomerEntry, params: string[]): Reply;
}

const ROUTES: Route[] = [
  { method: 'PATCH', pattern: ['devicepolicyupdates'], handle: updateDevicePolicies },
  {
    method: 'GET',
    pattern: ['batchjobstatus', '*'],
    handle: (_call, ctx, cid, _customer, [trackingId = '']) => {
      const job = ctx.jobs.get(cid, trackingId);
      if (!job) return errorReply(404, 'BatchJobNotFound', `Batch job ${trackingId} was not found.`);
      return jsonReply(jobStatus(job, ctx.options.now(), ctx.options));
    },
  },
  { method: 'GET', pattern: ['policies'], handle: (_call, ctx, _cid, customer) => listPolicies(customer, listingStyle(ctx.options)) },
  { method: 'GET', pattern: ['devicebatches'], handle: (_call, ctx, _cid, customer) => listDeviceBatches(customer, listingStyle(ctx.options)) },
  { method: 'POST', pattern: ['devicebatches'], handle: createDeviceBatch },
  { method: 'POST', pattern: ['devicebatches', '*', 'devices'], handle: addDevicesToBatch },
  {
    method: 'GET',
    pattern: ['devicebatches', '*', 'devices'],
    handle: (call, ctx, cid, customer, [batchId = '']) => {
      settleFinishedJobs(ctx.jobs, cid, customer, ctx.options.now(), ctx.options);
      return listBatchDevices(cid, customer, batchId, call.headers['ms-continuationtoken'], listingStyle(ctx.options));
    },
  },
];

export function route(call: IncomingCall, ctx: RouteContext): Reply {
  const segments = pathSegments(call.url);
  if (segments === undefined) return errorReply(400, 'InvalidRequestPath', 'The request path is not valid.');
  const [v1, customers, cid = '', ...rest] = segments;
  const candidates =
    v1 === 'v1' && customers?.toLowerCase() === 'customers' ? ROUTES.filter((r) => matches(r.pattern, rest)) : [];
  if (candidates.length === 0) return errorReply(404, 'NotFound', `No resource at ${call.url}.`);
  const chosen = candidates.find((r) => r.method === call.method);
  if (!chosen) {
    const reply = errorReply(405, 'MethodNotAllowed', `${call.method} is not allowed on ${call.url}.`);
    return { ...reply, headers: { Allow: candidates.map((r) => r.method).join(', ') } };
  }
  if (!isGuid(cid)) return errorReply(400, 'InvalidCustomerId', `Customer ID ${JSON.stringify(cid)} is not a GUID.`);
  const found = ctx.catalog.customer(cid);
  if (found.kind === 'unknown') return errorReply(404, 'CustomerNotFound', `Customer ${cid} was not found.`);
  const params = rest.filter((_s, i) => chosen.pattern[i] === '*');
  // Devices of finished upload jobs are the customer's from then on, for every route.
  const customer = ctx.uploads.view(cid, found.customer, ctx.options.now(), ctx.options);
  return chosen.handle(call, ctx, cid, customer, params);
}

function matches(pattern: string[], rest: string[]): boolean {
  return pattern.length === rest.length && pattern.every((p, i) => p === '*' || p === rest[i]?.toLowerCase());
}

/** Split before decoding, so an encoded `/` inside a batch ID stays inside its segment. */
function pathSegments(url: string): string[] | undefined {
  const path = url.split('?')[0] ?? '';
  try {
    return path.split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
}
