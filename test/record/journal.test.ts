// The journal is what makes `kill -9` survivable: every finished request is on disk before the run moves
// on, a torn last line does not stop the next run, and only the same input resumes.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { appendFile, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import type { RowResult } from '../../src/model.js';
import { isRecordError } from '../../src/record/errors.js';
import { sha256File } from '../../src/record/hash.js';
import { journalKey, journalPathFor, openJournal, type JournalEntry } from '../../src/record/journal.js';
import { tempDir } from '../helpers/paths.js';
import { CUSTOMER, JOB, POLICY } from './sample.js';

const SHA = 'a'.repeat(64);
const header = (inputSha256 = SHA, correlationId = 'run-1') =>
  ({ inputSha256, out: 'out.xlsx', correlationId, startedAt: '2025-01-02T03:04:05.000Z' });

function entry(requestId: string, devices: string[], status: RowResult['status'] = 'accepted'): JournalEntry {
  return {
    kind: 'request', requestId, customer: CUSTOMER, at: '2025-01-02T03:04:30.000Z',
    rows: devices.map((device, i) => ({
      index: i, rowNumber: i + 2, device, policy: POLICY,
      result: { row: i + 2, status, detail: status === 'accepted' ? '' : 'refused', ...(status === 'accepted' ? { batchJobUri: JOB } : {}), requestId },
    })),
  } satisfies JournalEntry;
}

async function lines(path: string): Promise<unknown[]> {
  const text = await readFile(path, 'utf8');
  assert.ok(text.endsWith('\n'), 'the journal ends with a whole line');
  return text.slice(0, -1).split('\n').map((line) => JSON.parse(line) as unknown);
}

test('the journal sits beside the results file', () => {
  assert.equal(journalPathFor('/data/devices.results.xlsx'), '/data/devices.results.xlsx.journal');
});

test('a new journal starts with its header; each append is one whole line', async (t) => {
  const path = join(tempDir(t), 'out.xlsx.journal');
  const journal = await openJournal(path, header(), { restart: false });
  assert.equal(journal.recovered.size, 0);
  assert.equal(journal.discardedBecause, undefined);
  await journal.append(entry('r1', ['D1', 'D2']));
  await journal.append(entry('r2', ['D3'], 'failed'));
  await journal.close();
  const [first, ...rest] = await lines(path);
  assert.deepEqual(first, { kind: 'header', version: 1, ...header() });
  assert.deepEqual(rest, [entry('r1', ['D1', 'D2']), entry('r2', ['D3'], 'failed')]);
});

test('reopening for the same input recovers the accepted rows only, and keeps appending', async (t) => {
  const path = join(tempDir(t), 'out.xlsx.journal');
  const first = await openJournal(path, header(), { restart: false });
  await first.append(entry('r1', ['D1', 'D2']));
  await first.append(entry('r2', ['D3'], 'failed'));
  await first.close();

  const second = await openJournal(path, header(SHA, 'run-2'), { restart: false });
  assert.equal(second.discardedBecause, undefined);
  assert.deepEqual([...second.recovered.keys()].sort(), [journalKey(CUSTOMER, 'D1', POLICY), journalKey(CUSTOMER, 'D2', POLICY)]);
  assert.equal(second.recovered.get(journalKey(CUSTOMER, 'D1', POLICY))?.batchJobUri, JOB);
  assert.equal(second.header.correlationId, 'run-1', 'the header is the first run\'s');
  await second.append(entry('r3', ['D3']));
  await second.close();

  assert.equal((await lines(path)).length, 4);
  const third = await openJournal(path, header(), { restart: false });
  assert.equal(third.recovered.size, 3);
  await third.close();
});

test('a line torn by a kill mid-write is ignored and cut, so the next append is whole', async (t) => {
  const path = join(tempDir(t), 'out.xlsx.journal');
  const first = await openJournal(path, header(), { restart: false });
  await first.append(entry('r1', ['D1']));
  await first.close();
  const torn = JSON.stringify(entry('r2', ['D2']));
  await appendFile(path, torn.slice(0, torn.length / 2));

  const second = await openJournal(path, header(), { restart: false });
  assert.deepEqual([...second.recovered.keys()], [journalKey(CUSTOMER, 'D1', POLICY)]);
  await second.append(entry('r3', ['D3']));
  await second.close();
  const all = await lines(path);
  assert.deepEqual(all.slice(1), [entry('r1', ['D1']), entry('r3', ['D3'])]);
});

test('a last line complete but for its newline is kept', async (t) => {
  const path = join(tempDir(t), 'out.xlsx.journal');
  await writeFile(path, `${JSON.stringify({ kind: 'header', version: 1, ...header() })}\n${JSON.stringify(entry('r1', ['D1']))}`);
  const journal = await openJournal(path, header(), { restart: false });
  assert.equal(journal.recovered.size, 1);
  await journal.append(entry('r2', ['D2']));
  await journal.close();
  assert.equal((await lines(path)).length, 3);
});

test('a journal for a different input is discarded, and says why', async (t) => {
  const path = join(tempDir(t), 'out.xlsx.journal');
  const first = await openJournal(path, header(), { restart: false });
  await first.append(entry('r1', ['D1']));
  await first.close();

  const other = await openJournal(path, header('b'.repeat(64), 'run-2'), { restart: false });
  assert.equal(other.recovered.size, 0);
  assert.match(other.discardedBecause ?? '', /different input/);
  assert.match(other.discardedBecause ?? '', /aaaaaaaaaaaa/);
  await other.close();
  assert.deepEqual(await lines(path), [{ kind: 'header', version: 1, ...header('b'.repeat(64), 'run-2') }]);
});

test('--restart discards a journal even for the same input', async (t) => {
  const path = join(tempDir(t), 'out.xlsx.journal');
  const first = await openJournal(path, header(), { restart: false });
  await first.append(entry('r1', ['D1']));
  await first.close();

  const restarted = await openJournal(path, header(), { restart: true });
  assert.equal(restarted.recovered.size, 0);
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
  assert.equal(journal.recovered.size, 0);
  assert.match(journal.discardedBecause ?? '', /could not be read/);
  await journal.close();
});

test('concurrent appends are written one after another, each line whole, in call order', async (t) => {
  const path = join(tempDir(t), 'out.xlsx.journal');
  const journal = await openJournal(path, header(), { restart: false });
  // Lines of about 1 MB: Node writes a file in chunks of 512 KB, so unserialised appends would interleave.
  const entries = Array.from({ length: 8 }, (_, i) => entry(`r${i}`, Array.from({ length: 100 }, (_, d) => `DEV-${i}-${d}-${'x'.repeat(10_000)}`)));
  await Promise.all(entries.map((e) => journal.append(e)));
  await journal.close();
  const all = await lines(path);
  assert.deepEqual(all.slice(1), entries);
});

test('close lets queued appends finish; append after close is refused; remove deletes the file', async (t) => {
  const path = join(tempDir(t), 'out.xlsx.journal');
  const journal = await openJournal(path, header(), { restart: false });
  const pending = journal.append(entry('r1', ['D1']));
  const closing = journal.close();
  await assert.rejects(journal.append(entry('r2', ['D2'])), (e: unknown) => isRecordError(e));
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
