// Paths for tests. Compiled tests live in dist-test/test/**, so the project root is found by walking up
// to the folder that holds package.json rather than by counting `..`.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${start}`);
    dir = up;
  }
  return dir;
}

// dist-test has no package.json, so the first one found upward is the project's.
export const ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));
export const FIXTURES = join(ROOT, 'fixtures');
/** The built CLI, as `npm install` leaves it. */
export const CLI = join(ROOT, 'dist', 'cli', 'main.js');

/** A fresh temporary folder, removed when the test ends. */
export function tempDir(t: { after(fn: () => void): void }, prefix = 'device-policy-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
