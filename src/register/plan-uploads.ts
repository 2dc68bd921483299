// Plans the uploads of `--register` (SPEC §2 Registration): the rows resolution did not find, grouped by
// customer and batch in input order, one upload per distinct device, cut into chunks of `--chunk-size`.
// A row's batch is the one its sheet names (a Group Tag / Batch column), else `--batch`. The first chunk
// into a batch creates it unless the customer has it already (matched without regard to case, and then
// added to under the name it has: a name that exists is never created); every other chunk adds to it.
// Rows that cannot be registered are invalid, saying what is missing. Pure: no I/O.
import type { DeviceRegistration } from '../partner-center/contract.js';
import { registrationOf, type RegistrationFields } from './registration.js';

/** A row to register: its customer, and the cells that identify the device. */
export interface RegistrationCandidate extends RegistrationFields {
  index: number;
  rowNumber: number;
  /** Normalized customer GUID. */
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
  /** The batch to upload into when a row names none (`--batch`). */
  batch: string;
  /**
   * The name under which the customer already has this batch (from the resolution listing, matched
   * without regard to case, or made by an earlier run); undefined when it has none.
   */
  existingBatch(customer: string, batch: string): string | undefined;
  /** Whether an earlier run of the same input uploaded this device (the journal says). */
  uploadedBefore?(customer: string, key: string): boolean;
}

export function planUploads(candidates: readonly RegistrationCandidate[], options: RegistrationOptions): RegistrationPlan {
  const { chunkSize, batch } = options;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new RangeError(`chunk size must be a whole number from 1 up, got ${chunkSize}`);
  if (batch.trim() === '') throw new RangeError('batch: expected a batch name, got an empty string');

  // By customer, then by batch name without regard to case: the first row's spelling names the batch.
  const groups = new Map<string, { customer: string; batch: string; items: UploadItem[] }>();
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
    const named = row.batch?.trim() ? row.batch.trim() : batch;
    const groupKey = `${customer}|${named.toLowerCase()}`;
    let group = groups.get(groupKey);
    if (group === undefined) {
      group = { customer, batch: options.existingBatch(customer, named) ?? named, items: [] };
      groups.set(groupKey, group);
    }
    group.items.push({ index, rowNumber, device, key, label });
    return { kind: 'upload', index, rowNumber, key };
  });

  const creates: Upload[] = [];
  const adds: Upload[] = [];
  const perCustomer: CustomerRegistration[] = [];
  const requestsOf = new Map<string, number>();
  for (const { customer, batch: name, items } of groups.values()) {
    const newBatch = options.existingBatch(customer, name) === undefined;
    let requests = 0;
    for (let start = 0; start < items.length; start += chunkSize) {
      requests++;
      const n = (requestsOf.get(customer) ?? 0) + 1;
      requestsOf.set(customer, n);
      const op = newBatch && start === 0 ? 'create' : 'add';
      const upload: Upload = { id: `${customer}#register${n}`, customer, batch: name, op, items: items.slice(start, start + chunkSize) };
      (op === 'create' ? creates : adds).push(upload);
    }
    perCustomer.push({ customer, batch: name, newBatch, devices: items.length, requests });
  }
  return { outcomes, creates, adds, perCustomer };
}

/** A create that found the batch already there (409) is sent again as an add: same devices, same id. */
export function asAddition(upload: Upload): Upload {
  return { ...upload, op: 'add' };
}
