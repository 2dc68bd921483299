// File-level input problems: the CLI turns any of these into exit 2 with the message. Row-level
// problems never come here; they are data (SPEC §2 Row validation).

export type InputErrorCode =
  /** Missing, unreadable or undecodable file. */
  | 'unreadable'
  /** Not a regular file at all: a folder, a named pipe (FIFO), a device. */
  | 'not-a-file'
  /** A password-protected (encrypted) workbook: only Excel, with the password, can open it. */
  | 'encrypted'
  /** Some other kind of file: a PDF, a legacy .xls, a zip without worksheets… */
  | 'not-a-spreadsheet'
  /** No row looks like a header with the required columns. */
  | 'no-header'
  /** A header and nothing under it: nothing to do (SPEC §2 Encodings). */
  | 'no-data'
  /** A workbook part that expands past its limit (xlsx-limits.ts). */
  | 'too-large'
  /** `--sheet` names no sheet of the workbook. */
  | 'unknown-sheet'
  /** Two columns map to one field. */
  | 'duplicate-column'
  /** `--map` names a column the header does not have. */
  | 'unknown-column'
  /** The header lacks a required column. */
  | 'missing-columns'
  /** A malformed option (`--map`, template path…). */
  | 'bad-option';

export class InputError extends Error {
  override readonly name = 'InputError';
  readonly code: InputErrorCode;
  /** The input file the problem is about (absent for option errors that concern no file). */
  readonly file: string | undefined;

  /** `message` is complete on its own (it names the file); `file` is there for callers that need it. */
  constructor(code: InputErrorCode, file: string | undefined, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.file = file;
  }
}

export function isInputError(e: unknown): e is InputError {
  return e instanceof InputError;
}
