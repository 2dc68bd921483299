// A JSON document streamed as the members of its top-level object, one array member (the results
// file's `rows`) streamed element by element. A results file can hold 300k rows; JSON.parse of the
// whole text would hold the text and every parsed row at once, where this holds one chunk's rows.
// @streamparser/json does the parsing (every byte is checked, skipped members included, and values it
// is not asked for are never built); this file only watches the top level — that the document is an
// object, which members it has, whether `rows` is an array — and turns what it finds into members.
import { createReadStream } from 'node:fs';
import { Tokenizer, TokenParser, TokenType, type ParsedElementInfo, type ParsedTokenInfo } from '@streamparser/json';

export type JsonMember =
  /** A member named in `keep`, parsed. */
  | { kind: 'value'; key: string; value: unknown }
  /** The member named in `stream` begins, and is an array: its elements (if any) follow. */
  | { kind: 'array'; key: string }
  /** One element of the member named in `stream`, parsed; `index` counts from 0. */
  | { kind: 'element'; key: string; index: number; value: unknown }
  /** The member named in `stream` is there but is not an array (its value is checked, never built). */
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
  /** Other members to parse and yield whole; the rest are checked but never built. */
  keep: ReadonlySet<string>;
}

/** The selected members in document order. Stopping early closes the file. */
export async function* jsonMembers(file: string, select: MemberSelection): AsyncGenerator<JsonMember> {
  const stream = createReadStream(file, { highWaterMark: 64 * 1024 });
  const scan = new TopLevel(select);
  try {
    for await (const chunk of stream) {
      scan.write(chunk as Buffer);
      yield* scan.take();
    }
    scan.end();
    yield* scan.take();
  } finally {
    stream.destroy();
  }
}

/** Feeds the parser and keeps the top level's shape; what it finds waits in `found` until taken. */
class TopLevel {
  private readonly tokenizer = new Tokenizer({ stringBufferSize: 64 * 1024 });
  private readonly parser: TokenParser;
  private found: JsonMember[] = [];
  private depth = 0;
  private started = false;
  /** Inside the top-level object: whether the next string is a member name. */
  private expectName = false;
  /** The member whose value comes next, when it is one that is read. */
  private pending: string | undefined;
  private readonly seen = new Set<string>();

  constructor(private readonly select: MemberSelection) {
    const paths = [`$.${select.stream}.*`, ...[...select.keep].map((k) => `$.${k}`)];
    this.parser = new TokenParser({ paths, keepStack: false });
    this.parser.onValue = (info) => this.value(info);
    this.tokenizer.onToken = (token) => {
      this.token(token);
      try {
        this.parser.write(token);
      } catch (e) {
        throw asScanError(e, token.offset);
      }
    };
  }

  write(chunk: Buffer): void {
    try {
      this.tokenizer.write(chunk);
    } catch (e) {
      // Not even a first token: this is no JSON at all (CSV text named .json, say).
      const found = this.started ? undefined : /^Unexpected "(.*?)" at chunk position/s.exec(e instanceof Error ? e.message : '')?.[1];
      if (found !== undefined) throw new JsonScanError('not-an-object', `expected a JSON object ("{") at the start, found ${JSON.stringify(found)}`);
      throw asScanError(e);
    }
  }

  end(): void {
    if (!this.started) throw new JsonScanError('not-an-object', 'the file is empty');
    if (this.tokenizer.isEnded && this.parser.isEnded) return;
    try {
      this.tokenizer.end();
    } catch (e) {
      throw asScanError(e);
    }
    if (!this.parser.isEnded) throw new JsonScanError('syntax', 'the file ends inside a value');
  }

  take(): JsonMember[] {
    const taken = this.found;
    this.found = [];
    return taken;
  }

  private token({ token, value }: ParsedTokenInfo): void {
    if (!this.started) {
      this.started = true;
      if (token !== TokenType.LEFT_BRACE) {
        throw new JsonScanError('not-an-object', `expected a JSON object ("{") at the start, found ${JSON.stringify(String(value))}`);
      }
    }
    if (this.depth === 1) {
      if (this.expectName && token === TokenType.STRING) this.name(String(value));
      else if (this.pending !== undefined && token !== TokenType.COLON) this.memberStarts(this.pending, token);
      this.expectName = token === TokenType.COMMA;
    }
    if (token === TokenType.LEFT_BRACE || token === TokenType.LEFT_BRACKET) this.depth++;
    if (token === TokenType.RIGHT_BRACE || token === TokenType.RIGHT_BRACKET) this.depth--;
    if (this.depth === 1 && token === TokenType.LEFT_BRACE) this.expectName = true;
  }

  private name(key: string): void {
    if (key !== this.select.stream && !this.select.keep.has(key)) return;
    if (this.seen.has(key)) throw new JsonScanError('duplicate-member', `${JSON.stringify(key)} is given twice; expected one ${JSON.stringify(key)} member`);
    this.seen.add(key);
    this.pending = key;
  }

  private memberStarts(key: string, token: TokenType): void {
    this.pending = undefined;
    if (key !== this.select.stream) return;
    this.found.push(token === TokenType.LEFT_BRACKET ? { kind: 'array', key } : { kind: 'not-array', key });
  }

  private value({ value, key, stack }: ParsedElementInfo): void {
    if (stack.length === 1 && typeof key === 'string' && this.select.keep.has(key)) {
      this.found.push({ kind: 'value', key, value });
    } else if (stack.length === 2 && typeof key === 'number' && stack[1]?.key === this.select.stream) {
      this.found.push({ kind: 'element', key: this.select.stream, index: key, value });
    }
  }
}

/**
 * The parser's words ('Unexpected "x" at chunk position 3 (absolute position "12") in state …',
 * 'Unexpected COMMA (",") in state KEY'), plainer, with the byte where it went wrong.
 */
function asScanError(e: unknown, offset?: number): JsonScanError {
  if (e instanceof JsonScanError) return e;
  const message = e instanceof Error ? e.message : String(e);
  const byChar = /^Unexpected "(.*)" at chunk position "\d+" \(absolute position "(\d+)"\) in state (\w+)/s.exec(message);
  const byToken = /^Unexpected \w+ \((.*)\) in state (\w+)/s.exec(message);
  const found = byChar?.[1] ?? byToken?.[1];
  const state = byChar?.[3] ?? byToken?.[2];
  const at = byChar !== null ? Number(byChar[2]) : offset;
  if (found !== undefined && state !== undefined) {
    const where = at === undefined ? '' : ` at byte ${at + 1}`;
    const quoted = byChar !== null ? JSON.stringify(found) : found;
    return new JsonScanError('syntax', `expected ${expectedIn(state)}, but found ${quoted}${where}`, { cause: e });
  }
  if (/ended in the middle|ended in mid-parsing/i.test(message)) return new JsonScanError('syntax', 'the file ends inside a value', { cause: e });
  return new JsonScanError('syntax', message, { cause: e });
}

/** What the parser's states wait for. */
function expectedIn(state: string): string {
  switch (state) {
    case 'ENDED':
      return 'nothing after the closing "}"';
    case 'KEY':
      return 'a member name';
    case 'COLON':
      return '":"';
    case 'COMMA':
      return '"," or the end of the object or array';
    default:
      // The tokenizer's states name what it was reading (TRUE3, NUMBER_AFTER_INITIAL_ZERO…).
      return 'a value (a string, number, object, array, true, false or null)';
  }
}
