// Finds the rows that name the same device of the same customer, which decides duplicates and
// conflicts (SPEC §2 Row validation).
import type { RowCheck } from '../model.js';

export type ValidCheck = Extract<RowCheck, { ok: true }>;

/** The rows (in input order) that name one device of one customer. */
export interface DeviceGroup {
  customer: string;
  device: string;
  rows: ValidCheck[];
  policies: Set<string>;
}

// Device IDs are opaque to Partner Center (not GUIDs, no documented case rules), so two spellings
// that differ in case may be two devices: only surrounding spaces, which no ID carries, are ignored.
export function deviceKey(device: string): string {
  return device.trim();
}

// A NUL cannot occur in a valid device ID (validation rejects control characters) nor in a GUID, so
// it separates the parts of a key without any chance of two different pairs meeting.
const SEP = '\u0000';

export function groupByDevice(checks: readonly RowCheck[]): Map<string, DeviceGroup> {
  const groups = new Map<string, DeviceGroup>();
  for (const check of checks) {
    if (!check.ok) continue;
    const device = deviceKey(check.device);
    const key = check.customer + SEP + device;
    let group = groups.get(key);
    if (group === undefined) {
      group = { customer: check.customer, device, rows: [], policies: new Set() };
      groups.set(key, group);
    }
    group.rows.push(check);
    group.policies.add(check.policy);
  }
  return groups;
}

export function groupKey(check: ValidCheck): string {
  return check.customer + SEP + deviceKey(check.device);
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
    `${group.policies.size} different policies: rows ${named.join(', ')}${rest}`
  );
}
