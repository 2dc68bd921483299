// The spool that carries the input's cells to the results file's second pass: what goes in comes back
// exactly, in order, as often as asked; and nothing is left beside the results afterwards.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openRowSpool, type RowSpool } from '../../src/record/row-spool.js';
import { tempDir } from '../helpers/paths.js';

async function collect(spool: RowSpool): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const row of spool.rows()) rows.push(row);
  return rows;
}

async function fill(spool: RowSpool, rows: readonly string[][]): Promise<void> {
  for (const row of rows) if (!spool.append(row)) await spool.drained();
  await spool.finish();
}

test('cells come back exactly as given: line breaks, quotes, separators (the spool\'s own too), emoji, empty cells and rows', async (t) => {
  const dir = tempDir(t);
  const spool = await openRowSpool(join(dir, 'out.xlsx'));
  t.after(() => spool.dispose());
  const rows = [
    ['Müller GmbH', 'two\nlines', 'a "quoted" word', 'semi;colon,comma\ttab'],
    ['', '', '', ''],
    [],
    ['back\\slash', '\u2028line separator\u2029', '\u0000nul', '🎉 ok'],
    ['=1+1', '+49 30 1234', '00123', ' spaces kept '],
    // The spool's own separators inside cells, and a cell that starts like its JSON marker.
    ['unit\u001fsep', 'record\u001esep', '\u001dgroup', 'x'],
    ['\u001d["not","json"]', 'b', 'c', 'd'],
    [''],
    ['only'],
  ];
  await fill(spool, rows);
  assert.deepEqual(await collect(spool), rows);
  assert.equal(spool.count, rows.length);
});

test('with places kept, any cell of any row is read back at once, exactly, across batches and multi-byte text', async (t) => {
  const dir = tempDir(t);
  const spool = await openRowSpool(join(dir, 'out.xlsx'));
  t.after(() => spool.dispose());
  spool.keepPlaces();
  const rows = Array.from({ length: 3_000 }, (_, i) => [String(i), `${'é🎉'.repeat(i % 41)}|${i}`, i % 7 === 0 ? `sep\u001f${i}` : 'x'.repeat(i % 500)]);
  for (const row of rows) if (!spool.append(row)) await spool.drained();
  assert.throws(() => spool.cell(0, 0), /not finished/, 'nothing is read back before the rows are all on disk');
  await spool.finish();
  for (const i of [0, 1, 6, 7, 1234, 2999]) {
    for (const column of [0, 1, 2]) assert.equal(spool.cell(i, column), rows[i]?.[column], `row ${i}, cell ${column}`);
  }
  assert.equal(spool.cell(5, 9), '', 'a cell past the row\'s end is empty, as a short row\'s are');
  assert.throws(() => spool.cell(3_000, 0), /3000 rows/);
  assert.deepEqual(await collect(spool), rows, 'the rows still read in order');
});

test('places are kept only when asked before the first row', async (t) => {
  const dir = tempDir(t);
  const spool = await openRowSpool(join(dir, 'out.xlsx'));
  t.after(() => spool.dispose());
  spool.append(['a']);
  assert.throws(() => spool.keepPlaces(), /before the first row/);
  await spool.finish();
  assert.throws(() => spool.cell(0, 0), /places not kept/);
});

test('many rows cross every write batch and read chunk in order, and can be read twice', async (t) => {
  const dir = tempDir(t);
  const spool = await openRowSpool(join(dir, 'out.xlsx'));
  t.after(() => spool.dispose());
  // Long cells, so the rows span many 256 KiB batches and 1 MiB reads with lines cut at their edges.
  const rows = Array.from({ length: 20_000 }, (_, i) => [String(i), `${'é'.repeat(i % 97)}|${i}`, 'x'.repeat(i % 300)]);
  await fill(spool, rows);
  const first = await collect(spool);
  assert.equal(first.length, rows.length);
  assert.deepEqual(first, rows);
  assert.deepEqual(await collect(spool), rows, 'a second read starts from the first row again');
  // The same iterable, iterated twice (the results written to a second place when the first fails).
  const iterable = spool.rows();
  for (let pass = 0; pass < 2; pass++) {
    let n = 0;
    for await (const _ of iterable) n++;
    assert.equal(n, rows.length, `pass ${pass + 1}`);
  }
});

test('nothing is left beside the results once disposed, finished or not', async (t) => {
  const dir = tempDir(t);
  const finished = await openRowSpool(join(dir, 'out.xlsx'));
  await fill(finished, [['a'], ['b']]);
  const abandoned = await openRowSpool(join(dir, 'out.xlsx'));
  abandoned.append(['half-way']);
  await finished.dispose();
  await abandoned.dispose();
  await abandoned.dispose();
  assert.deepEqual(readdirSync(dir), []);
});

test('two spools beside the same results file do not share a file', async (t) => {
  const dir = tempDir(t);
  const one = await openRowSpool(join(dir, 'out.xlsx'));
  const two = await openRowSpool(join(dir, 'out.xlsx'));
  t.after(() => Promise.all([one.dispose(), two.dispose()]));
  await fill(one, [['one']]);
  await fill(two, [['two'], ['three']]);
  assert.deepEqual(await collect(one), [['one']]);
  assert.deepEqual(await collect(two), [['two'], ['three']]);
});
