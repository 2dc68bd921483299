// The exceljs files the patch in exceljs.ts is written against. The patch replaces one file
// (iterate-stream.js) and relies on how two others use it and what they expose (xlsx-stream.ts reads a
// WorksheetReader's `name` and `iterator`); another version of any of them may drop rows or hang
// instead of failing, so a difference stops the program with a message that names the cause. Checking
// reads three small files and loads nothing of exceljs, so the CLI does it at start (exceljs itself is
// loaded only when a workbook is read or written): a broken installation is refused before anything is
// read or sent, not after a run's requests when its results are written.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const EXCELJS_VERSION = '4.4.0';

/** SHA-256 of each file as exceljs 4.4.0 ships it, by path inside the package. */
export const PATCHED_FILES: Readonly<Record<string, string>> = {
  'lib/utils/iterate-stream.js': '80bef10ff2990d16694efc43193d842f968479d379ac292ba95643e5e9e09f52',
  'lib/stream/xlsx/workbook-reader.js': 'f7625f314ff39396989c91880b8565d22b448e7760fc9e5f61bc661b5c234077',
  'lib/stream/xlsx/worksheet-reader.js': '7f853895181237de4c75ba783a96e9383e1f7e68d1920b3b588f3c345a0cae57',
};

export class ExceljsMismatchError extends Error {
  override readonly name = 'ExceljsMismatchError';
}

/**
 * Throws when the installed exceljs is not the one the patch expects. `read` gives a file of the
 * package by its path inside it ('package.json', 'lib/…'), or undefined when it is absent.
 */
export function checkExceljs(read: (path: string) => Buffer | undefined): void {
  const manifest = read('package.json');
  const version = manifest === undefined ? undefined : versionOf(manifest);
  const fix = `device-policy patches exceljs ${EXCELJS_VERSION} (src/vendor/exceljs.ts); reinstall its dependencies (npm ci) or update the patch`;
  if (version !== EXCELJS_VERSION) {
    throw new ExceljsMismatchError(`exceljs ${version ?? '(unknown version)'} is installed, not ${EXCELJS_VERSION}: ${fix}`);
  }
  for (const [path, expected] of Object.entries(PATCHED_FILES)) {
    const content = read(path);
    const actual = content === undefined ? undefined : createHash('sha256').update(content).digest('hex');
    if (actual !== expected) {
      throw new ExceljsMismatchError(`exceljs's ${path} ${content === undefined ? 'is missing' : 'is not the file exceljs 4.4.0 ships (its SHA-256 differs)'}: ${fix}`);
    }
  }
}

/** The path exceljs requires its stream iterator from: the file the patch replaces in the module cache. */
export function iterateStreamPath(): string {
  return createRequire(import.meta.url).resolve('exceljs/lib/utils/iterate-stream.js');
}

let installedChecked = false;

/** checkExceljs on the installed package (once per process). */
export function checkInstalledExceljs(): void {
  if (installedChecked) return;
  // The package root, from a file whose place in it is known (exceljs's `exports` hides its package.json).
  const root = join(dirname(iterateStreamPath()), '..', '..');
  checkExceljs((path) => {
    try {
      return readFileSync(join(root, path));
    } catch {
      return undefined;
    }
  });
  installedChecked = true;
}

function versionOf(manifest: Buffer): string | undefined {
  try {
    const parsed: unknown = JSON.parse(manifest.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && 'version' in parsed && typeof parsed.version === 'string' ? parsed.version : undefined;
  } catch {
    return undefined;
  }
}
