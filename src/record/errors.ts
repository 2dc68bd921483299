// File-level problems of the record stage. Row outcomes are data (RowResult), never exceptions; these are
// the cases where a whole file cannot be written or read, so the command can name the file and the fix.
import { fileProblemWords } from '../text/file-problem.js';

export type RecordErrorCode =
  /** The path's extension names no format we write. */
  | 'unsupported-format'
  /** The file could not be read or is not what its extension says. */
  | 'unreadable'
  /** The file reads, but its header is not that of a results file. */
  | 'not-results-file'
  /** A row of a results file holds a value its column cannot hold (a Status that is no status, …). */
  | 'bad-value'
  /** More rows than an XLSX sheet can hold. */
  | 'too-many-rows'
  /** The temporary file could not be renamed over the target (on Windows: usually open in Excel). */
  | 'target-locked'
  /** Another run holds the results file's lock (setup/run-lock.ts). */
  | 'in-use'
  /** Anything else that stopped a write; the original error is the cause. */
  | 'write-failed';

export class RecordError extends Error {
  override readonly name = 'RecordError';
  readonly code: RecordErrorCode;
  readonly path: string;

  constructor(code: RecordErrorCode, path: string, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.code = code;
    this.path = path;
  }
}

export function isRecordError(e: unknown): e is RecordError {
  return e instanceof RecordError;
}

/** The `code` of a Node system error (ENOENT, EPERM, …), if it is one. */
export function errnoCode(e: unknown): string | undefined {
  if (typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string') return e.code;
  return undefined;
}

/**
 * A results file that cannot be opened or read, in words the user can act on ("no such file") rather
 * than Node's `ENOENT: no such file or directory, open '…'`. `as` names the format it was read as.
 */
export function unreadableFile(path: string, as: string, e: unknown): RecordError {
  return new RecordError('unreadable', path, `cannot read ${path} as ${as}: ${fileProblem(e)}`, e);
}

function fileProblem(e: unknown): string {
  return fileProblemWords(errnoCode(e)) ?? (e instanceof Error ? e.message : String(e));
}
