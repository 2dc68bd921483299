// Reading a journal back: the header, the requests of earlier runs with their answers, and where the
// last whole line ends. The file is read as a stream, line by line, keeping byte offsets (a big run's
// journal is tens of megabytes).
import { createReadStream } from 'node:fs';
import { messageOf } from '../record/atomic.js';
import { headerVersion, isAnswer, isHeader, isIntent, JOURNAL_VERSION, type EarlierRequest, type JournalHeader } from './format.js';

export type JournalRead =
  | {
      kind: 'read';
      header: JournalHeader;
      /** Requests of earlier runs, in the order their intents were written, each with its last answer. */
      earlier: EarlierRequest[];
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
  const byId = new Map<string, EarlierRequest>();
  let keepBytes = 0;
  let unterminated = false;
  try {
    for await (const line of lines(path)) {
      const value = parse(line.text);
      if (header === undefined) {
        if (!isHeader(value)) return { kind: 'unreadable', why: notAHeader(value) };
        header = value;
      } else if (isIntent(value)) {
        // Re-sent under the same ID by a later run: the first intent stands (its items are the same).
        if (!byId.has(value.requestId)) byId.set(value.requestId, { intent: value, answer: undefined, answeredAt: undefined });
      } else if (isAnswer(value)) {
        const request = byId.get(value.requestId);
        if (request !== undefined) {
          request.answer = value.answer;
          request.answeredAt = value.at;
        }
      } else if (!line.terminated) {
        // A line cut short by a kill mid-write: what it records is sent again, which is safe.
        break;
      }
      // A whole line that is none of these cannot come from this tool; skipping it loses only that line.
      keepBytes = line.end;
      unterminated = !line.terminated;
    }
  } catch (e) {
    return { kind: 'unreadable', why: messageOf(e) };
  }
  if (header === undefined) return { kind: 'unreadable', why: 'it is empty' };
  return { kind: 'read', header, earlier: [...byId.values()], keepBytes, unterminated };
}

function notAHeader(value: unknown): string {
  const version = headerVersion(value);
  if (version === undefined) return 'its first line is not a journal header';
  return `it was written by another version of device-policy (journal version ${version}, this one reads version ${JOURNAL_VERSION})`;
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
