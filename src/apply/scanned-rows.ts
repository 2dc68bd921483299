// What the scan keeps of each row, column by column: a million-row sheet must fit in a few hundred
// megabytes, and an object per row (its check, its texts) costs more than the row's device ID itself.
// A row is its device ID's UTF-8 bytes in one shared buffer, a few numbers in typed arrays, and indexes
// into one table of the texts that repeat (customers, policies); what only some rows have (why they are
// invalid, an earlier run's result, a check changed by resolution) sits in maps by row index. A row's
// RowCheck, and its device ID string, are made when asked.
import type { LookupNeed, RowCheck, RowChecks, RowResult } from '../model.js';
import { InternedTexts } from '../text/interned.js';

const FIRST_CAPACITY = 1024;

interface Invalid {
  detail: string;
  lookup: LookupNeed | undefined;
}

export class ScannedRows implements RowChecks {
  #length = 0;
  #rowNumbers = new Uint32Array(FIRST_CAPACITY);
  /** Index into #texts: a valid row's customer, else the customer as the row gives it ('' for none). */
  #customers = new Uint32Array(FIRST_CAPACITY);
  /** Index into #texts: a valid row's policy. */
  #policies = new Uint32Array(FIRST_CAPACITY);
  /** A valid row's device ID, else the device as people know it (ID, serial number or product key). */
  readonly #devices = new DeviceTexts();
  readonly #texts = new InternedTexts();
  readonly #invalid = new Map<number, Invalid>();
  readonly #priors = new Map<number, RowResult>();
  /** Checks replaced after the scan (resolution, registration): the row's texts stay as the input gave them. */
  readonly #replaced = new Map<number, RowCheck>();
  /** Rows invalid by their own cells: the fingerprint of those cells (record/input-check.ts). */
  readonly #inputChecks = new Map<number, string>();

  get length(): number {
    return this.#length;
  }

