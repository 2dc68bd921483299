// What can be known to fail before anything is read or sent: the output paths. Found after sending,
// the user's natural fix (another --out) would mean another journal, and every row sent again.
import { access, constants, stat } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { InputError } from '../read/errors.js';
import { resultsFormat } from '../record/results-file.js';
import { errnoCode, isRecordError } from '../record/errors.js';
import type { ApplyOptions } from './options.js';

export async function checkOutputs(options: Pick<ApplyOptions, 'file' | 'out' | 'report' | 'log'>): Promise<void> {
  const bad = (message: string): InputError => new InputError('bad-option', options.file, message);
  if (resolve(options.out) === resolve(options.file)) {
    throw bad(`--out ${options.out} is the input file itself: choose another name (the input is never overwritten)`);
  }
  try {
    resultsFormat(options.out);
  } catch (e) {
    if (isRecordError(e)) throw bad(`--out: ${e.message}`);
    throw e;
  }
  await writableFolder('--out', options.out, bad);
  if (options.report !== undefined) {
    if (extname(options.report).toLowerCase() !== '.md') throw bad(`--report ${options.report}: the report is Markdown; name it FILE.md`);
    await writableFolder('--report', options.report, bad);
  }
  if (options.log !== undefined) await writableFolder('--log', options.log, bad);
}

async function writableFolder(flag: string, path: string, bad: (m: string) => InputError): Promise<void> {
  const folder = dirname(resolve(path));
  try {
    if (!(await stat(folder)).isDirectory()) throw bad(`${flag} ${path}: ${folder} is not a folder`);
    await access(folder, constants.W_OK);
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = errnoCode(e);
    throw bad(`${flag} ${path}: ${code === 'ENOENT' ? `the folder ${folder} does not exist` : `cannot write in ${folder} (${code ?? 'error'})`}`);
  }
}
