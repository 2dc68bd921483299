// The file a command reads, checked before anything else it does: a run whose input is missing must say
// so, rather than fail first on what comes before reading (the output folder beside it, the sign-in).
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { closest, didYouMeanOf } from '../text/closest.js';
import { fileProblemWords } from '../text/file-problem.js';
import { InputError } from './errors.js';

/** Throws InputError 'unreadable' when `file` does not exist, naming the files close to it in its folder. */
export async function checkInputExists(file: string): Promise<void> {
  const problem = await stat(file).then(
    () => undefined,
    (e: unknown) => (e as NodeJS.ErrnoException | undefined)?.code ?? 'error',
  );
  if (problem === undefined) return;
  if (problem !== 'ENOENT') {
    throw new InputError('unreadable', file, `${file}: cannot read the file (${fileProblemWords(problem) ?? problem})`);
  }
  const folder = dirname(resolve(file));
  const names = await readdir(folder).catch(() => undefined);
  if (names === undefined) throw new InputError('unreadable', file, `${file}: no such file (the folder ${folder} does not exist)`);
  // The suggestion as the user would type it: in the folder they named, as they named it.
  const near = closest(basename(file), names, { limit: 3 }).map((name) => join(dirname(file), name));
  throw new InputError('unreadable', file, `${file}: no such file${didYouMeanOf(near)}`);
}
