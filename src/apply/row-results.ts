// Every row's result, made when asked. A dry run of a million rows would otherwise hold a million result
// objects whose every field follows from the plan; here a row's result is computed from the plan and
// what the run learnt (answers, kept rows), and only results set afterwards (tracking, rows a stopped
// run never looked up) are stored.
import type { RowResult } from '../model.js';

export class RowResults implements Iterable<RowResult> {
  readonly #make: (index: number) => RowResult;
  readonly #set = new Map<number, RowResult>();
  readonly length: number;

  constructor(length: number, make: (index: number) => RowResult) {
    this.length = length;
    this.#make = make;
  }

  /** Row `index`'s result (a new object unless one was set: change it only through `set`). */
  at(index: number): RowResult {
    if (!(index >= 0 && index < this.length)) throw new RangeError(`no row ${index} among ${this.length} results`);
    return this.#set.get(index) ?? this.#make(index);
  }

  set(index: number, result: RowResult): void {
    if (!(index >= 0 && index < this.length)) throw new RangeError(`no row ${index} among ${this.length} results`);
    this.#set.set(index, result);
  }

  /** The same rows with `change` applied to each (a row it returns unchanged stays as it was made). */
  mapped(change: (result: RowResult, index: number) => RowResult): RowResults {
    return new RowResults(this.length, (i) => change(this.at(i), i));
  }

  *[Symbol.iterator](): IterableIterator<RowResult> {
    for (let i = 0; i < this.length; i++) yield this.at(i);
  }

}
