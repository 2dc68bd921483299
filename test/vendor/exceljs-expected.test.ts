// The patch in src/vendor/exceljs.ts is written against exceljs 4.4.0's files: any other content must
// stop the program with a message that names the cause, before a row is read.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { checkExceljs, ExceljsMismatchError, PATCHED_FILES } from '../../src/vendor/exceljs-expected.js';

const require = createRequire(import.meta.url);
const root = join(dirname(require.resolve('exceljs/lib/utils/iterate-stream.js')), '..', '..');
const installed = (path: string): Buffer | undefined => {
  try {
    return readFileSync(join(root, path));
  } catch {
    return undefined;
  }
};

test('the installed exceljs is the one the patch expects', () => {
  assert.doesNotThrow(() => checkExceljs(installed));
});

test('another version is refused, naming both versions and what to do', () => {
  const other = (path: string): Buffer | undefined => (path === 'package.json' ? Buffer.from('{"version":"4.4.1"}') : installed(path));
  assert.throws(() => checkExceljs(other), (e: unknown) => e instanceof ExceljsMismatchError && /exceljs 4\.4\.1 is installed, not 4\.4\.0/.test(e.message) && /npm ci/.test(e.message));
});

for (const path of Object.keys(PATCHED_FILES)) {
  test(`a changed or missing ${path} is refused, naming the file`, () => {
    const changed = (p: string): Buffer | undefined => (p === path ? Buffer.concat([installed(p) ?? Buffer.alloc(0), Buffer.from('\n// patched upstream\n')]) : installed(p));
    assert.throws(() => checkExceljs(changed), (e: unknown) => e instanceof ExceljsMismatchError && e.message.includes(`exceljs's ${path} is not the file`));
    const missing = (p: string): Buffer | undefined => (p === path ? undefined : installed(p));
    assert.throws(() => checkExceljs(missing), (e: unknown) => e instanceof ExceljsMismatchError && e.message.includes(`${path} is missing`));
  });
}
