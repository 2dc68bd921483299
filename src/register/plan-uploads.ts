// Plans the uploads of `--register` (SPEC §2 Registration): the rows resolution did not find, grouped by
// customer in input order, one upload per distinct device, cut into chunks of `--chunk-size`. A
// customer's first chunk creates the batch unless the batch exists already; every other chunk adds to
// it. Rows that cannot be registered are invalid, saying what is missing. Pure: no I/O.
import type { DeviceRegistration } from '../partner-center/contract.js';
import { registrationOf, type RegistrationFields } from './registration.js';

/** A row to register: its customer, and the cells that identify the device. */
export interface RegistrationCandidate extends RegistrationFields {
  index: number;
  rowNumber: number;
  /** Normalised customer GUID. */
  customer: string;
}

export interface UploadItem {
  index: number;
  rowNumber: number;
  device: DeviceRegistration;
  /** Same key, same device (see registrationOf). */
  key: string;
  /** A short name for the device, for messages and the journal. */
  label: string;
}

/** One upload request: `create` is `POST deviceBatches`, `add` is `POST deviceBatches/{batch}/devices`. */
export interface Upload {
  /** Stable within a run: `<customer>#register<n>`, n counting from 1 per customer. */
  id: string;
  customer: string;
  batch: string;
  op: 'create' | 'add';
  items: UploadItem[];
}

export type RegistrationOutcome =
  | { kind: 'upload'; index: number; rowNumber: number; key: string }
  /** Uploaded by an earlier run of the same input (the journal): seen through, not planned again. */
  | { kind: 'earlier'; index: number; rowNumber: number; key: string }
  /** The same device as an earlier row: it is uploaded once, with that row, and shares its new ID. */
  | { kind: 'same-device'; index: number; rowNumber: number; key: string; sameAs: number }
  | { kind: 'invalid'; index: number; rowNumber: number; detail: string };

export interface CustomerRegistration {
  customer: string;
  batch: string;
  /** True when the batch does not exist yet: the first upload creates it. */
  newBatch: boolean;
  devices: number;
  requests: number;
}

export interface RegistrationPlan {
  /** One per candidate, in the order given. */
  outcomes: RegistrationOutcome[];
  /** Uploads that create their customer's batch: sent, and answered, before any upload adds to it. */
  creates: Upload[];
  adds: Upload[];
  /** Customers with devices to register, in order of first appearance. */
  perCustomer: CustomerRegistration[];
}

export interface RegistrationOptions {
  /** Devices per upload (`--chunk-size`). */
  chunkSize: number;
  /** The batch to upload into (`--batch`). */
  batch: string;
  /** Whether the customer already has the batch (from the resolution listing, or an earlier run). */
  hasBatch(customer: string): boolean;
  /** Whether an earlier run of the same input uploaded this device (the journal says). */
  uploadedBefore?(customer: string, key: string): boolean;
}

export function planUploads(candidates: readonly RegistrationCandidate[], options: RegistrationOptions): RegistrationPlan {
  const { chunkSize, batch } = options;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new RangeError(`chunk size must be a whole number from 1 up, got ${chunkSize}`);
  if (batch.trim() === '') throw new RangeError('batch: expected a batch name, got an empty string');

  const byCustomer = new Map<string, UploadItem[]>();
  // Per customer: the first row of each device, by key.
  const firstOf = new Map<string, number>();
  const outcomes = candidates.map((row): RegistrationOutcome => {
    const { index, rowNumber, customer } = row;
    const registration = registrationOf(row);
    if (!registration.ok) return { kind: 'invalid', index, rowNumber, detail: registration.detail };
    const { key, device, label } = registration;
    const earlier = firstOf.get(`${customer}|${key}`);
    if (earlier !== undefined) return { kind: 'same-device', index, rowNumber, key, sameAs: earlier };
    firstOf.set(`${customer}|${key}`, index);
    if (options.uploadedBefore?.(customer, key) === true) return { kind: 'earlier', index, rowNumber, key };
    let items = byCustomer.get(customer);
    if (items === undefined) {
      items = [];
      byCustomer.set(customer, items);
    }
    items.push({ index, rowNumber, device, key, label });
    return { kind: 'upload', index, rowNumber, key };
  });

  const creates: Upload[] = [];
  const adds: Upload[] = [];
  const perCustomer: CustomerRegistration[] = [];
  for (const [customer, items] of byCustomer) {
    const newBatch = !options.hasBatch(customer);
    let requests = 0;
    for (let start = 0; start < items.length; start += chunkSize) {
      requests++;
      const op = newBatch && start === 0 ? 'create' : 'add';
      const upload: Upload = { id: `${customer}#register${requests}`, customer, batch, op, items: items.slice(start, start + chunkSize) };
      (op === 'create' ? creates : adds).push(upload);
    }
    perCustomer.push({ customer, batch, newBatch, devices: items.length, requests });
  }
  return { outcomes, creates, adds, perCustomer };
}

/** A create that found the batch already there (409) is sent again as an add: same devices, same id. */
export function asAddition(upload: Upload): Upload {
  return { ...upload, op: 'add' };
}
