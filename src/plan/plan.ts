// Turns validated rows into what will be sent: duplicates folded into their first row, conflicting
// rows refused, the rest grouped per customer and cut into chunks (SPEC §2 Row validation, Sending).
// Pure: no I/O, the same checks always give the same plan.
import type { Plan, RowChecks } from '../model.js';
import { conflictDetail, deviceKey, type DeviceGroup, DeviceGroups } from './device-groups.js';
import { DUPLICATE, INVALID, KEPT, PLANNED, PlannedRows, UNCHANGED, type CustomerRows } from './planned-rows.js';

export interface PlanOptions {
  /** Devices per request (`--chunk-size`). */
  chunkSize: number;
  /**
   * Row indexes accepted in an earlier run (journal, or a results file given as input). They are never
   * chunked again, but still count for duplicates and conflicts, so a new row repeating one of them is
   * a duplicate of it rather than a second request.
   */
  kept?: ReadonlySet<number>;
  /**
   * Whether the customer's device listing shows the device already carrying the policy (resolution):
   * such a device is `unchanged` and not sent; rows repeating it are its duplicates.
   */
  alreadyApplied?: (customer: string, device: string, policy: string) => boolean;
}

const NOTHING_KEPT: ReadonlySet<number> = new Set();

export function planRows(checks: RowChecks, options: PlanOptions): Plan {
  const { chunkSize } = options;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) {
    throw new RangeError(`chunk size must be a whole number from 1 up, got ${chunkSize}`);
  }
  const kept = options.kept ?? NOTHING_KEPT;
  const groups = new DeviceGroups(checks);
  const conflicts = new Map<DeviceGroup, string>();
  const rows = checks.length;
  const codes = new Uint8Array(rows);
  const duplicateOf = new Int32Array(rows);
  const details = new Map<number, string>();
  // A Map keeps insertion order, which is the order customers first appear in.
  const planned = new Map<string, CustomerRows>();

  for (let index = 0; index < rows; index++) {
    const check = checks.at(index);
    if (check === undefined || check.index !== index) throw new Error(`the check at position ${index} is not row ${index}'s`);
    if (!check.ok) {
      codes[index] = INVALID;
      continue;
    }
    // What was accepted before stays accepted whatever the rest of the sheet says.
    if (kept.has(index)) {
      codes[index] = KEPT;
      continue;
    }
    const group = groups.of(check);
    if (group !== undefined) {
      if (group.policies.length > 1) {
        let detail = conflicts.get(group);
        if (detail === undefined) {
          detail = conflictDetail(group, kept);
          conflicts.set(group, detail);
        }
        codes[index] = INVALID;
        details.set(index, detail);
        continue;
      }
      // A row already accepted is the one the others repeat, even if an unsent copy comes before it.
      const first = (group.canonical ??= group.rows.find((row) => kept.has(row.index)) ?? group.rows[0] ?? check);
      if (first.index !== index) {
        codes[index] = DUPLICATE;
        duplicateOf[index] = first.index;
        continue;
      }
    }
    const { customer, policy } = check;
    if (options.alreadyApplied?.(customer, deviceKey(check.device), policy) === true) {
      codes[index] = UNCHANGED;
      continue;
    }
    codes[index] = PLANNED;
    let own = planned.get(customer);
    if (own === undefined) {
      own = { customer, indexes: [] };
      planned.set(customer, own);
    }
    own.indexes.push(index);
  }
  return new PlannedRows(checks, { codes, duplicateOf, details, planned: [...planned.values()], chunkSize });
}
