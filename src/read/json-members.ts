// A JSON document streamed as the members of its top-level object, one array member (the results
// file's `rows`) streamed element by element. A results file can hold 300k rows; JSON.parse of the
// whole text would hold the text and every parsed row at once, where this holds one row at a time.
// No streaming JSON parser is a dependency, and the scan needs little: each element is cut out by
// counting brackets outside strings, then handed to JSON.parse, which checks it in full.
import { createReadStream } from 'node:fs';

export type JsonMember =
  /** A member named in `keep`, parsed. */
  | { kind: 'value'; key: string; value: unknown }
  /** The member named in `stream` begins, and is an array: its elements (if any) follow. */
  | { kind: 'array'; key: string }
  /** One element of the member named in `stream`, parsed; `index` counts from 0. */
  | { kind: 'element'; key: string; index: number; value: unknown }
  /** The member named in `stream` is there but is not an array (its value is skipped, not parsed). */
  | { kind: 'not-array'; key: string };

export type JsonScanErrorCode =
  /** The document is not an object (an array, a number, CSV text…). */
  | 'not-an-object'
  /** Malformed JSON, or the file ends early. */
  | 'syntax'
  /**
   * A member that is read (`stream` or `keep`) given twice. JSON.parse would keep the last; the scan
   * would yield both (both arrays' rows): neither is a guess to make about which the writer meant.
   */
  | 'duplicate-member';

export class JsonScanError extends Error {
  override readonly name = 'JsonScanError';
  readonly code: JsonScanErrorCode;

  constructor(code: JsonScanErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}

export interface MemberSelection {
  /** The array member whose elements are yielded one by one. */
  stream: string;
  /** Other members to parse and yield whole; the rest are skipped unparsed. */
  keep: ReadonlySet<string>;
}

/**
 * The selected members in document order. Stopping early closes the file. A skipped object or array is
 * only bracket-counted, so malformed JSON inside one (say, the summary) goes unnoticed: it carries
 * nothing that is read.
 */
export async function* jsonMembers(file: string, select: MemberSelection): AsyncGenerator<JsonMember> {
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 64 * 1024 });
  const scanner = new Scanner(stream[Symbol.asyncIterator]());
  try {
    yield* members(scanner, select);
  } finally {
    stream.destroy();
  }
}

async function* members(s: Scanner, select: MemberSelection): AsyncGenerator<JsonMember> {
  if ((await s.peek()) === '\uFEFF') s.pos++;
  const first = await s.peekToken();
  if (first !== '{') {
    throw new JsonScanError('not-an-object', first === undefined ? 'the file is empty' : `expected a JSON object ("{") at the start, found ${quote(first)}`);
  }
  s.pos++;
  if ((await s.peekToken()) === '}') {
    s.pos++;
  } else {
    const read = new Set<string>();
    for (;;) {
      if ((await s.peekToken()) !== '"') throw await s.unexpected('a member name');
      // It opened with a quote, so JSON.parse makes it a string.
      const key = String(parse(await s.value(true), 'a member name'));
      if (key === select.stream || select.keep.has(key)) {
        if (read.has(key)) throw new JsonScanError('duplicate-member', `${quote(key)} is given twice; expected one ${quote(key)} member`);
        read.add(key);
      }
      await s.expect(':');
      await s.peekToken();
      if (key === select.stream) {
        if ((await s.peek()) === '[') yield* elements(s, key);
        else {
          yield { kind: 'not-array', key };
          await s.value(false);
        }
      } else if (select.keep.has(key)) {
        yield { kind: 'value', key, value: parse(await s.value(true), `"${key}"`) };
      } else {
        await s.value(false);
      }
      const next = await s.peekToken();
      if (next !== ',' && next !== '}') throw await s.unexpected('"," or "}" after a member');
      s.pos++;
      if (next === '}') break;
    }
  }
  if ((await s.peekToken()) !== undefined) throw await s.unexpected('nothing after the closing "}"');
}

async function* elements(s: Scanner, key: string): AsyncGenerator<JsonMember> {
  s.pos++; // the '['
  yield { kind: 'array', key };
  if ((await s.peekToken()) === ']') {
    s.pos++;
    return;
  }
  for (let index = 0; ; index++) {
    yield { kind: 'element', key, index, value: parse(await s.value(true), `"${key}"[${index}]`) };
    const next = await s.peekToken();
    if (next !== ',' && next !== ']') throw await s.unexpected(`"," or "]" after "${key}"[${index}]`);
    s.pos++;
    if (next === ']') return;
    await s.peekToken();
  }
}

function parse(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new JsonScanError('syntax', `${what} is not valid JSON (${e instanceof Error ? e.message : String(e)})`, { cause: e });
  }
}

