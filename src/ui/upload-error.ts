// A sheet upload the server refuses (upload.ts), apart from the parser so that naming it loads no parser.

/** Far above a real device sheet (100,000 rows with 4K hardware hashes is some 450 MB as CSV, 60 MB as XLSX). */
export const UPLOAD_LIMIT = 512 * 1024 * 1024;

export type UploadErrorCode = 'too-large' | 'no-file' | 'not-multipart' | 'malformed';

export class UploadError extends Error {
  override readonly name = 'UploadError';
  readonly code: UploadErrorCode;
  readonly status: number;

  constructor(code: UploadErrorCode, message: string) {
    super(message);
    this.code = code;
    this.status = code === 'too-large' ? 413 : 400;
  }
}
