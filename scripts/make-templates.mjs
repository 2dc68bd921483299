#!/usr/bin/env node
// Writes templates/device-policy-template.{xlsx,csv} with what `device-policy template` writes, so the
// package ships them ready to copy. Run after changing src/template and building:
//
//   npm run build && node scripts/make-templates.mjs
//
// test/template/committed.test.ts fails while the committed files differ from the command's output.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { templateContent } from '../dist/template/write.js';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'templates');
for (const ext of ['xlsx', 'csv']) {
  const file = join(OUT, `device-policy-template.${ext}`);
  writeFileSync(file, await templateContent(file));
  console.log(`wrote ${file}`);
}
