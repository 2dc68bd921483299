// Where apply will write, checked before anything is read or sent (SPEC §2 Safety of the work): each
// output's folder exists and is writable, the output is not a folder, and no two of the input, the
// outputs and the journal are the same file — after links are followed, so `--log ./link-to-input.csv`
// is caught too. Found after sending, the user's natural fix (another --out) would mean another journal,
// and every row sent again; a --log that is the input appends to the input.
import { access, constants, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../read/errors.js';
import { errnoCode } from '../record/errors.js';

export interface OutputPath {
  /** How the user named it: `--out`, `--report`, `--log`, `--failures`. */
  flag: string;
  path: string;
}

/**
 * `implied` are files apply writes without a flag of their own (the journal): only checked against
 * the others, since their folder is an output's folder.
 */
export async function checkOutputPaths(input: string, outputs: readonly OutputPath[], implied: readonly OutputPath[] = []): Promise<void> {
  const bad = (message: string): InputError => new InputError('bad-option', input, message);
  const seen: Array<OutputPath & { identity: string }> = [{ flag: 'the input', path: input, identity: await identity(input) }];
  for (const output of outputs) {
    await checkWritable(output, bad);
    seen.push({ ...output, identity: await identity(output.path) });
  }
  for (const output of implied) seen.push({ ...output, identity: await identity(output.path) });
  for (let i = 1; i < seen.length; i++) {
    const later = seen[i];
    const earlier = later === undefined ? undefined : seen.slice(0, i).find((s) => sameFile(s.identity, later.identity));
    if (later === undefined || earlier === undefined) continue;
    if (earlier.flag === 'the input') {
      throw bad(`${later.flag} ${later.path} is the input file itself: choose another name (the input is never overwritten)`);
    }
    throw bad(`${later.flag} ${later.path} and ${earlier.flag} ${earlier.path} are the same file: give each its own name`);
  }
}

async function checkWritable({ flag, path }: OutputPath, bad: (m: string) => InputError): Promise<void> {
  const folder = dirname(resolve(path));
  try {
    if (!(await stat(folder)).isDirectory()) throw bad(`${flag} ${path}: ${folder} is not a folder`);
    await access(folder, constants.W_OK);
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = errnoCode(e);
    throw bad(`${flag} ${path}: ${code === 'ENOENT' ? `the folder ${folder} does not exist` : `cannot write in ${folder} (${code ?? 'error'})`}`);
  }
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory() === true) throw bad(`${flag} ${path} is a folder: name a file in it instead`);
  if (existing !== undefined) {
    await access(path, constants.W_OK).catch((e: unknown) => {
      throw bad(`${flag} ${path}: the file cannot be written (${errnoCode(e) ?? 'error'}; read-only?)`);
    });
  }
}

/** The file a path names once links are followed: its own real path, or its real folder's and its name. */
async function identity(path: string): Promise<string> {
  const absolute = resolve(path);
  const whole = await realpath(absolute).catch(() => undefined);
  if (whole !== undefined) return whole;
  const folder = await realpath(dirname(absolute)).catch(() => dirname(absolute));
  return join(folder, basename(absolute));
}

function sameFile(a: string, b: string): boolean {
  // Windows and macOS file systems ignore case by default: "Devices.csv" is "devices.csv" there.
  const foldCase = process.platform === 'win32' || process.platform === 'darwin';
  return foldCase ? a.toLowerCase() === b.toLowerCase() : a === b;
}
