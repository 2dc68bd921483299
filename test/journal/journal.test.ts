// The journal is what makes `kill -9` survivable: every request is on disk before it is sent and its
// answer after, a torn last line does not stop the next run, and only the same input resumes.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { appendFile, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { isRecordError } from '../../src/record/errors.js';
import { sha256File } from '../../src/record/hash.js';
import { journalPathFor, openJournal, type Journal, type JournalAnswer, type JournalIntent, type RecordedAnswer } from '../../src/journal/journal.js';
import { tempDir } from '../helpers/paths.js';
import { CUSTOMER, JOB, POLICY } from '../record/sample.js';

const SHA = 'a'.repeat(64);
const header = (inputSha256 = SHA, correlationId = 'run-1') =>
  ({ inputSha256, out: 'out.xlsx', correlationId, startedAt: '2025-01-02T03:04:05.000Z' });
const AT = '2025-01-02T03:04:30.000Z';

function intent(requestId: string, devices: string[]): JournalIntent {
  return {
    kind: 'intent', requestId, op: 'update', customer: CUSTOMER, at: AT,
    items: devices.map((device, i) => ({ index: i, rowNumber: i + 2, device, policy: POLICY })),
  } satisfies JournalIntent;
}

function answer(requestId: string, kind: 'accepted' | 'refused' | 'transient' = 'accepted'): JournalAnswer {
  const recorded: RecordedAnswer =
    kind === 'accepted' ? { kind, httpStatus: 202, batchJobUri: JOB, trackingId: 'a15f3996' }
    : kind === 'refused' ? { kind, httpStatus: 403, errorCode: '600001', detail: 'refused' }
    : { kind, detail: 'no answer in time' };
  return { kind: 'answer', requestId, at: AT, answer: recorded } satisfies JournalAnswer;
}

/** An intent and its answer, as one request of a finished run leaves them. */
async function sent(journal: Journal, requestId: string, devices: string[], kind?: 'accepted' | 'refused' | 'transient'): Promise<void> {
  await journal.record(intent(requestId, devices));
  await journal.record(answer(requestId, kind));
}

const ids = (journal: Journal) => journal.earlier.map((r) => `${r.intent.requestId}:${r.answer?.kind ?? 'none'}`);

async function lines(path: string): Promise<unknown[]> {
  const text = await readFile(path, 'utf8');
  assert.ok(text.endsWith('\n'), 'the journal ends with a whole line');
  return text.slice(0, -1).split('\n').map((line) => JSON.parse(line) as unknown);
}

test('the journal sits beside the results file', () => {
  assert.equal(journalPathFor('/data/devices.results.xlsx'), '/data/devices.results.xlsx.journal');
});

test('a new journal starts with its header; each record is one whole line', async (t) => {
  const path = join(tempDir(t), 'out.xlsx.journal');
  const journal = await openJournal(path, header(), { restart: false });
  assert.deepEqual(journal.earlier, []);
  assert.equal(journal.discardedBecause, undefined);
  await sent(journal, 'r1', ['D1', 'D2']);
  await sent(journal, 'r2', ['D3'], 'refused');
  await journal.close();
  const [first, ...rest] = await lines(path);
  assert.deepEqual(first, { kind: 'header', version: 2, ...header() });
  assert.deepEqual(rest, [intent('r1', ['D1', 'D2']), answer('r1'), intent('r2', ['D3']), answer('r2', 'refused')]);
});

