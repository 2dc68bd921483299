// What each row's hardware hash says (serial number, manufacturer, model), kept from the scan for the
// results' Hash columns (SPEC §2 Input) so that no hash is read twice. Compact, by the per-row memory
// rule: a serial number is its UTF-8 bytes in one buffer, and manufacturers and models, which repeat
// across a shipment, are indexes into one table of their texts.
import type { HashFacts } from '../hardware-hash/decode.js';
import type { RowResult } from '../model.js';
import { InternedTexts } from '../text/interned.js';
import { DeviceTexts } from './scanned-rows.js';

/** The Hash columns of one row (absent keys: the hash does not say, or the row has none that reads). */
export type HashColumnValues = Pick<RowResult, 'hashSerial' | 'hashManufacturer' | 'hashModel'>;

const NONE = 0;

export class HashColumns {
  readonly #serials = new DeviceTexts();
  #manufacturers = new Uint32Array(1024);
  #models = new Uint32Array(1024);
  readonly #texts = new InternedTexts(['']);
  #length = 0;

  get length(): number {
    return this.#length;
  }

  /** Appends row `index` (which must be `length`): what its hash says, or undefined for no readable hash. */
  push(index: number, facts: HashFacts | undefined): void {
    if (index !== this.#length) throw new RangeError(`row ${index} appended at position ${this.#length}`);
    if (index === this.#models.length) {
      this.#manufacturers = grown(this.#manufacturers);
      this.#models = grown(this.#models);
    }
    this.#serials.push(index, facts?.serial ?? '');
    this.#manufacturers[index] = this.#text(facts?.manufacturer);
    this.#models[index] = this.#text(facts?.model);
    this.#length = index + 1;
  }

  /** Row `index`'s Hash columns (made anew on every call). */
  at(index: number): HashColumnValues {
    if (!(index >= 0 && index < this.#length)) return {};
    const values: HashColumnValues = {};
    const serial = this.#serials.get(index);
    const manufacturer = this.#texts.text(this.#manufacturers[index] ?? NONE);
    const model = this.#texts.text(this.#models[index] ?? NONE);
    if (serial !== '') values.hashSerial = serial;
    if (manufacturer !== '') values.hashManufacturer = manufacturer;
    if (model !== '') values.hashModel = model;
    return values;
  }

  #text(text: string | undefined): number {
    return text === undefined ? NONE : this.#texts.id(text);
  }
}

function grown(from: Uint32Array): Uint32Array<ArrayBuffer> {
  const to = new Uint32Array(from.length * 2);
  to.set(from);
  return to;
}
