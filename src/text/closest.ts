// "Did you mean": the candidates closest to what the user typed, by edit distance. One small function
// shared by every place that suggests (commands, options, DEVICE_POLICY_* variables, header names,
// profile names), so that they all suggest alike. Case and the separators people vary (spaces, `-`,
// `_`, `.`) are ignored when comparing; the candidate is returned as written.

export interface ClosestOptions {
  /** Most suggestions returned (best first). Default 3. */
  readonly limit?: number;
  /**
   * Largest distance still worth suggesting, as a fraction of the longer text's length (default 0.4),
   * and never more than `maxDistance` edits (default 4). A wild guess is worse than none.
   */
  readonly ratio?: number;
  readonly maxDistance?: number;
}

/** Lower case without spaces, `-`, `_` or `.`: `Serial No.` and `serial-no` compare equal. */
export function comparable(text: string): string {
  return text.toLowerCase().replace(/[\s\-_.]+/g, '');
}

/**
 * The optimal-string-alignment distance (Levenshtein with adjacent swaps, so `aply` → `apply` is 1 and
 * `plicy` → `policy` is 1), stopping early once every path exceeds `bound`.
 */
export function editDistance(a: string, b: string, bound = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > bound) return bound + 1;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev2 = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > bound) return bound + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[b.length]!;
}

/**
 * The candidates close enough to `input` to suggest, closest first (ties keep the candidates' order).
 * A candidate equal to the input once compared (`comparable`) is distance 0 and comes first.
 */
export function closest(input: string, candidates: Iterable<string>, options: ClosestOptions = {}): string[] {
  const { limit = 3, ratio = 0.4, maxDistance = 4 } = options;
  const typed = comparable(input);
  if (typed === '') return [];
  const scored: { candidate: string; distance: number; order: number }[] = [];
  const seen = new Set<string>();
  let order = 0;
  for (const candidate of candidates) {
    if (seen.has(candidate)) continue;
    seen.add(candidate);
    const other = comparable(candidate);
    if (other === '') continue;
    const bound = Math.min(maxDistance, Math.floor(Math.max(typed.length, other.length) * ratio));
    const distance = editDistance(typed, other, bound);
    if (distance <= bound) scored.push({ candidate, distance, order: order++ });
  }
  scored.sort((x, y) => x.distance - y.distance || x.order - y.order);
  return scored.slice(0, limit).map((s) => s.candidate);
}

/** ` (did you mean "x" or "y"?)`, or '' when nothing is close: ready to append to a message. */
export function didYouMean(input: string, candidates: Iterable<string>, options: ClosestOptions = {}): string {
  return didYouMeanOf(closest(input, candidates, options));
}

/** ` (did you mean "x" or "y"?)` for suggestions found otherwise; '' for none. */
export function didYouMeanOf(found: readonly string[]): string {
  if (found.length === 0) return '';
  const quoted = found.map((c) => JSON.stringify(c));
  const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
  return ` (did you mean ${list}?)`;
}

/** A typed word stands for a candidate's word it equals or, from this many letters on, begins (`std`, `cust`). */
const PREFIX_LETTERS = 3;

/** The words of a name, lower case: letters and digits, split at everything else. */
export function wordsOf(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
}

/** `stan` for `standard` (a prefix), `standrd` for `standard` (one edit, in a word of five letters or more). */
function wordStandsFor(typed: string, word: string): boolean {
  if (typed === word) return true;
  if (typed.length >= PREFIX_LETTERS && word.startsWith(typed)) return true;
  return typed.length >= 5 && editDistance(typed, word, 1) <= 1;
}

/**
 * Whether every typed word stands, in order, for a word of the candidate (which may have more; see
 * wordStandsFor):
 * `Standard user` within `Contoso - Standard user-driven`, `Autopilot Profile Name` around `Profile Name`.
 */
export function wordsWithin(typed: readonly string[], candidate: readonly string[]): boolean {
  if (typed.length === 0) return false;
  let at = 0;
  for (const word of candidate) {
    const want = typed[at];
    if (want !== undefined && wordStandsFor(want, word)) at++;
  }
  return at === typed.length;
}

/**
 * For names people shorten (profile names): the candidates `closest` finds, else those holding every
 * word of the input (`Standard user` → `Contoso - Standard user-driven`), shortest first.
 */
export function closestNames(input: string, candidates: readonly string[], options: ClosestOptions = {}): string[] {
  const near = closest(input, candidates, options);
  if (near.length > 0) return near;
  const typed = wordsOf(input);
  const within = [...new Set(candidates)].filter((c) => wordsWithin(typed, wordsOf(c)));
  return within.sort((a, b) => a.length - b.length).slice(0, options.limit ?? 3);
}
