// Finds the rows that name the same device of the same customer, which decides duplicates and
// conflicts (SPEC §2 Row validation).
import type { RowCheck } from '../model.js';

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
 * Rows grouped by customer, then device. Two levels of maps rather than one keyed by a joined string,
 * and a policy list rather than a Set: a 300k-row sheet then costs one small object per device instead
 * of a key string, a Set and a group each.
 */
export class DeviceGroups {
  private readonly byCustomer = new Map<string, Map<string, DeviceGroup>>();

  constructor(checks: readonly RowCheck[]) {
    for (const check of checks) {
      if (!check.ok) continue;
      let devices = this.byCustomer.get(check.customer);
      if (devices === undefined) {
        devices = new Map();
        this.byCustomer.set(check.customer, devices);
      }
      const device = deviceKey(check.device);
      const group = devices.get(device);
      if (group === undefined) {
        // Array literals, not push onto []: V8 gives a pushed-to empty array room for 17 elements, and
        // almost every device has one row and one policy.
        devices.set(device, { customer: check.customer, device, rows: [check], policies: [check.policy] });
        continue;
      }
      group.rows.push(check);
      if (!group.policies.includes(check.policy)) group.policies.push(check.policy);
    }
  }

  /** The group of a row given to the constructor. */
  of(check: ValidCheck): DeviceGroup {
    const group = this.byCustomer.get(check.customer)?.get(deviceKey(check.device));
    if (group === undefined) throw new Error(`row ${check.rowNumber} is missing from its device group`);
    return group;
  }
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