test('reopening for the same input gives every earlier request with its last answer, and keeps appending', async (t) => {
  const path = join(tempDir(t), 'out.xlsx.journal');
  const first = await openJournal(path, header(), { restart: false });
  await sent(first, 'r1', ['D1', 'D2']);
  await sent(first, 'r2', ['D3'], 'transient');
  // Killed here: the intent is on disk, the answer never came.
  await first.record(intent('r3', ['D4']));
  await first.close();

  const second = await openJournal(path, header(SHA, 'run-2'), { restart: false });
  assert.equal(second.discardedBecause, undefined);
  assert.deepEqual(ids(second), ['r1:accepted', 'r2:transient', 'r3:none']);
  assert.deepEqual(second.earlier[0]?.intent, intent('r1', ['D1', 'D2']));
  assert.equal(second.header.correlationId, 'run-1', 'the header is the first run\'s');
  // The second run sends r2 and r3 again under their IDs: only their answers are new lines.
  await second.record(answer('r2'));
  await second.record(answer('r3'));
  await second.close();

  const third = await openJournal(path, header(), { restart: false });
  assert.deepEqual(ids(third), ['r1:accepted', 'r2:accepted', 'r3:accepted'], 'the last answer of a request wins');
  await third.close();
});

test('a line torn by a kill mid-write is ignored and cut, so the next record is whole', async (t) => {
  const path = join(tempDir(t), 'out.xlsx.journal');
  const first = await openJournal(path, header(), { restart: false });
  await sent(first, 'r1', ['D1']);
  await first.close();
  const torn = JSON.stringify(answer('r2'));
  await appendFile(path, `${JSON.stringify(intent('r2', ['D2']))}\n${torn.slice(0, torn.length / 2)}`);

  const second = await openJournal(path, header(), { restart: false });
  assert.deepEqual(ids(second), ['r1:accepted', 'r2:none']);
  await second.record(intent('r3', ['D3']));
  await second.close();
  const all = await lines(path);
  assert.deepEqual(all.slice(1), [intent('r1', ['D1']), answer('r1'), intent('r2', ['D2']), intent('r3', ['D3'])]);
});

test('a last line complete but for its newline is kept', async (t) => {
  const path = join(tempDir(t), 'out.xlsx.journal');
  await writeFile(path, `${JSON.stringify({ kind: 'header', version: 2, ...header() })}\n${JSON.stringify(intent('r1', ['D1']))}`);
  const journal = await openJournal(path, header(), { restart: false });
  assert.deepEqual(ids(journal), ['r1:none']);
  await journal.record(answer('r1'));
  await journal.close();
  assert.equal((await lines(path)).length, 3);
});

test('an answer for a request the journal has no intent of, or a line of another shape, is skipped', async (t) => {
  const path = join(tempDir(t), 'out.xlsx.journal');
  const stray = [answer('nobody'), { kind: 'intent', requestId: 'r9', op: 'teleport', customer: CUSTOMER, at: AT, items: [{ index: 0, rowNumber: 2 }] },
    { kind: 'intent', requestId: 'r8', op: 'update', customer: CUSTOMER, at: AT, items: [] }];
  await writeFile(path, [{ kind: 'header', version: 2, ...header() }, intent('r1', ['D1']), ...stray].map((l) => `${JSON.stringify(l)}\n`).join(''));
  const journal = await openJournal(path, header(), { restart: false });
  assert.deepEqual(ids(journal), ['r1:none']);
  await journal.close();
});

test('a journal of the earlier format (version 1) is discarded with a message that says so', async (t) => {
  const path = join(tempDir(t), 'out.xlsx.journal');
  await writeFile(path, `${JSON.stringify({ kind: 'header', version: 1, ...header() })}\n{"kind":"request","requestId":"r1","customer":"c","rows":[]}\n`);
  const journal = await openJournal(path, header(), { restart: false });
  assert.deepEqual(journal.earlier, []);
  assert.match(journal.discardedBecause ?? '', /could not be read \(it was written by another version of device-policy \(journal version 1, this one reads version 2\)\)/);
  await journal.close();
  assert.deepEqual(await lines(path), [{ kind: 'header', version: 2, ...header() }]);
});

test('a journal for a different input is discarded, and says why', async (t) => {
  const path = join(tempDir(t), 'out.xlsx.journal');
  const first = await openJournal(path, header(), { restart: false });
  await sent(first, 'r1', ['D1']);
  await first.close();

  const other = await openJournal(path, header('b'.repeat(64), 'run-2'), { restart: false });
  assert.deepEqual(other.earlier, []);
  assert.match(other.discardedBecause ?? '', /different input/);
  assert.match(other.discardedBecause ?? '', /aaaaaaaaaaaa/);
  await other.close();
  assert.deepEqual(await lines(path), [{ kind: 'header', version: 2, ...header('b'.repeat(64), 'run-2') }]);
});

