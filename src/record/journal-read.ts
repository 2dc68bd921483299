// Reading a journal back: the header, the accepted rows, and where the last whole line ends. The file is
// read as a stream, line by line, keeping byte offsets (a big run's journal is tens of megabytes).
import { createReadStream } from 'node:fs';
import type { RowResult } from '../model.js';
import { messageOf } from './atomic.js';
import { journalKey, type JournalEntry, type JournalHeader } from './journal-format.js';

export type JournalRead =
  | {
      kind: 'read';
      header: JournalHeader;
      recovered: Map<string, RowResult>;
      /** Bytes to keep: everything up to the last line worth keeping. */
      keepBytes: number;
      /** The last kept line was complete JSON but its newline was never written. */
      unterminated: boolean;
    }
  | { kind: 'unreadable'; why: string };

interface Line {
  text: string;
  /** Byte offset just past the line (and its newline, when it has one). */
  end: number;
  terminated: boolean;
}

export async function readJournal(path: string): Promise<JournalRead> {
  let header: JournalHeader | undefined;
  const recovered = new Map<string, RowResult>();
  let keepBytes = 0;
  let unterminated = false;
  try {
    for await (const line of lines(path)) {
      const value = parse(line.text);
      if (header === undefined) {
        if (!isHeader(value)) return { kind: 'unreadable', why: 'its first line is not a journal header' };
        header = value;
      } else if (isEntry(value)) {
        for (const row of value.rows) {
          if (row.result.status === 'accepted') recovered.set(journalKey(value.customer, row.device, row.policy), row.result);
        }
      } else if (!line.terminated) {
        // A line cut short by a kill mid-write: the request it records is sent again, which is safe.
        break;
      }
      // A whole line that is not an entry cannot come from this tool; skipping it loses only that line.
      keepBytes = line.end;
      unterminated = !line.terminated;
    }
  } catch (e) {
    return { kind: 'unreadable', why: messageOf(e) };
  }
  if (header === undefined) return { kind: 'unreadable', why: 'it is empty' };
  return { kind: 'read', header, recovered, keepBytes, unterminated };
}

async function* lines(path: string): AsyncGenerator<Line> {
  let parts: Buffer[] = [];
  let offset = 0;
  for await (const chunk of createReadStream(path)) {
    const buffer = chunk as Buffer;
    let start = 0;
    for (let nl = buffer.indexOf(0x0a); nl !== -1; nl = buffer.indexOf(0x0a, start)) {
      parts.push(buffer.subarray(start, nl));
      const bytes = Buffer.concat(parts);
      offset += bytes.length + 1;
      yield { text: bytes.toString('utf8'), end: offset, terminated: true };
      parts = [];
      start = nl + 1;
    }
    if (start < buffer.length) parts.push(buffer.subarray(start));
  }
  const rest = Buffer.concat(parts);
  if (rest.length > 0) yield { text: rest.toString('utf8'), end: offset + rest.length, terminated: false };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isHeader(value: unknown): value is JournalHeader {
  return isObject(value) && value.kind === 'header' && value.version === 1 && typeof value.inputSha256 === 'string';
}

function isEntry(value: unknown): value is JournalEntry {
  return isObject(value) && value.kind === 'request' && typeof value.customer === 'string' && Array.isArray(value.rows) &&
    value.rows.every((row) => isObject(row) && typeof row.device === 'string' && typeof row.policy === 'string' &&
      isObject(row.result) && typeof row.result.status === 'string');
}
