// What the simulator knows about the partner's customers, as a JSON file (`--data FILE`) or an object.
//
// {
//   "customers": {                                      // the partner's customers: any other is answered 404
//                                                       // (none listed: every customer is served, empty)
//     "<customer GUID>": {
//       "policies": [ConfigurationPolicy, …],          // absent: two generic policies, any policy GUID accepted
//       "batches":  { "<batch id>": [Device, …] },      // served by deviceBatches and …/devices (paged);
//                                                       // Device: {"id", "serialNumber", "productKey",
//                                                       // "hardwareHash", "modelName", "oemManufacturerName",
//                                                       // "policies": [{"key":"o_o_b_e","value":"<policy id or name>"}]}:
//                                                       // listed as written (a name, for a profile assigned in
//                                                       // the portal; any case of key/value is read); a finished
//                                                       // update replaces them with its policy's ID
//       "devices":  ["<device id>", …]                  // present: the customer's registered devices are
//                                                       // these plus its batches' devices; any other
//                                                       // device fails in its job with ZtdDeviceNotFound
//     }
//   },
//   "otherTenantDevices": ["<device id>", …],           // fail in their job with 808 ZtdDeviceAssignedToOtherTenant;
//                                                       // an upload of a device whose serial, hash or product key
//                                                       // is listed here fails with 808 too
//   "deviceErrors": { "<device id>": {"errorCode": "806", "errorDescription": "ZtdDeviceAlreadyAssigned"} },
//   "unknownCustomers": ["<customer GUID>", …]          // every route of theirs answers 404
// }
//
// Customer IDs are matched case-insensitively; device IDs exactly (they are opaque strings).
import { readFile } from 'node:fs/promises';
import type { ConfigurationPolicy, Device } from '../partner-center/wire.js';

export interface SimulatedCustomer {
  policies?: ConfigurationPolicy[];
  batches?: Record<string, Device[]>;
  devices?: string[];
}

export interface DeviceError {
  errorCode: string;
  errorDescription: string;
}

export interface SimulatorData {
  customers: Record<string, SimulatedCustomer>;
  otherTenantDevices?: string[];
  deviceErrors?: Record<string, DeviceError>;
  unknownCustomers?: string[];
}

export class SimulatorDataError extends Error {
  override readonly name = 'SimulatorDataError';
}

/** Reads and checks a data file; the errors name the file and the offending field. */
export async function loadSimulatorData(file: string): Promise<SimulatorData> {
  const text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new SimulatorDataError(`${file}: not valid JSON (${(e as Error).message})`, { cause: e });
  }
  return parseSimulatorData(json, file);
}

/** Checks the shape of already-parsed data. */
export function parseSimulatorData(json: unknown, source = 'simulator data'): SimulatorData {
  const fail = (where: string, expected: string, got: unknown): never => {
    throw new SimulatorDataError(`${source}: ${where} must be ${expected}, got ${describe(got)}`);
  };
  if (!isRecord(json)) return fail('the top level', 'an object', json);
  if (!isRecord(json.customers)) return fail('customers', 'an object keyed by customer ID', json.customers);
  for (const [cid, customer] of Object.entries(json.customers)) {
    const at = `customers["${cid}"]`;
    if (!isRecord(customer)) return fail(at, 'an object', customer);
    if (customer.policies !== undefined) {
      if (!Array.isArray(customer.policies)) return fail(`${at}.policies`, 'an array', customer.policies);
      customer.policies.forEach((p: unknown, i) => {
        if (!isRecord(p) || typeof p.id !== 'string' || typeof p.name !== 'string') {
          fail(`${at}.policies[${i}]`, 'an object with string id and name', p);
        }
      });
    }
    if (customer.batches !== undefined) {
      if (!isRecord(customer.batches)) return fail(`${at}.batches`, 'an object keyed by batch ID', customer.batches);
      for (const [batchId, devices] of Object.entries(customer.batches)) {
        if (!Array.isArray(devices)) return fail(`${at}.batches["${batchId}"]`, 'an array of devices', devices);
        devices.forEach((d: unknown, i) => {
          if (!isRecord(d) || typeof d.id !== 'string') fail(`${at}.batches["${batchId}"][${i}]`, 'an object with a string id', d);
        });
      }
    }
    if (customer.devices !== undefined && !isStringArray(customer.devices)) {
      return fail(`${at}.devices`, 'an array of device IDs', customer.devices);
    }
  }
  for (const key of ['otherTenantDevices', 'unknownCustomers'] as const) {
    if (json[key] !== undefined && !isStringArray(json[key])) return fail(key, 'an array of strings', json[key]);
  }
  if (json.deviceErrors !== undefined) {
    if (!isRecord(json.deviceErrors)) return fail('deviceErrors', 'an object keyed by device ID', json.deviceErrors);
    for (const [id, e] of Object.entries(json.deviceErrors)) {
      if (!isRecord(e) || typeof e.errorCode !== 'string' || typeof e.errorDescription !== 'string') {
        return fail(`deviceErrors["${id}"]`, 'an object with string errorCode and errorDescription', e);
      }
    }
  }
  // Every field has been checked above, so the cast only names what the checks established.
  return json as unknown as SimulatorData;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'string' ? JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v) : typeof v;
}
