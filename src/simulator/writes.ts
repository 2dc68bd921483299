// The calls that change something, each answered 202 + Location of a job: the policy update (`PATCH
// devicePolicyUpdates`, SPEC §1), and device upload (SPEC §1 Registering devices): `POST deviceBatches`
// creates a batch with its first devices (409 if it exists), `POST deviceBatches/{id}/devices` adds to
// one (404 if it does not); an upload job's devicesStatus gives each device's new ID or its error. A
// request repeating an MS-RequestId gets the first answer again and creates nothing.
import type { CustomerEntry } from './catalog.js';
import type { SimulatedJob } from './jobs.js';
import { tokenKind } from '../partner-center/token-kind.js';
import { errorReply, type Reply } from './reply.js';
import type { IncomingCall, RouteContext } from './call.js';
import { validateUpdate } from './validate-update.js';
import { validateBatchAddition, validateBatchCreation, type UploadedDevice } from './validate-upload.js';

export function updateDevicePolicies(call: IncomingCall, ctx: RouteContext, cid: string, customer: CustomerEntry): Reply {
  const checked = validateUpdate(call.body, customer.policyIds);
  if (!checked.ok) return checked.reply;
  const { job } = ctx.jobs.accept(
    cid,
    requestIdOf(call),
    () =>
      checked.devices.map((d) => {
        const known = customer.devicesById.get(d.id);
        return {
          deviceId: d.id,
          serialNumber: known?.serialNumber ?? d.serialNumber,
          productKey: known?.productKey ?? d.productKey,
          // An uploaded device is the customer's: the data's list of registered devices does not know it.
          error: ctx.uploads.knows(cid, d.id) ? undefined : ctx.catalog.deviceOutcome(cid, d.id),
          policyId: d.policyId,
        };
      }),
    ctx.options.now(),
  );
  return accepted(job);
}

export function createDeviceBatch(call: IncomingCall, ctx: RouteContext, cid: string, customer: CustomerEntry): Reply {
  // Documented as App+User only (SPEC §1): an app-only token (by its claims) is refused in the real shapes.
  if (ctx.options.shapes === 'real' && tokenKind(bearerOf(call)) === 'app-only') {
    return errorReply(403, 'Forbidden', 'Creating a device batch requires App+User authentication; the token is app-only.');
  }
  const checked = validateBatchCreation(call.body);
  if (!checked.ok) return checked.reply;
  const { batchId, devices } = checked.value;
  // Before the existence check: the batch a first attempt created must not turn its retry into a 409.
  const earlier = ctx.jobs.replay(cid, requestIdOf(call));
  if (earlier !== undefined) return accepted(earlier);
  if (ctx.uploads.hasBatch(cid, customer, batchId)) {
    return errorReply(409, 'DeviceBatchAlreadyExists', `Device batch ${batchId} already exists.`);
  }
  ctx.uploads.createBatch(cid, batchId);
  return upload(call, ctx, cid, batchId, devices);
}

export function addDevicesToBatch(
  call: IncomingCall,
  ctx: RouteContext,
  cid: string,
  customer: CustomerEntry,
  [batchId = '']: string[],
): Reply {
  const checked = validateBatchAddition(call.body);
  if (!checked.ok) return checked.reply;
  const earlier = ctx.jobs.replay(cid, requestIdOf(call));
  if (earlier !== undefined) return accepted(earlier);
  if (!ctx.uploads.hasBatch(cid, customer, batchId)) {
    return errorReply(404, 'DeviceBatchNotFound', `Device batch ${batchId} was not found.`);
  }
  return upload(call, ctx, cid, batchId, checked.value);
}

function upload(call: IncomingCall, ctx: RouteContext, cid: string, batchId: string, devices: UploadedDevice[]): Reply {
  const decisions = ctx.uploads.register(cid, devices, ctx.options.data);
  const { job } = ctx.jobs.accept(
    cid,
    requestIdOf(call),
    () =>
      decisions.map((d) => ({
        deviceId: d.id,
        serialNumber: d.device.serialNumber ?? null,
        productKey: d.device.productKey ?? null,
        error: d.error,
      })),
    ctx.options.now(),
  );
  job.batchId = batchId;
  ctx.uploads.attach(cid, batchId, job, decisions);
  return accepted(job);
}

/** No /v1 in the Location, as the service documents it: the client prefixes `{base}/v1`. */
function accepted(job: SimulatedJob): Reply {
  return { status: 202, headers: { Location: `/customers/${job.customerId}/batchJobStatus/${job.trackingId}` } };
}

function bearerOf(call: IncomingCall): string {
  return /^Bearer\s+(\S+)/i.exec(call.headers.authorization ?? '')?.[1] ?? '';
}

function requestIdOf(call: IncomingCall): string | undefined {
  return call.headers['ms-requestid'] || undefined;
}
