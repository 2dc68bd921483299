// The templates shipped under templates/ are what `device-policy template` writes today: a change to the
// template that forgot `node scripts/make-templates.mjs` fails here. XLSX files are compared by content
// (cells, formats, validations), since their zips carry the time they were written.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { ROOT, tempDir } from '../helpers/paths.js';
import { workbookContent } from '../helpers/workbook-content.js';

const COMMITTED = join(ROOT, 'templates');

test('templates/device-policy-template.xlsx has the content `device-policy template` writes', async (t) => {
  const fresh = join(tempDir(t), 'device-policy-template.xlsx');
  const cli = await runCli(['template', fresh]);
  assert.equal(cli.code, 0, cli.stderr);
  assert.deepEqual(
    await workbookContent(join(COMMITTED, 'device-policy-template.xlsx')),
    await workbookContent(fresh),
    'templates/ is stale: run `npm run build && node scripts/make-templates.mjs`',
  );
});

test('templates/device-policy-template.csv is byte for byte what `device-policy template` writes', async (t) => {
  const fresh = join(tempDir(t), 'device-policy-template.csv');
  const cli = await runCli(['template', fresh]);
  assert.equal(cli.code, 0, cli.stderr);
  assert.deepEqual(
    await readFile(join(COMMITTED, 'device-policy-template.csv')),
    await readFile(fresh),
    'templates/ is stale: run `npm run build && node scripts/make-templates.mjs`',
  );
});
