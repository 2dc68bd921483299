// A customer's registered devices, indexed by what vendor sheets name them by (SPEC §2 Resolution).
// Pure: built from listings, asked by identifiers. Registration adds the devices it creates, so that
// rows which named them resolve in the same run.
import type { DeviceIdentifiers } from '../model.js';
import { OOBE_POLICY_KEY, type Device } from '../partner-center/wire.js';
import { SEARCH_KEYS, searchKey, type SearchKey } from './keys.js';

/** What the index keeps of a listed device: its ID and the Autopilot policy it carries now. */
export interface IndexedDevice {
  id: string;
  /** Lower-case policy IDs of its `o_o_b_e` entries (normally one, or none). */
  policies: string[];
}

/** What searching by a row's identifiers found. */
export type DeviceMatch =
  | { kind: 'found'; deviceId: string }
  /** None of the identifiers is known among the customer's devices. */
  | { kind: 'not-found' }
  /** Several devices answer to every identifier that found anything. */
  | { kind: 'ambiguous'; deviceIds: string[] }
  /** The identifiers find different devices. */
  | { kind: 'conflicting'; found: Array<{ by: SearchKey; deviceIds: string[] }> };

export class DeviceIndex {
  private readonly byId = new Map<string, IndexedDevice>();
  private readonly byKey: Record<SearchKey, Map<string, IndexedDevice[]>> = {
    serial: new Map(),
    productKey: new Map(),
    hardwareHash: new Map(),
  };
  private readonly batchIds = new Set<string>();
  private batchCount = 0;

  /** Registered devices indexed. */
  get size(): number {
    return this.byId.size;
  }

  /** Device batches whose devices were added. */
  get batches(): number {
    return this.batchCount;
  }

  /** `batchId`, when given, is remembered: registration adds to a batch the customer has (hasBatch). */
  addBatch(devices: readonly Device[], batchId?: string): void {
    this.batchCount++;
    if (batchId !== undefined) this.batchIds.add(batchId);
    for (const device of devices) this.add(device);
  }

  /** Whether a listed batch has this ID (batch IDs are free text, compared exactly). */
  hasBatch(batchId: string): boolean {
    return this.batchIds.has(batchId);
  }

  /** Adds one device as a listing (or a finished upload) describes it; a device seen twice is kept once. */
  add(device: Device): void {
    if (typeof device.id !== 'string' || device.id === '' || this.byId.has(device.id)) return;
    const entry: IndexedDevice = { id: device.id, policies: oobePolicies(device) };
    this.byId.set(device.id, entry);
    const fields: Record<SearchKey, string | null | undefined> = {
      serial: device.serialNumber,
      productKey: device.productKey,
      hardwareHash: device.hardwareHash,
    };
    for (const kind of SEARCH_KEYS) {
      const key = searchKey(kind, fields[kind]);
      if (key === undefined) continue;
      const list = this.byKey[kind].get(key);
      if (list === undefined) this.byKey[kind].set(key, [entry]);
      else list.push(entry);
    }
  }

  get(deviceId: string): IndexedDevice | undefined {
    return this.byId.get(deviceId);
  }

  /**
   * The device a row's identifiers name. Identifiers that find nothing are passed over (a listing may
   * lack hashes or product keys); the others must agree on one device.
   */
  find(ids: DeviceIdentifiers): DeviceMatch {
    const hits: Array<{ by: SearchKey; deviceIds: string[] }> = [];
    for (const kind of SEARCH_KEYS) {
      const key = searchKey(kind, ids[kind]);
      const found = key === undefined ? undefined : this.byKey[kind].get(key);
      if (found !== undefined && found.length > 0) hits.push({ by: kind, deviceIds: found.map((d) => d.id) });
    }
    const [first, ...rest] = hits;
    if (first === undefined) return { kind: 'not-found' };
    const common = first.deviceIds.filter((id) => rest.every((hit) => hit.deviceIds.includes(id)));
    const [only, ...more] = common;
    if (only === undefined) return { kind: 'conflicting', found: hits };
    return more.length === 0 ? { kind: 'found', deviceId: only } : { kind: 'ambiguous', deviceIds: common };
  }
}

function oobePolicies(device: Device): string[] {
  const entries = Array.isArray(device.policies) ? device.policies : [];
  return entries.flatMap((p) =>
    p !== null && typeof p === 'object' && typeof p.Key === 'string' && p.Key.toLowerCase() === OOBE_POLICY_KEY && typeof p.Value === 'string'
      ? [p.Value.trim().toLowerCase()]
      : [],
  );
}
