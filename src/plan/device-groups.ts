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
 * Rows grouped by customer, then device. Almost every device has one row: it costs one map entry (its
 * key is the device ID string the row already holds, its value the row's index); only a device that
 * several rows name gets a group object. A million-row sheet thus adds tens of megabytes, not hundreds.
 */
export class DeviceGroups {
  private readonly byCustomer = new Map<string, Map<string, number | DeviceGroup>>();

  constructor(checks: RowChecks) {
    for (const check of checks) {
      if (!check.ok) continue;
      let devices = this.byCustomer.get(check.customer);
      if (devices === undefined) {
        devices = new Map();
        this.byCustomer.set(check.customer, devices);
      }
      const device = deviceKey(check.device);
      const known = devices.get(device);
      if (known === undefined) {
        devices.set(device, check.index);
        continue;
      }
      if (typeof known === 'number') {
        const first = checks.at(known);
        if (first?.ok !== true) throw new Error(`row ${known} is not the valid row its device group says`);
        // Array literals, not push onto []: V8 gives a pushed-to empty array room for 17 elements.
        const group: DeviceGroup = { customer: check.customer, device, rows: [first, check], policies: first.policy === check.policy ? [first.policy] : [first.policy, check.policy] };
        devices.set(device, group);
        continue;
      }
      known.rows.push(check);
      if (!known.policies.includes(check.policy)) known.policies.push(check.policy);
    }
  }

  /** The group of a row given to the constructor, or undefined when it is the only row naming its device. */
  of(check: ValidCheck): DeviceGroup | undefined {
    const group = this.byCustomer.get(check.customer)?.get(deviceKey(check.device));
    if (group === undefined) throw new Error(`row ${check.rowNumber} is missing from its device group`);
    return typeof group === 'number' ? undefined : group;
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
