// Per-row stores keep a small number per row, not a string: a sheet names few customers, policies,
// manufacturers and models, each kept here once.
import { detach } from './detach.js';

export class InternedTexts {
  readonly #texts: string[] = [];
  readonly #ids = new Map<string, number>();

  /** `first` numbered 0, 1, … in order (a store that reads 0 as "none" gives ['']). */
  constructor(first: readonly string[] = []) {
    for (const text of first) this.id(text);
  }

  /** The number of `text`, given the first time it is seen. */
  id(text: string): number {
    let id = this.#ids.get(text);
    if (id === undefined) {
      // A copy of its own: the text may be a slice of a reader's chunk, which it would keep alive.
      const own = detach(text);
      id = this.#texts.length;
      this.#texts.push(own);
      this.#ids.set(own, id);
    }
    return id;
  }

  /** The text numbered `id`; '' for a number never given. */
  text(id: number): string {
    return this.#texts[id] ?? '';
  }
}
