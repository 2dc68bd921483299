// The resources the tool lists, read from whatever the service sent (SPEC §1): any case of property
// names, absent fields left absent, policy values kept as they came (a profile's ID, its name, or null).
// An item that is not an object, or has no string `id`, is dropped: nothing can be asked of it.
import type { ConfigurationPolicy, Device, DeviceBatch, ListedPolicy } from './wire.js';
import { count, isRecord, prop, text } from './tolerant.js';

export function readPolicy(raw: unknown): ConfigurationPolicy | undefined {
  if (!isRecord(raw)) return undefined;
  const id = text(raw, 'id');
  if (id === undefined) return undefined;
  const policy: ConfigurationPolicy = { id, name: text(raw, 'name') ?? '' };
  const category = text(raw, 'category');
  if (category !== undefined) policy.category = category;
  const description = text(raw, 'description');
  if (description !== undefined) policy.description = description;
  const settings = prop(raw, 'policySettings');
  if (Array.isArray(settings)) policy.policySettings = settings.filter((s): s is string => typeof s === 'string');
  return policy;
}

export function readBatch(raw: unknown): DeviceBatch | undefined {
  if (!isRecord(raw)) return undefined;
  const id = text(raw, 'id');
  if (id === undefined) return undefined;
  const devicesCount = count(raw, 'devicesCount');
  return devicesCount === undefined ? { id } : { id, devicesCount };
}

export function readDevice(raw: unknown): Device | undefined {
  if (!isRecord(raw)) return undefined;
  const id = text(raw, 'id');
  if (id === undefined) return undefined;
  const device: Device = { id };
  for (const field of ['serialNumber', 'productKey', 'hardwareHash', 'modelName', 'oemManufacturerName'] as const) {
    const value = text(raw, field);
    if (value !== undefined) device[field] = value;
  }
  const policies = prop(raw, 'policies');
  if (Array.isArray(policies)) device.policies = policies.flatMap((p) => listedPolicy(p) ?? []);
  return device;
}

function listedPolicy(raw: unknown): ListedPolicy | undefined {
  if (!isRecord(raw)) return undefined;
  const key = text(raw, 'key');
  if (key === undefined) return undefined;
  return { key, value: text(raw, 'value') ?? null };
}

