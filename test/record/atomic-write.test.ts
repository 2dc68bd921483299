// A write that fails half-way must leave the previous results file exactly as it was and no temporary
// file behind: the user's last good results (attached to a ticket, perhaps) are never half-overwritten.
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { isRecordError } from '../../src/record/errors.js';
import { readResultsFile, writeResultsFile, type ResultsFormat } from '../../src/record/results-file.js';
import { writeReport } from '../../src/report/report.js';
import { tempDir } from '../helpers/paths.js';
import { failingRows, HEADERS, sampleRows, sampleSummary } from './sample.js';

const FORMATS: ResultsFormat[] = ['xlsx', 'csv', 'json'];

for (const format of FORMATS) {
  // 10 rows fail while the XLSX writer is still sizing its columns; 450 once rows are being committed.
  for (const after of [10, 450]) {
    test(`${format}: rows failing after ${after} leave the old file byte-identical and no temp file`, async (t) => {
      const dir = tempDir(t);
      const path = join(dir, `out.${format}`);
      await writeResultsFile(path, { headers: HEADERS, rows: sampleRows(), summary: sampleSummary() });
      const before = await readFile(path);

      await assert.rejects(
        writeResultsFile(path, { headers: HEADERS, rows: failingRows(after), summary: sampleSummary() }),
        /row source failed/,
      );
      assert.deepEqual(await readFile(path), before);
      assert.deepEqual(await readdir(dir), [`out.${format}`]);
    });
  }

  test(`${format}: a failed first write leaves nothing at all`, async (t) => {
    const dir = tempDir(t);
    await assert.rejects(writeResultsFile(join(dir, `new.${format}`), { headers: HEADERS, rows: failingRows(3), summary: sampleSummary() }));
    assert.deepEqual(await readdir(dir), []);
  });
}

test('a successful write replaces the old file whole', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'out.csv');
  await writeFile(path, 'old content');
  await writeResultsFile(path, { headers: HEADERS, rows: sampleRows(), summary: sampleSummary() });
  assert.equal((await readResultsFile(path)).rows.length, sampleRows().length);
  assert.deepEqual(await readdir(dir), ['out.csv']);
});

test('a folder that does not exist is a typed write error, not a hang', async (t) => {
  const path = join(tempDir(t), 'missing', 'out.xlsx');
  await assert.rejects(
    writeResultsFile(path, { headers: HEADERS, rows: sampleRows(), summary: sampleSummary() }),
    (e: unknown) => isRecordError(e) && e.code === 'write-failed' && e.path === path,
  );
});

test('a row with more cells than headers is refused rather than written misaligned', async (t) => {
  const path = join(tempDir(t), 'out.json');
  const rows = [{ input: ['a', 'b', 'c', 'd', 'e', 'f'], result: { row: 2, status: 'planned' as const, detail: '' } }];
  await assert.rejects(writeResultsFile(path, { headers: HEADERS, rows, summary: sampleSummary() }),
    (e: unknown) => isRecordError(e) && e.code === 'bad-value');
});

test('the report is written atomically too', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'report.md');
  await writeReport(path, '# first\n');
  await writeReport(path, '# second\n');
  assert.equal(await readFile(path, 'utf8'), '# second\n');
  assert.deepEqual(await readdir(dir), ['report.md']);
});