test('--restart discards a journal even for the same input', async (t) => {
  const path = join(tempDir(t), 'out.xlsx.journal');
  const first = await openJournal(path, header(), { restart: false });
  await sent(first, 'r1', ['D1']);
  await first.close();

  const restarted = await openJournal(path, header(), { restart: true });
  assert.deepEqual(restarted.earlier, []);
  assert.match(restarted.discardedBecause ?? '', /--restart/);
  await restarted.close();
  assert.equal((await lines(path)).length, 1);
});

test('--restart with no journal there has nothing to discard', async (t) => {
  const journal = await openJournal(join(tempDir(t), 'j'), header(), { restart: true });
  assert.equal(journal.discardedBecause, undefined);
  await journal.close();
});

test('a journal whose header is unreadable (killed while creating it) is discarded, not fatal', async (t) => {
  const path = join(tempDir(t), 'out.xlsx.journal');
  await writeFile(path, '{"kind":"hea');
  const journal = await openJournal(path, header(), { restart: false });
  assert.deepEqual(journal.earlier, []);
  assert.match(journal.discardedBecause ?? '', /could not be read/);
  await journal.close();
});

test('concurrent records are written whole, in call order', async (t) => {
  const path = join(tempDir(t), 'out.xlsx.journal');
  const journal = await openJournal(path, header(), { restart: false });
  // Lines of about 1 MB: Node writes a file in chunks of 512 KB, so unserialised writes would interleave.
  const intents = Array.from({ length: 8 }, (_, i) => intent(`r${i}`, Array.from({ length: 100 }, (_, d) => `DEV-${i}-${d}-${'x'.repeat(10_000)}`)));
  await Promise.all(intents.map((e) => journal.record(e)));
  await journal.close();
  const all = await lines(path);
  assert.deepEqual(all.slice(1), intents);
});

test('a record resolves only once its line, and every line recorded before it, is in the file', async (t) => {
  const path = join(tempDir(t), 'out.xlsx.journal');
  const journal = await openJournal(path, header(), { restart: false });
  const found: Array<{ position: number; lines: number }> = [];
  // Twenty records in one turn and more while they are being written: they go out in a few shared
  // flushes, and none may resolve before the flush that carries it.
  const records = Array.from({ length: 40 }, (_, i) => {
    const done = journal.record(intent(`r${i}`, [`D${i}`])).then(async () => void found.push({ position: i + 2, lines: (await lines(path)).length }));
    return i === 19 ? done.then(() => undefined) : done;
  });
  await Promise.all(records);
  await journal.close();
  for (const f of found) assert.ok(f.lines >= f.position, `record ${f.position - 1} resolved with ${f.lines} lines in the file`);
  const reopened = await openJournal(path, header(), { restart: false });
  assert.deepEqual(reopened.earlier.map((r) => r.intent.requestId), Array.from({ length: 40 }, (_, i) => `r${i}`));
  await reopened.close();
});

test('close lets waiting records finish; a record after close is refused; remove deletes the file', async (t) => {
  const path = join(tempDir(t), 'out.xlsx.journal');
  const journal = await openJournal(path, header(), { restart: false });
  const pending = journal.record(intent('r1', ['D1']));
  const closing = journal.close();
  await assert.rejects(journal.record(intent('r2', ['D2'])), (e: unknown) => isRecordError(e));
  await pending;
  await closing;
  assert.equal((await lines(path)).length, 2);
  await journal.remove();
  await assert.rejects(stat(path), { code: 'ENOENT' });
});

test('sha256File hashes the bytes of a file', async (t) => {
  const path = join(tempDir(t), 'input.csv');
  const content = Buffer.from('Customer,Device\r\nc,d\r\n'.repeat(50_000));
  await writeFile(path, content);
  assert.equal(await sha256File(path), createHash('sha256').update(content).digest('hex'));
});
