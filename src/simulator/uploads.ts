// What device uploads have added to the simulator's data: batches they created, and devices they
// registered, each tied to its upload job. A device joins its batch's listing (and can be assigned a
// policy) once that job is done, as the service's devices do.
import { randomUUID } from 'node:crypto';
import type { Device } from '../partner-center/wire.js';
import type { CustomerEntry } from './catalog.js';
import type { DeviceError, SimulatorData } from './data.js';
import { jobDone, type JobTimeline, type SimulatedJob } from './jobs.js';
import type { UploadedDevice } from './validate-upload.js';
import { readHardwareHash } from '../hardware-hash/decode.js';

type Timeline = Pick<JobTimeline, 'jobSteps' | 'jobStepMs'>;

/** One uploaded device: its new ID, or ('' and) the error its job will report. */
export interface UploadDecision {
  device: UploadedDevice;
  id: string;
  error: DeviceError | undefined;
}

export interface Uploads {
  /** Whether the customer has the batch, in the data or made by an upload. */
  hasBatch(customerId: string, customer: CustomerEntry, batchId: string): boolean;
  createBatch(customerId: string, batchId: string): void;
  /**
   * Decides each device's fate as the service does when the upload arrives, giving a new ID to each it
   * takes: 808 for a device that another tenant has (the data's `otherTenantDevices`, or another
   * customer's batch), 806 for one this customer already has (a repeat in the same upload included).
   */
  register(customerId: string, devices: UploadedDevice[], data: SimulatorData): UploadDecision[];
  /** Ties the devices `register` took to the job that registers them in `batchId`. */
  attach(customerId: string, batchId: string, job: SimulatedJob, decisions: UploadDecision[]): void;
  /** The customer as the data has it, plus uploaded batches and the devices of finished upload jobs. */
  view(customerId: string, customer: CustomerEntry, now: number, timeline: Timeline): CustomerEntry;
  /** Whether an upload registered this device for the customer (its job done or not). */
  knows(customerId: string, deviceId: string): boolean;
}

interface Registered {
  device: Device;
  batchId: string;
  job: SimulatedJob;
}

interface CustomerUploads {
  batches: Set<string>;
  devices: Registered[];
  ids: Set<string>;
}

/** Who holds a device with a given identifier: a customer (lower case), or OTHER_TENANT. */
const OTHER_TENANT = '';

export function createUploads(): Uploads {
  const customers = new Map<string, CustomerUploads>();
  // Identifiers of devices uploaded so far (their job done or not), by identity key.
  const uploaded = new Map<string, string>();
  const of = (customerId: string): CustomerUploads => {
    const key = customerId.toLowerCase();
    let found = customers.get(key);
    if (found === undefined) {
      found = { batches: new Set(), devices: [], ids: new Set() };
      customers.set(key, found);
    }
    return found;
  };

  return {
    hasBatch: (customerId, customer, batchId) => customer.batches.has(batchId) || of(customerId).batches.has(batchId),
    createBatch: (customerId, batchId) => void of(customerId).batches.add(batchId),
    register(customerId, devices, data) {
      const cid = customerId.toLowerCase();
      const known = identityIndex(data);
      return devices.map((device) => {
        // Known by what its hash says too: a device uploaded by hash is the one registered by its serial.
        const keys = identityKeys(asRegistered(device));
        const holder = keys.map((k) => known.get(k) ?? uploaded.get(k)).find((h) => h !== undefined);
        if (holder === undefined) {
          for (const k of keys) uploaded.set(k, cid);
          return { device, id: randomUUID(), error: undefined };
        }
        const error: DeviceError =
          holder === cid
            ? { errorCode: '806', errorDescription: 'ZtdDeviceAlreadyAssigned' }
            : { errorCode: '808', errorDescription: 'ZtdDeviceAssignedToOtherTenant' };
        return { device, id: '', error };
      });
    },
    attach(customerId, batchId, job, decisions) {
      const entry = of(customerId);
      for (const { device, id } of decisions) {
        if (id === '') continue;
        entry.ids.add(id);
        entry.devices.push({ device: { id, ...asRegistered(device), policies: [] }, batchId, job });
      }
    },
    view(customerId, customer, now, timeline) {
      const entry = customers.get(customerId.toLowerCase());
      if (entry === undefined) return customer;
      const batches = new Map(customer.batches);
      for (const batchId of entry.batches) if (!batches.has(batchId)) batches.set(batchId, []);
      const devicesById = new Map(customer.devicesById);
      const ready: string[] = [];
      for (const r of entry.devices) {
        if (!jobDone(r.job, now, timeline)) continue;
        batches.set(r.batchId, [...(batches.get(r.batchId) ?? []), r.device]);
        devicesById.set(r.device.id, r.device);
        ready.push(r.device.id);
      }
      const registered = customer.registered === undefined ? undefined : new Set([...customer.registered, ...ready]);
      return { ...customer, batches, devicesById, registered };
    },
    knows: (customerId, deviceId) => customers.get(customerId.toLowerCase())?.ids.has(deviceId) ?? false,
  };
}

/**
 * The device as the service holds it once registered: with the serial number, manufacturer and model
 * read from its hardware hash (SPEC §1: devices uploaded by hash alone are listed with them), else as
 * uploaded. A hash that does not read leaves the device as it came.
 */
function asRegistered(device: UploadedDevice): UploadedDevice {
  if (typeof device.hardwareHash !== 'string') return device;
  const reading = readHardwareHash(device.hardwareHash);
  if (reading.kind !== 'read') return device;
  const { serial, manufacturer, model } = reading.facts;
  return {
    ...device,
    serialNumber: serial ?? device.serialNumber,
    oemManufacturerName: manufacturer ?? device.oemManufacturerName,
    modelName: model ?? device.modelName,
  };
}

/**
 * Identity keys of a device: its hash (whitespace removed), product key and serial number (any case).
 * Two devices that share any one of them are the same device to the simulator.
 */
function identityKeys(device: Pick<Device, 'hardwareHash' | 'productKey' | 'serialNumber'>): string[] {
  const keys: string[] = [];
  if (device.hardwareHash) keys.push(`h:${device.hardwareHash.replace(/\s+/g, '')}`);
  if (device.productKey) keys.push(`p:${device.productKey.trim().toUpperCase()}`);
  if (device.serialNumber) keys.push(`s:${device.serialNumber.trim().toLowerCase()}`);
  return keys;
}

const indexes = new WeakMap<SimulatorData, Map<string, string>>();

/** The identity keys of every device the data has, with who holds it; built once per data object. */
function identityIndex(data: SimulatorData): Map<string, string> {
  const cached = indexes.get(data);
  if (cached !== undefined) return cached;
  const index = new Map<string, string>();
  // The data's other-tenant devices are listed by any identifier the tests know them by.
  for (const id of data.otherTenantDevices ?? []) {
    for (const k of [`h:${id.replace(/\s+/g, '')}`, `p:${id.trim().toUpperCase()}`, `s:${id.trim().toLowerCase()}`]) index.set(k, OTHER_TENANT);
  }
  for (const [cid, customer] of Object.entries(data.customers)) {
    for (const devices of Object.values(customer.batches ?? {})) {
      for (const device of devices) for (const k of identityKeys(device)) if (!index.has(k)) index.set(k, cid.toLowerCase());
    }
  }
  indexes.set(data, index);
  return index;
}
