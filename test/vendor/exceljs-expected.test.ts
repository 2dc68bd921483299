// The patch in src/vendor/exceljs.ts is written against exceljs 4.4.0's files: any other content must
// stop the program with a message that names the cause, before a row is read.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { checkExceljs, ExceljsMismatchError, PATCHED_FILES } from '../../src/vendor/exceljs-expected.js';
import { cleanEnv } from '../helpers/cli.js';
import { ROOT, tempDir } from '../helpers/paths.js';

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

test('the CLI refuses another exceljs at start, in one line and exit 2, before reading anything', async (t) => {
  // An installation as npm leaves it, but for exceljs 4.4.1 in place of 4.4.0: the project's dist and
  // package.json copied, every other dependency linked from this checkout.
  const install = tempDir(t);
  cpSync(join(ROOT, 'dist'), join(install, 'dist'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(install, 'package.json'));
  mkdirSync(join(install, 'node_modules'));
  for (const name of readdirSync(join(ROOT, 'node_modules'))) {
    if (name !== 'exceljs' && !name.startsWith('.')) symlinkSync(join(ROOT, 'node_modules', name), join(install, 'node_modules', name), 'junction');
  }
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  mkdirSync(join(install, 'node_modules', 'exceljs', 'lib', 'utils'), { recursive: true });
  writeFileSync(join(install, 'node_modules', 'exceljs', 'package.json'), JSON.stringify({ ...manifest, version: '4.4.1' }));
  cpSync(join(root, 'lib', 'utils', 'iterate-stream.js'), join(install, 'node_modules', 'exceljs', 'lib', 'utils', 'iterate-stream.js'));
  const input = join(install, 'devices.csv');
  writeFileSync(input, 'Customer ID,Device ID,Policy ID\r\nc7f3c849-129f-4b85-a96d-4f8e88b315a3,DEV-1,15a04610-9229-4e80-94e0-0e826a09c9e2\r\n');
  // CSV in and out: a run that would not load exceljs at all is refused too, at start, rather than a
  // sending run finding out when it comes to write a workbook.
  const out = join(install, 'r.csv');
  const run = spawnSync(process.execPath, [join(install, 'dist', 'cli', 'main.js'), 'apply', input, '--dry-run', '--offline', '--out', out], { encoding: 'utf8', env: cleanEnv() });
  assert.equal(run.status, 2, run.stderr);
  assert.match(run.stderr, /^device-policy: exceljs 4\.4\.1 is installed, not 4\.4\.0: .*npm ci.*\n$/);
  assert.equal(run.stdout, '');
  assert.equal(existsSync(out), false);
});
