// Its own module so that the command line can recognise it without loading the status command.

export type StatusFileErrorCode = 'no-device-column' | 'unknown-column' | 'ambiguous-column';

/** The file cannot be tracked at all (the CLI exits 2). */
export class StatusFileError extends Error {
  override readonly name = 'StatusFileError';
  readonly code: StatusFileErrorCode;
  readonly file: string;
  constructor(code: StatusFileErrorCode, file: string, message: string) {
    super(message);
    this.code = code;
    this.file = file;
  }
}
