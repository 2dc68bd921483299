// Turns validated rows into what will be sent: duplicates folded into their first row, conflicting
// rows refused, the rest grouped per customer and cut into chunks (SPEC §2 Row validation, Sending).
// Pure: no I/O, the same checks always give the same plan.
import type { Chunk, ChunkItem, Plan, PlannedOutcome, RowCheck } from '../model.js';
import { conflictDetail, type DeviceGroup, DeviceGroups } from './device-groups.js';

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

export function planRows(checks: readonly RowCheck[], options: PlanOptions): Plan {
  const { chunkSize } = options;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) {
    throw new RangeError(`chunk size must be a whole number from 1 up, got ${chunkSize}`);
  }
  const kept = options.kept ?? NOTHING_KEPT;
  const groups = new DeviceGroups(checks);
  const conflicts = new Map<DeviceGroup, string>();

  const outcomes = checks.map((check): PlannedOutcome => {
    const { index, rowNumber } = check;
    if (!check.ok) return { status: 'invalid', index, rowNumber, detail: check.detail };
    const group = groups.of(check);
    const { customer, policy } = check;
    const { device } = group;
    // What was accepted before stays accepted whatever the rest of the sheet says.
    if (kept.has(index)) return { status: 'kept', index, rowNumber, customer, device, policy };
    if (group.policies.length > 1) {
      let detail = conflicts.get(group);
      if (detail === undefined) {
        detail = conflictDetail(group, kept);
        conflicts.set(group, detail);
      }
      return { status: 'invalid', index, rowNumber, detail };
    }
    // A row already accepted is the one the others repeat, even if an unsent copy comes before it.
    const first = (group.canonical ??= group.rows.find((row) => kept.has(row.index)) ?? group.rows[0] ?? check);
    if (first.index === index) {
      const status = options.alreadyApplied?.(customer, device, policy) === true ? 'unchanged' : 'planned';
      return { status, index, rowNumber, customer, device, policy };
    }
    return { status: 'duplicate', index, rowNumber, duplicateOf: first.index, detail: `duplicate of row ${first.rowNumber}` };
  });

  const { chunks, customers } = chunkPlanned(outcomes, chunkSize);
  return { outcomes, chunks, customers };
}

function chunkPlanned(outcomes: readonly PlannedOutcome[], chunkSize: number): { chunks: Chunk[]; customers: string[] } {
  // A Map keeps insertion order, which is the order customers first appear in.
  const byCustomer = new Map<string, ChunkItem[]>();
  for (const outcome of outcomes) {
    if (outcome.status !== 'planned') continue;
    let items = byCustomer.get(outcome.customer);
    if (items === undefined) {
      items = [];
      byCustomer.set(outcome.customer, items);
    }
    items.push({ index: outcome.index, rowNumber: outcome.rowNumber, device: outcome.device, policy: outcome.policy });
  }
  const chunks: Chunk[] = [];
  for (const [customer, items] of byCustomer) {
    for (let start = 0, n = 1; start < items.length; start += chunkSize, n++) {
      chunks.push({ id: `${customer}#${n}`, customer, items: items.slice(start, start + chunkSize) });
    }
  }
  return { chunks, customers: [...byCustomer.keys()] };
}
