#!/usr/bin/env node
// The web page of `device-policy ui`: `npm run build` compiles its TypeScript for the browser
// (src/ui/page/tsconfig.json: the DOM's types, not Node's) into dist/ui/page; this copies its HTML and
// stylesheet beside the compiled modules. No bundler: the browser loads those modules as they are.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const source = 'src/ui/page';
const target = 'dist/ui/page';
mkdirSync(target, { recursive: true });
for (const name of readdirSync(source)) if (/\.(html|css)$/.test(name)) copyFileSync(join(source, name), join(target, name));
