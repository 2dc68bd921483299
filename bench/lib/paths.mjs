// Where the built project is: the benchmark measures dist/, never the TypeScript sources.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST = join(ROOT, 'dist');
export const CLI = join(DIST, 'cli', 'main.js');
export const FLOOR = join(ROOT, 'bench', 'floor.mjs');
export const SEND_FLOOR = join(ROOT, 'bench', 'send-floor.mjs');

export function checkBuilt() {
  if (!existsSync(CLI)) throw new Error('build first: npm run build');
}
