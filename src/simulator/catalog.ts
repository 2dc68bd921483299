// The simulator's data, indexed once for the questions the routes ask: does the customer exist, which
// policies does it have, which batches and devices, and how will a device fare in a job.
import type { ConfigurationPolicy, Device } from '../partner-center/wire.js';
import type { DeviceError, SimulatorData } from './data.js';
import { isRecord, prop, text } from '../partner-center/tolerant.js';

/** Served to customers the data says nothing about, so a bare simulator still lists something. */
export const GENERIC_POLICIES: readonly ConfigurationPolicy[] = [
  {
    // The policy of SPEC §1's documented request, so that example (and sheets copied from it) passes a
    // client's check of policies before sending against a bare simulator.
    id: '15a04610-9229-4e80-94e0-0e826a09c9e2',
    name: 'Autopilot - User-driven',
    category: 'o_o_b_e',
    description: 'Generic user-driven profile served by the simulator',
    policySettings: ['remove_oem_preinstalls', 'oobe_user_not_local_admin', 'skip_express_settings', 'skip_eula'],
  },
  {
    id: '6c3d7e4f-8021-4b32-8c43-d5e6f7081902',
    name: 'Autopilot - Self-deploying',
    category: 'o_o_b_e',
    description: 'Generic self-deploying profile served by the simulator',
    policySettings: ['remove_oem_preinstalls', 'skip_express_settings', 'skip_oem_registration', 'skip_eula'],
  },
];

export interface CustomerEntry {
  policies: readonly ConfigurationPolicy[];
  /** Undefined when the data does not list the customer's policies: then any policy GUID is accepted. */
  policyIds: ReadonlySet<string> | undefined;
  batches: ReadonlyMap<string, readonly Device[]>;
  /** Undefined when the data does not list the customer's devices: then every device is known. */
  registered: ReadonlySet<string> | undefined;
  /**
   * Every device of every batch (the simulator's own copies: a finished job changes their `policies`,
   * so a listing after it shows the policy the device now carries).
   */
  devicesById: ReadonlyMap<string, Device>;
}

export type CustomerLookup = { kind: 'unknown' } | { kind: 'known'; customer: CustomerEntry };

export interface Catalog {
  customer(customerId: string): CustomerLookup;
  /** The error a device will end its job with, or undefined when it will succeed. */
  deviceOutcome(customerId: string, deviceId: string): DeviceError | undefined;
}

export function buildCatalog(data: SimulatorData): Catalog {
  const customers = new Map<string, CustomerEntry>();
  for (const [cid, c] of Object.entries(data.customers)) {
    // Copies, so that applying policies never changes the data object a test passed in.
    const batches = new Map(Object.entries(c.batches ?? {}).map(([id, devices]) => [id, devices.map(copyDevice)] as const));
    const devicesById = new Map<string, Device>();
    for (const devices of batches.values()) for (const d of devices) devicesById.set(d.id, d);
    customers.set(cid.toLowerCase(), {
      policies: c.policies ?? GENERIC_POLICIES,
      policyIds: c.policies === undefined ? undefined : new Set(c.policies.map((p) => p.id.toLowerCase())),
      batches,
      registered: c.devices === undefined ? undefined : new Set([...c.devices, ...devicesById.keys()]),
      devicesById,
    });
  }
  const unknown = new Set((data.unknownCustomers ?? []).map((c) => c.toLowerCase()));
  const otherTenant = new Set(data.otherTenantDevices ?? []);
  const deviceErrors = new Map(Object.entries(data.deviceErrors ?? {}));
  const bare: CustomerEntry = {
    policies: GENERIC_POLICIES,
    policyIds: undefined,
    batches: new Map(),
    registered: undefined,
    devicesById: new Map(),
  };

  // Data that names customers names all of them: any other is answered 404, as the service answers for
  // a tenant that is not the partner's customer (a domain given for its ID, a typo). Data naming none (a
  // bare simulator) serves any customer as an empty one.
  const namesCustomers = customers.size > 0;
  const customer = (customerId: string): CustomerLookup => {
    const cid = customerId.toLowerCase();
    if (unknown.has(cid)) return { kind: 'unknown' };
    const entry = customers.get(cid);
    if (entry !== undefined) return { kind: 'known', customer: entry };
    return namesCustomers ? { kind: 'unknown' } : { kind: 'known', customer: bare };
  };

  return {
    customer,
    deviceOutcome(customerId, deviceId) {
      // Terse, as the service is: the code and the error's name, nothing more.
      if (otherTenant.has(deviceId)) return { errorCode: '808', errorDescription: 'ZtdDeviceAssignedToOtherTenant' };
      const explicit = deviceErrors.get(deviceId);
      if (explicit) return explicit;
      const found = customer(customerId);
      if (found.kind === 'known' && found.customer.registered && !found.customer.registered.has(deviceId)) {
        return { errorCode: 'ZtdDeviceNotFound', errorDescription: 'ZtdDeviceNotFound' };
      }
      return undefined;
    },
  };
}

/**
 * A device as the data gives it (absent fields stay absent), its policies its own. A data file may write
 * a policy entry's names in any case (`Key`/`Value` as requests do, `key`/`value` as listings do); they
 * are kept as the listing writes them.
 */
function copyDevice(device: Device): Device {
  if (!Array.isArray(device.policies)) return { ...device };
  const policies = device.policies.flatMap((p: unknown) => {
    if (!isRecord(p)) return [];
    const key = text(p, 'key');
    const value = prop(p, 'value');
    return key === undefined ? [] : [{ key, value: typeof value === 'string' ? value : null }];
  });
  return { ...device, policies };
}