function quote(c: string): string {
  return JSON.stringify(c);
}

/** Characters that end a number, true, false or null. */
const PRIMITIVE_END = /[,}\]\s]/g;
/**
 * What may stand between them: JSON's true, false, null and numbers. Checked even for a skipped value,
 * whose text is otherwise not looked at: `{"x":,…}` or `{"x":tru,…}` is not JSON, and reading on
 * would accept a file JSON.parse refuses.
 */
const PRIMITIVE = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)$/;
/** What matters inside a string: its end, or an escape (which may hide a quote). */
const STRING_STOP = /["\\]/g;
/** What matters between strings inside an object or array. */
const NESTING = /["{}[\]]/g;

/**
 * The text in hand and a position in it, refilled chunk by chunk. Everything before the position is
 * dropped at each refill unless a value being cut out still needs it.
 */
class Scanner {
  buf = '';
  pos = 0;
  /** Characters dropped so far, so messages can say where in the file. */
  private dropped = 0;
  private ended = false;

  constructor(private readonly chunks: AsyncIterator<string | Buffer>) {}

  /** Reads one more chunk, keeping the text from `keepFrom` on; false at the end of the file. */
  private async more(keepFrom: number): Promise<boolean> {
    if (this.ended) return false;
    const next = await this.chunks.next();
    this.buf = this.buf.slice(keepFrom);
    this.pos -= keepFrom;
    this.dropped += keepFrom;
    if (next.done === true) {
      this.ended = true;
      return false;
    }
    this.buf += String(next.value);
    return true;
  }

  async peek(): Promise<string | undefined> {
    while (this.pos >= this.buf.length) if (!(await this.more(this.pos))) return undefined;
    return this.buf[this.pos];
  }

  /** The next character that is not white space, without taking it. */
  async peekToken(): Promise<string | undefined> {
    for (;;) {
      const c = await this.peek();
      if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t') return c;
      this.pos++;
    }
  }

  async expect(c: string): Promise<void> {
    const got = await this.peekToken();
    if (got !== c) throw await this.unexpected(quote(c));
    this.pos++;
  }

  /** The error for what is at the position when `expected` should be. */
  async unexpected(expected: string): Promise<JsonScanError> {
    const found = await this.peek();
    const where = found === undefined ? 'the file ends' : `found ${quote(found)} at character ${this.dropped + this.pos + 1}`;
    return new JsonScanError('syntax', `expected ${expected}, but ${where}`);
  }

  /**
   * Moves past the value that starts at the position; returns its text when `keep`, else ''. The
   * bracket count stands across refills, so a value of any size costs one pass.
   */
  async value(keep: boolean): Promise<string> {
    let start = this.pos;
    const first = this.buf[start];
    if (first === undefined) throw await this.unexpected('a value');
    let depth = 0;
    let inString = first === '"';
    if (first === '{' || first === '[') depth = 1;
    const container = depth > 0;
    const primitive = !inString && !container;
    if (!primitive) this.pos++;
    for (;;) {
      if (this.pos >= this.buf.length) {
        // After an escape the position can sit one past the text: that character is still to come.
        // A primitive's text is kept to be checked (it is short: a word or a number).
        const from = keep || primitive ? start : Math.min(this.pos, this.buf.length);
        const had = await this.more(from);
        start -= from;
        // The end of the file ends a number (`{"a":1` still fails, on the missing "}"); anything else is cut short.
        if (!had) {
          if (!primitive) throw new JsonScanError('syntax', 'the file ends inside a value');
          break;
        }
        continue;
      }
      const rule = inString ? STRING_STOP : container ? NESTING : PRIMITIVE_END;
      rule.lastIndex = this.pos;
      const hit = rule.exec(this.buf);
      if (hit === null) {
        this.pos = this.buf.length;
        continue;
      }
      const c = hit[0];
      this.pos = hit.index + 1;
      if (primitive) {
        this.pos = hit.index; // the delimiter belongs to what follows
        break;
      }
      if (inString) {
        if (c === '\\') this.pos++; // the escaped character, even a quote (possibly in the next chunk)
        else {
          inString = false;
          if (!container) break;
        }
      } else if (c === '"') inString = true;
      else if (c === '{' || c === '[') depth++;
      else if (--depth === 0) break;
    }
    if (primitive && !PRIMITIVE.test(this.buf.slice(start, this.pos))) {
      const found = this.pos === start ? quote(this.buf[start] ?? '') : quote(this.buf.slice(start, this.pos));
      throw new JsonScanError('syntax', `expected a value (a string, number, object, array, true, false or null), but found ${found} at character ${this.dropped + start + 1}`);
    }
    return keep ? this.buf.slice(start, this.pos) : '';
  }
}