  /**
   * Appends the next row (its check's index must be `length`). `customerText`/`deviceText` are what an
   * invalid row gives; a valid row's are its customer and device.
   */
  push(check: RowCheck, prior: RowResult | undefined, customerText: string, deviceText: string): void {
    const i = this.#length;
    if (check.index !== i) throw new RangeError(`row ${check.index} appended at position ${i}`);
    if (i === this.#rowNumbers.length) this.#grow();
    this.#rowNumbers[i] = check.rowNumber;
    if (check.ok) {
      this.#customers[i] = this.#texts.id(check.customer);
      this.#policies[i] = this.#texts.id(check.policy);
      this.#devices.push(i, check.device);
    } else {
      this.#customers[i] = this.#texts.id(customerText);
      this.#devices.push(i, deviceText);
      this.#invalid.set(i, { detail: check.detail, lookup: check.lookup });
    }
    if (prior !== undefined) this.#priors.set(i, prior);
    this.#length = i + 1;
  }

  /** Row `index`'s check as it stands (made anew on every call: keep it only as long as needed). */
  at(index: number): RowCheck | undefined {
    if (!(index >= 0 && index < this.#length)) return undefined;
    const replaced = this.#replaced.get(index);
    if (replaced !== undefined) return replaced;
    const rowNumber = this.#rowNumbers[index] ?? 0;
    const invalid = this.#invalid.get(index);
    if (invalid !== undefined) {
      return invalid.lookup === undefined
        ? { ok: false, index, rowNumber, detail: invalid.detail }
        : { ok: false, index, rowNumber, detail: invalid.detail, lookup: invalid.lookup };
    }
    return {
      ok: true, index, rowNumber,
      customer: this.#texts.text(this.#customers[index] ?? 0),
      device: this.#devices.get(index),
      policy: this.#texts.text(this.#policies[index] ?? 0),
    };
  }

  /** Replaces row `index`'s check (resolution found its IDs, or registration its device). */
  set(index: number, check: RowCheck): void {
    if (!(index >= 0 && index < this.#length)) throw new RangeError(`no row ${index}`);
    this.#replaced.set(index, check);
  }

  /** Whether the row's check is valid, without making it. */
  isValid(index: number): boolean {
    const replaced = this.#replaced.get(index);
    return replaced !== undefined ? replaced.ok : index >= 0 && index < this.#length && !this.#invalid.has(index);
  }

  rowNumber(index: number): number {
    return this.#replaced.get(index)?.rowNumber ?? this.#rowNumbers[index] ?? 0;
  }

  /** What an earlier run recorded for the row (a results file fed back), when it is kept. */
  prior(index: number): RowResult | undefined {
    return this.#priors.get(index);
  }

  /** Records that row `index` is invalid by its own cells, whose fingerprint is `check`. */
  setInputCheck(index: number, check: string): void {
    this.#inputChecks.set(index, check);
  }

  /** The fingerprints of the rows invalid by their own cells, by row index. */
  get inputChecks(): ReadonlyMap<number, string> {
    return this.#inputChecks;
  }

  /** Rows with an earlier result, in order. */
  priors(): IterableIterator<[number, RowResult]> {
    return this.#priors.entries();
  }

  /** The customer as the summary keys it: the valid check's, else the row's own cell. */
  customerText(index: number): string {
    const replaced = this.#replaced.get(index);
    if (replaced?.ok === true) return replaced.customer;
    return this.#texts.text(this.#customers[index] ?? 0);
  }

  /** The device as the row gives it (a serial number when it has no Device ID). */
  deviceText(index: number): string {
    return index >= 0 && index < this.#length ? this.#devices.get(index) : '';
  }

  *[Symbol.iterator](): IterableIterator<RowCheck> {
    for (let i = 0; i < this.#length; i++) {
      const check = this.at(i);
      if (check !== undefined) yield check;
    }
  }

  #grow(): void {
    const size = this.#rowNumbers.length * 2;
    const grown = (from: Uint32Array): Uint32Array<ArrayBuffer> => {
      const to = new Uint32Array(size);
      to.set(from);
      return to;
    };
    this.#rowNumbers = grown(this.#rowNumbers);
    this.#customers = grown(this.#customers);
    this.#policies = grown(this.#policies);
  }
}

// ES2024's String.prototype.isWellFormed, in every Node this tool runs on (20.19 up) but not in the ES2023
// library the build targets.
const wellFormed = (String.prototype as { isWellFormed?: (this: string) => boolean }).isWellFormed;
const isWellFormed = (text: string): boolean => wellFormed?.call(text) ?? Buffer.from(text, 'utf8').toString('utf8') === text;

/**
 * Texts by row index as UTF-8 in one growing buffer: a 30-character device ID costs its 30 bytes and a
 * 4-byte end offset, where a string of its own costs 48 bytes and a slot. A text UTF-8 cannot carry
 * as it is (a lone surrogate) is kept as a string, so every text comes back exactly.
 */
export class DeviceTexts {
  #bytes = Buffer.allocUnsafe(64 * 1024);
  #used = 0;
  #ends = new Uint32Array(FIRST_CAPACITY);
  readonly #odd = new Map<number, string>();

  push(index: number, text: string): void {
    if (index >= this.#ends.length) {
      const ends = new Uint32Array(this.#ends.length * 2);
      ends.set(this.#ends);
      this.#ends = ends;
    }
    if (!isWellFormed(text)) this.#odd.set(index, text);
    else {
      const most = text.length * 3;
      if (this.#used + most > this.#bytes.length) {
        let size = this.#bytes.length * 2;
        while (this.#used + most > size) size *= 2;
        const bytes = Buffer.allocUnsafe(size);
        this.#bytes.copy(bytes, 0, 0, this.#used);
        this.#bytes = bytes;
      }
      this.#used += this.#bytes.write(text, this.#used, 'utf8');
    }
    this.#ends[index] = this.#used;
  }

  get(index: number): string {
    const odd = this.#odd.get(index);
    if (odd !== undefined) return odd;
    const start = index === 0 ? 0 : (this.#ends[index - 1] ?? 0);
    return this.#bytes.toString('utf8', start, this.#ends[index] ?? start);
  }
}
