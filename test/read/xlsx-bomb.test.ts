// Hostile workbooks: shared strings that expand far past anything real (vendor/xlsx-limits.ts), whether
// the zip declares the size honestly or lies about it, and damaged or cut-short zips. Each ends with
// exit 2 and a message naming the file, never a hang, a crash or a stack trace.
import assert from 'node:assert/strict';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { PART_LIMITS, partLimit } from '../../src/vendor/xlsx-limits.js';
import { runCli } from '../helpers/cli.js';
import { writeBombWorkbook } from '../helpers/hostile-xlsx.js';
import { ROOT, tempDir } from '../helpers/paths.js';
import { byRow, open } from './read-helpers.js';

const MiB = 1024 * 1024;

test('the builder makes a workbook exceljs reads (so a refusal below is the limit, not a broken zip)', async (t) => {
  const file = join(tempDir(t), 'small.xlsx');
  await writeBombWorkbook(file, { sharedStringsBytes: 2 * MiB, declare: 'truth' });
  const table = await open(file, { defaults: {} });
  assert.deepEqual(table.info.headers, ['Customer ID', 'Device ID', 'Policy ID']);
  assert.equal((await byRow(table.rows)).get(2)?.[0], 'A'.repeat(1000));
});

for (const declare of ['truth', 'lie'] as const) {
  test(`shared strings inflating past the limit (the zip declaring the ${declare}): exit 2, naming the file and the part`, async (t) => {
    const dir = tempDir(t);
    const file = join(dir, `bomb-${declare}.xlsx`);
    await writeBombWorkbook(file, { sharedStringsBytes: PART_LIMITS.sharedStrings + 64 * MiB, declare });
    assert.ok((await stat(file)).size < 2 * MiB, 'a small file');
    const r = await runCli(['apply', file, '--dry-run', '--out', join(dir, 'out.xlsx')]);
    assert.equal(r.code, 2, r.stderr);
    // Declared honestly, the zip's directory is enough: refused up front, before anything is inflated,
    // with the size it declares. A lie is caught while the part inflates.
    const size = declare === 'truth' ? 'expands to 192 MiB, past the 128 MiB limit' : 'expands past 128 MiB';
    assert.ok(r.stderr.includes(`${file}: its part xl/sharedStrings.xml ${size}: refused as a zip bomb`), r.stderr);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });
}

test('a damaged sheet (compressed data no inflater accepts) ends with exit 2, not a hang or a crash', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'damaged.xlsx');
  await writeBombWorkbook(file, { sharedStringsBytes: 1024, declare: 'truth', damagedSheet: true });
  const r = await runCli(['apply', file, '--dry-run', '--out', join(dir, 'out.xlsx')]);
  assert.equal(r.code, 2, r.stderr);
  assert.ok(r.stderr.includes(`${file}: the workbook is damaged: its compressed data cannot be read (invalid block type)`), r.stderr);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
});

test('a workbook cut short in the middle of a part ends with exit 2, saying so', async (t) => {
  const dir = tempDir(t);
  const whole = join(dir, 'whole.xlsx');
  await writeBombWorkbook(whole, { sharedStringsBytes: 4 * MiB, declare: 'truth' });
  const bytes = await readFile(whole);
  const file = join(dir, 'cut.xlsx');
  await writeFile(file, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
  const r = await runCli(['apply', file, '--dry-run', '--out', join(dir, 'out.xlsx')]);
  assert.equal(r.code, 2, r.stderr);
  assert.ok(r.stderr.includes(`${file}: the workbook is cut short`), r.stderr);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
});

test('every part name exceljs reads as a worksheet is limited as one, unanchored names included', async () => {
  // exceljs's own dispatch (stream/xlsx/workbook-reader.js), read from the installed package: it matches
  // anywhere in the name, so `xl/worksheets/sheet1.xml.bak` is parsed as a sheet. A limit anchored at
  // both ends would let such a part inflate unchecked.
  const source = await readFile(join(ROOT, 'node_modules', 'exceljs', 'lib', 'stream', 'xlsx', 'workbook-reader.js'), 'utf8');
  const found = /entry\.path\.match\(\/(xl\\\/worksheets\\\/sheet\\d\+\[\.\]xml)\/\)/.exec(source);
  assert.ok(found?.[1] !== undefined, 'exceljs\'s worksheet pattern is where it was');
  const dispatch = new RegExp(found[1]);
  const names = ['xl/worksheets/sheet1.xml', 'xl/worksheets/sheet1.xml.bak', 'copy/xl/worksheets/sheet2.xml', 'xl/worksheets/sheet12.xmlx', 'xl/worksheets/sheetA.xml', 'xl/worksheets/other.xml'];
  const read = names.filter((name) => dispatch.test(name));
  assert.deepEqual(read, ['xl/worksheets/sheet1.xml', 'xl/worksheets/sheet1.xml.bak', 'copy/xl/worksheets/sheet2.xml', 'xl/worksheets/sheet12.xmlx']);
  for (const name of names) assert.equal(partLimit(name), dispatch.test(name) ? PART_LIMITS.worksheet : undefined, name);
});
