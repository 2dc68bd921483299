// `simulator --data FILE`: the file as given, or — for a path that names one of the package's own files,
// as the README and --help examples do (`fixtures/simulator/sample-data.json`) — that file, wherever the
// package is installed, saying so. Anything else missing is a usage error naming the file, not a stack.
import { stat } from 'node:fs/promises';
import { isAbsolute, normalize } from 'node:path';
import { bundledFile } from '../../package/bundled.js';
import { InputError } from '../../read/errors.js';
import { fileProblemWords } from '../../text/file-problem.js';

export async function simulatorDataPath(given: string, stderr: NodeJS.WritableStream): Promise<string> {
  const found = await kindOf(given);
  if (found === 'file') return given;
  if (found === 'ENOENT' && !isAbsolute(given)) {
    const shipped = bundledFile(normalize(given));
    if ((await kindOf(shipped)) === 'file') {
      stderr.write(`--data ${given}: not in this folder; using the one shipped with device-policy (${shipped})\n`);
      return shipped;
    }
  }
  const why = found === 'folder' ? 'it is a folder' : (fileProblemWords(found) ?? found);
  throw new InputError('unreadable', given, `--data ${given}: ${why}; name the simulator's JSON data file (e.g. fixtures/simulator/sample-data.json)`);
}

async function kindOf(path: string): Promise<'file' | 'folder' | string> {
  return stat(path).then(
    (s) => (s.isDirectory() ? 'folder' : 'file'),
    (e: unknown) => (e as NodeJS.ErrnoException | undefined)?.code ?? 'error',
  );
}
