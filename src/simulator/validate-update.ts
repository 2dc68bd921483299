// Checks a DevicePolicyUpdates body as the service does: a pure function from the body text to the
// devices to put in a job, or the error the service would answer. Descriptions name the offending
// device, which is what lets a client split a rejected chunk down to the devices at fault.
import { OOBE_POLICY_KEY } from '../partner-center/wire.js';
import { errorReply, type Reply } from './reply.js';

export interface RequestedDevice {
  id: string;
  policyId: string;
  serialNumber: string | null;
  productKey: string | null;
}

export type UpdateValidation = { ok: true; devices: RequestedDevice[] } | { ok: false; reply: Reply };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(text: string): boolean {
  return GUID.test(text);
}

/**
 * @param customerPolicyIds lower-cased IDs of the customer's policies, or undefined to accept any GUID.
 */
export function validateUpdate(text: string, customerPolicyIds: ReadonlySet<string> | undefined): UpdateValidation {
  const bad = (code: Parameters<typeof errorReply>[1], description: string): UpdateValidation => ({
    ok: false,
    reply: errorReply(400, code, description),
  });
  let body: unknown;
  try {
    body = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return bad('InvalidRequestBody', 'The request body is not valid JSON.');
  }
  if (!isRecord(body) || !Array.isArray(body.Devices)) {
    return bad('MissingDevices', 'The request body must have a Devices array.');
  }
  if (body.Devices.length === 0) return bad('MissingDevices', 'The Devices array is empty.');

  const devices: RequestedDevice[] = [];
  for (const [index, device] of body.Devices.entries()) {
    if (!isRecord(device) || typeof device.Id !== 'string' || device.Id.trim() === '') {
      return bad('MissingDeviceId', `Device at index ${index} has no Id.`);
    }
    const id = device.Id;
    if (!Array.isArray(device.Policies)) {
      return bad('MissingPolicies', `Device ${id} has no Policies list.`);
    }
    if (device.Policies.length === 0) {
      // The real service fails this with a bare 500 rather than a 400 (SPEC §1).
      return { ok: false, reply: errorReply(500, 'InternalServerError', 'An unexpected error occurred.') };
    }
    const oobe = device.Policies.filter((p: unknown) => isRecord(p) && p.Key === OOBE_POLICY_KEY);
    if (oobe.length === 0) return bad('MissingOobePolicy', `Device ${id} has no policy with Key ${OOBE_POLICY_KEY}.`);
    if (oobe.length > 1) return bad('DuplicateOobePolicy', `Device ${id} has more than one ${OOBE_POLICY_KEY} policy.`);
    const value: unknown = (oobe[0] as Record<string, unknown>).Value;
    if (typeof value !== 'string' || !isGuid(value)) {
      return bad('InvalidPolicyId', `Device ${id}: policy value ${JSON.stringify(value)} is not a GUID.`);
    }
    if (customerPolicyIds && !customerPolicyIds.has(value.toLowerCase())) {
      return bad('PolicyNotFound', `Device ${id}: policy ${value} was not found for this customer.`);
    }
    devices.push({ id, policyId: value, serialNumber: stringOrNull(device.SerialNumber), productKey: stringOrNull(device.ProductKey) });
  }
  return { ok: true, devices };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringOrNull(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}
