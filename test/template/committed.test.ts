// The templates shipped under templates/ are what `device-policy template` writes today: a change to the
// template that forgot `node scripts/make-templates.mjs` fails here. XLSX files are compared by content
// (cells, formats, validations), since their zips carry the time they were written; CSV byte for byte.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { ROOT, tempDir } from '../helpers/paths.js';
import { workbookContent } from '../helpers/workbook-content.js';

const CASES: { ext: string; content: (path: string) => Promise<unknown> }[] = [
  { ext: 'xlsx', content: workbookContent },
  { ext: 'csv', content: (path) => readFile(path) },
];

for (const { ext, content } of CASES) {
  test(`templates/device-policy-template.${ext} is what \`device-policy template\` writes`, async (t) => {
    const fresh = join(tempDir(t), `device-policy-template.${ext}`);
    const cli = await runCli(['template', fresh]);
    assert.equal(cli.code, 0, cli.stderr);
    assert.deepEqual(
      await content(join(ROOT, 'templates', `device-policy-template.${ext}`)),
      await content(fresh),
      'templates/ is stale: run `npm run build && node scripts/make-templates.mjs`',
    );
  });
}
