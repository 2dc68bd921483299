// A workbook whose shared strings expand far past anything real (read/xlsx-limits.ts): refused with
// exit 2, naming the file and the part, whether the zip declares the size honestly or lies about it.
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { PART_LIMITS } from '../../src/read/xlsx-limits.js';
import { runCli } from '../helpers/cli.js';
import { writeBombWorkbook } from '../helpers/hostile-xlsx.js';
import { tempDir } from '../helpers/paths.js';
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
    assert.ok(r.stderr.includes(`${file}: its part xl/sharedStrings.xml expands`), r.stderr);
    assert.match(r.stderr, /128 MiB/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });
}
