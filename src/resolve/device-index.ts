// A customer's registered devices, indexed by what vendor sheets name them by (SPEC §2 Resolution).
// Pure: built from listings, asked by identifiers. Registration adds the devices it creates, so that
// rows which named them resolve in the same run.
import type { DeviceIdentifiers } from '../model.js';
import { OOBE_POLICY_KEY, type Device } from '../partner-center/wire.js';
import { SEARCH_KEYS, searchKey, type SearchKey } from './keys.js';

/** What the index keeps of a listed device: its ID and the Autopilot policy it carries now. */
export interface IndexedDevice {
  id: string;
  /**
   * The values of its `o_o_b_e` entries (normally one, or none), trimmed and lower-cased: a profile's ID,
   * or its name as the live service lists a profile assigned in the portal (SPEC §1). `null` is none.
   */
  policies: string[];
}

/** What searching by a row's identifiers found; `by` names the identifiers that found it. */
export type DeviceMatch =
  | { kind: 'found'; deviceId: string; by: SearchKey[] }
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
  /** By lower-cased ID, made on the first ID that is not found as written. */
  private folded: Map<string, IndexedDevice[]> | undefined;

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

  /**
   * The listed batch this name means, compared without regard to case as Partner Center's own PowerShell
   * module does (SPEC §1): the exact name first, else the only batch that matches it ignoring case.
   */
  batchNamed(name: string): string | undefined {
    if (this.batchIds.has(name)) return name;
    const wanted = name.toLowerCase();
    const found = [...this.batchIds].filter((id) => id.toLowerCase() === wanted);
    return found.length === 1 ? found[0] : undefined;
  }

  /** Adds one device as a listing (or a finished upload) describes it; a device seen twice is kept once. */
  add(device: Device): void {
    if (typeof device.id !== 'string' || device.id === '' || this.byId.has(device.id)) return;
    const entry: IndexedDevice = { id: device.id, policies: oobePolicies(device) };
    this.byId.set(device.id, entry);
    // Made again when next needed: registration adds devices after the listing.
    this.folded = undefined;
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
   * The listed device a sheet's device ID names: as written, or else the one device whose ID differs
   * only in case (IDs are opaque; whether the service compares them with case is not documented, and a
   * device it has must not be called unknown for a letter's case).
   */
  lookUp(deviceId: string): IndexedDevice | undefined {
    const exact = this.byId.get(deviceId);
    if (exact !== undefined) return exact;
    if (this.folded === undefined) {
      this.folded = new Map();
      for (const entry of this.byId.values()) {
        const key = entry.id.toLowerCase();
        const list = this.folded.get(key);
        if (list === undefined) this.folded.set(key, [entry]);
        else list.push(entry);
      }
    }
    const found = this.folded.get(deviceId.toLowerCase());
    return found?.length === 1 ? found[0] : undefined;
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
    return more.length === 0 ? { kind: 'found', deviceId: only, by: foundBy(hits.map((hit) => hit.by)) } : { kind: 'ambiguous', deviceIds: common };
  }
}

/** One shared array per combination of identifiers: every row resolved keeps it (the memory rule). */
const FOUND_BY = new Map<string, SearchKey[]>();

function foundBy(kinds: SearchKey[]): SearchKey[] {
  const key = kinds.join('+');
  let shared = FOUND_BY.get(key);
  if (shared === undefined) {
    shared = kinds;
    FOUND_BY.set(key, shared);
  }
  return shared;
}

/**
 * Whether a listed device already carries the policy: an `o_o_b_e` value equal to the policy's ID, or,
 * without regard to case, to one of its names (SPEC §1). Carrying any other profile is not carrying it.
 */
export function carriesPolicy(device: IndexedDevice, policyId: string, policyNames: readonly string[]): boolean {
  if (device.policies.length === 0) return false;
  const wanted = new Set([policyId, ...policyNames].map((v) => v.trim().toLowerCase()).filter((v) => v !== ''));
  return device.policies.some((value) => wanted.has(value));
}

function oobePolicies(device: Device): string[] {
  const entries = Array.isArray(device.policies) ? device.policies : [];
  return entries.flatMap((p) =>
    p !== null && typeof p === 'object' && typeof p.key === 'string' && p.key.trim().toLowerCase() === OOBE_POLICY_KEY && typeof p.value === 'string' && p.value.trim() !== ''
      ? [p.value.trim().toLowerCase()]
      : [],
  );
}
