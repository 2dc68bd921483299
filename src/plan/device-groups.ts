// Finds the rows that name the same device of the same customer, which decides duplicates and
// conflicts (SPEC §2 Row validation).
import type { RowCheck, RowChecks } from '../model.js';

export type ValidCheck = Extract<RowCheck, { ok: true }>;

/** The rows (in input order) that name one device of one customer. */
export interface DeviceGroup {
  customer: string;
  device: string;
  rows: ValidCheck[];
  /** The distinct policies those rows give, in order of first appearance (almost always one). */
  policies: string[];
  /** The row the others repeat, once planning has chosen it. */
  canonical?: ValidCheck;
}

// Device IDs are opaque to Partner Center (not GUIDs, no documented case rules), so two spellings
// that differ in case may be two devices: only surrounding spaces, which no ID carries, are ignored.
export function deviceKey(device: string): string {
  return device.trim();
}

/**
 * Rows grouped by customer and device. Almost every device has one row, and a million-row sheet must be
 * planned in a few megabytes: the (customer, device) keys live in an open-addressing table of typed
 * arrays, a slot holding the first row's index and the key's 32-bit hash; no string is kept (the rows'
 * store makes the IDs when asked), and only a device several rows name gets a group object. Rows are
 * compared by their IDs only when the hashes agree, so two IDs that share a hash stay two devices.
 */
export class DeviceGroups {
  /** Row index + 1 of the first row of each key; 0 is an empty slot. */
  private readonly slots: Int32Array;
  private readonly hashes: Int32Array;
  private readonly mask: number;
  /** By the first row's index: the devices several rows name. */
  private readonly groups = new Map<number, DeviceGroup>();
  private readonly customerHashes = new Map<string, number>();
  private readonly checks: RowChecks;

  constructor(checks: RowChecks) {
    this.checks = checks;
    // At most half full, so a lookup probes one or two slots.
    let size = 16;
    while (size < checks.length * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.hashes = new Int32Array(size);
    this.mask = size - 1;
    for (const check of checks) {
      if (!check.ok) continue;
      const device = deviceKey(check.device);
      const hash = this.hashOf(check.customer, device);
      const slot = this.find(check.customer, device, hash);
      const first = (this.slots[slot] ?? 0) - 1;
      if (first < 0) {
        this.slots[slot] = check.index + 1;
        this.hashes[slot] = hash;
        continue;
      }
      const group = this.groups.get(first);
      if (group === undefined) {
        const row = this.valid(first);
        // Array literals, not push onto []: V8 gives a pushed-to empty array room for 17 elements.
        this.groups.set(first, { customer: check.customer, device, rows: [row, check], policies: row.policy === check.policy ? [row.policy] : [row.policy, check.policy] });
        continue;
      }
      group.rows.push(check);
      if (!group.policies.includes(check.policy)) group.policies.push(check.policy);
    }
  }

  /** The group of a row given to the constructor, or undefined when it is the only row naming its device. */
  of(check: ValidCheck): DeviceGroup | undefined {
    const device = deviceKey(check.device);
    const first = (this.slots[this.find(check.customer, device, this.hashOf(check.customer, device), check.index)] ?? 0) - 1;
    if (first < 0) throw new Error(`row ${check.rowNumber} is missing from its device group`);
    return this.groups.get(first);
  }

  /**
   * The slot holding the key, or the empty slot where it goes. `index`: the row asking, when it was
   * given to the constructor; a slot whose first row it is holds its key without comparing IDs.
   */
  private find(customer: string, device: string, hash: number, index?: number): number {
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const first = (this.slots[slot] ?? 0) - 1;
      if (first < 0 || first === index) return slot;
      if (this.hashes[slot] !== hash) continue;
      const row = this.valid(first);
      if (row.customer === customer && deviceKey(row.device) === device) return slot;
    }
  }

  private hashOf(customer: string, device: string): number {
    let seed = this.customerHashes.get(customer);
    if (seed === undefined) {
      seed = customerSeed(customer);
      this.customerHashes.set(customer, seed);
    }
    return fnv1a(device, seed);
  }

  private valid(index: number): ValidCheck {
    const check = this.checks.at(index);
    if (check?.ok !== true) throw new Error(`row ${index} is not the valid row its device group says`);
    return check;
  }
}

const customerSeed = (customer: string): number => fnv1a(customer, 0x811c9dc5);

/** The 32-bit hash a (customer, device) key is filed under (exported so tests can find keys sharing one). */
export function keyHash(customer: string, device: string): number {
  return fnv1a(deviceKey(device), customerSeed(customer));
}

/** FNV-1a over UTF-16 code units, from `seed`: cheap, and spread well enough that keys rarely share one. */
function fnv1a(text: string, seed: number): number {
  let hash = seed;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash | 0;
}

const ROWS_NAMED = 20;

/**
 * The Detail of rows that give one device several policies. Rows already accepted in an earlier run
 * are named as such, since they explain why the conflict exists.
 */
export function conflictDetail(group: DeviceGroup, kept: ReadonlySet<number>): string {
  const named = group.rows.slice(0, ROWS_NAMED).map((row) => {
    const earlier = kept.has(row.index) ? ', accepted earlier' : '';
    return `${row.rowNumber} (policy ${row.policy}${earlier})`;
  });
  const more = group.rows.length - named.length;
  const rest = more > 0 ? ` and ${more} more` : '';
  return (
    `device ${JSON.stringify(group.device)} of customer ${group.customer} is listed with ` +
    `${group.policies.length} different policies: rows ${named.join(', ')}${rest}`
  );
}
