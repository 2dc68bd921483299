// How a plan is kept: a status byte per row, the row each duplicate repeats and the request each planned
// row goes in as numbers, the few Details planning writes itself (conflicts) in a map. A row's outcome,
// a chunk's items, are made from the rows' checks when asked; the chunks are made once, on first use,
// which a dry run never needs (it asks only which request a row would go in).
import type { Chunk, Plan, PlannedOutcome, PlannedStatus, RowChecks } from '../model.js';
import { deviceKey } from './device-groups.js';

/** Status codes, in the byte per row. */
const CODES: readonly PlannedStatus[] = ['planned', 'invalid', 'duplicate', 'kept', 'unchanged'];
export const PLANNED = 0;
export const INVALID = 1;
export const DUPLICATE = 2;
export const KEPT = 3;
export const UNCHANGED = 4;

/** One customer's planned rows, in input order. */
export interface CustomerRows {
  customer: string;
  indexes: number[];
}

export class PlannedRows implements Plan {
  readonly rows: number;
  readonly customers: readonly string[];
  readonly byStatus: Readonly<Record<PlannedStatus, number>>;
  readonly perCustomer: ReadonlyArray<{ customer: string; devices: number; requests: number }>;
  readonly #checks: RowChecks;
  readonly #codes: Uint8Array;
  readonly #duplicateOf: Int32Array;
  readonly #details: ReadonlyMap<number, string>;
  /** Per planned row: which request (index into #requestIds); -1 for other rows. A request's rows are its rows in input order. */
  readonly #request: Int32Array;
  readonly #requestIds: string[] = [];
  readonly #requestCustomer: string[] = [];
  #chunks: Chunk[] | undefined;

  constructor(checks: RowChecks, decided: { codes: Uint8Array; duplicateOf: Int32Array; details: ReadonlyMap<number, string>; planned: readonly CustomerRows[]; chunkSize: number }) {
    this.#checks = checks;
    this.rows = checks.length;
    this.#codes = decided.codes;
    this.#duplicateOf = decided.duplicateOf;
    this.#details = decided.details;
    const byStatus: Record<PlannedStatus, number> = { planned: 0, invalid: 0, duplicate: 0, kept: 0, unchanged: 0 };
    for (const code of this.#codes) byStatus[CODES[code] ?? 'invalid']++;
    this.byStatus = byStatus;

    const { chunkSize } = decided;
    this.#request = new Int32Array(this.rows).fill(-1);
    for (const { customer, indexes } of decided.planned) {
      for (let start = 0, n = 1; start < indexes.length; start += chunkSize, n++) {
        const k = this.#requestIds.length;
        this.#requestIds.push(`${customer}#${n}`);
        this.#requestCustomer.push(customer);
        for (let at = start; at < Math.min(indexes.length, start + chunkSize); at++) this.#request[indexes[at] ?? 0] = k;
      }
    }
    this.customers = decided.planned.map((c) => c.customer);
    this.perCustomer = decided.planned.map((c) => ({ customer: c.customer, devices: c.indexes.length, requests: Math.ceil(c.indexes.length / chunkSize) }));
  }

  status(index: number): PlannedStatus {
    const code = this.#codes[index];
    if (code === undefined) throw new RangeError(`no row ${index} in the plan`);
    return CODES[code] ?? 'invalid';
  }

  rowNumber(index: number): number {
    return this.#checks.rowNumber?.(index) ?? this.#checks.at(index)?.rowNumber ?? 0;
  }

  outcome(index: number): PlannedOutcome {
    const status = this.status(index);
    const check = this.#checks.at(index);
    if (check === undefined) throw new RangeError(`no row ${index} in the plan`);
    const { rowNumber } = check;
    if (status === 'duplicate') {
      const duplicateOf = this.#duplicateOf[index] ?? 0;
      return { status, index, rowNumber, duplicateOf, detail: `duplicate of row ${this.rowNumber(duplicateOf)}` };
    }
    if (status === 'invalid' || !check.ok) {
      return { status: 'invalid', index, rowNumber, detail: this.#details.get(index) ?? (check.ok ? '' : check.detail) };
    }
    return { status, index, rowNumber, customer: check.customer, device: deviceKey(check.device), policy: check.policy };
  }

  requestOf(index: number): string | undefined {
    const k = this.#request[index] ?? -1;
    return k < 0 ? undefined : this.#requestIds[k];
  }

  get chunks(): readonly Chunk[] {
    if (this.#chunks === undefined) {
      const chunks: Chunk[] = this.#requestIds.map((id, k) => ({ id, customer: this.#requestCustomer[k] ?? '', items: [] }));
      for (let index = 0; index < this.rows; index++) {
        const chunk = chunks[this.#request[index] ?? -1];
        if (chunk === undefined) continue;
        const o = this.outcome(index);
        if (o.status !== 'planned') throw new Error(`row ${index} is in request ${chunk.id} but not planned`);
        chunk.items.push({ index, rowNumber: o.rowNumber, device: o.device, policy: o.policy });
      }
      this.#chunks = chunks;
    }
    return this.#chunks;
  }
}

/** Every row's outcome, in order: for tests and small plans (a large one is read row by row). */
export function outcomesOf(plan: Plan): PlannedOutcome[] {
  return Array.from({ length: plan.rows }, (_, i) => plan.outcome(i));
}
