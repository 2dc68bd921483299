// Where apply (and status) will write, checked before anything is sent (SPEC §2 Safety of the work): each
// output's folder exists and is writable, the output is not a folder, and no two of the input, the
// outputs and the journal are the same file — after links are followed, so `--log ./link-to-input.csv`
// is caught too. Found after sending, the user's natural fix (another --out) would mean another journal,
// and every row sent again; a --log that is the input appends to the input.
import { access, constants, realpath, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { InputError } from '../read/errors.js';
import { errnoCode, isRecordError } from '../record/errors.js';
import { resultsFormat } from '../record/results-file.js';
import { fileProblemWords } from '../text/file-problem.js';

export interface OutputPath {
  /** How the user named it: `--out`, `--report`, `--log`, `--failures`. */
  flag: string;
  path: string;
}

/** A results or failures file's name must say its format (.xlsx, .csv, .json). */
export function checkResultsName(input: string, { flag, path }: OutputPath): void {
  try {
    resultsFormat(path);
  } catch (e) {
    if (isRecordError(e)) throw bad(input, `${flag}: ${e.message}`);
    throw e;
  }
}

export function checkReportName(input: string, report: string): void {
  if (extname(report).toLowerCase() !== '.md') throw bad(input, `--report ${report}: the report is Markdown; name it FILE.md`);
}

/** What a refusal says of an output that is the file read: what that file is, and what to do. */
export interface InputRole {
  name: string;
  advice: string;
}

export const INPUT_FILE: InputRole = { name: 'the input file', advice: 'choose another name (the input is never overwritten)' };

/**
 * `implied` are files written without a flag of their own (the journal): only checked against the
 * others, since their folder is an output's folder.
 */
export async function checkOutputPaths(
  input: string,
  outputs: readonly OutputPath[],
  implied: readonly OutputPath[] = [],
  role: InputRole = INPUT_FILE,
): Promise<void> {
  const seen: Array<OutputPath & { identity: string }> = [{ flag: 'the input', path: input, identity: await identity(input) }];
  for (const output of outputs) {
    await checkWritable(input, output);
    seen.push({ ...output, identity: await identity(output.path) });
  }
  for (const output of implied) seen.push({ ...output, identity: await identity(output.path) });
  for (let i = 1; i < seen.length; i++) {
    const later = seen[i];
    const earlier = later === undefined ? undefined : seen.slice(0, i).find((s) => sameFile(s.identity, later.identity));
    if (later === undefined || earlier === undefined) continue;
    if (earlier === seen[0]) throw bad(input, `${later.flag} ${later.path} is ${role.name} itself: ${role.advice}`);
    throw bad(input, `${later.flag} ${later.path} and ${earlier.flag} ${earlier.path} are the same file: give each its own name`);
  }
}

/** The output's folder exists and is writable, and the output is not a folder nor a read-only file. */
export async function checkWritable(input: string, { flag, path }: OutputPath): Promise<void> {
  const folder = dirname(resolve(path));
  try {
    if (!(await stat(folder)).isDirectory()) throw bad(input, `${flag} ${path}: ${folder} is not a folder`);
    await access(folder, constants.W_OK);
  } catch (e) {
    if (e instanceof InputError) throw e;
    const code = errnoCode(e);
    throw bad(input, `${flag} ${path}: ${code === 'ENOENT' ? `the folder ${folder} does not exist` : `cannot write in ${folder} (${fileProblemWords(code) ?? code ?? 'error'})`}`);
  }
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory() === true) throw bad(input, `${flag} ${path} is a folder: name a file in it instead`);
  if (existing !== undefined) {
    await access(path, constants.W_OK).catch((e: unknown) => {
      throw bad(input, `${flag} ${path}: the file cannot be written (${errnoCode(e) ?? 'error'}; read-only?)`);
    });
  }
}

function bad(input: string, message: string): InputError {
  return new InputError('bad-option', input, message);
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
