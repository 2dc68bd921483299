// What the page says when a job cannot run: the library's own message for the problems it names (an
// unreadable sheet, missing columns, a refused sign-in, a results file in use), as the command line
// prints them; anything else is a bug, whose stack goes to the terminal running the server.
import { isInputError } from '../read/errors.js';
import { isAuthConfigError, isSignInError } from '../auth/errors.js';
import { isPartnerCenterError } from '../partner-center/errors.js';
import { isRecordError } from '../record/errors.js';
import { StatusFileError } from '../status/file-error.js';
import { ExchangeLogError } from '../setup/exchange-log.js';
import { UploadError } from './upload-error.js';

export function isExpectedProblem(error: unknown): error is Error {
  return (
    isInputError(error) ||
    isAuthConfigError(error) ||
    isSignInError(error) ||
    isRecordError(error) ||
    isPartnerCenterError(error) ||
    error instanceof StatusFileError ||
    error instanceof ExchangeLogError ||
    error instanceof UploadError
  );
}

/** The problem in words for the page; an unexpected one is also written, whole, to `terminal`. */
export function problemText(error: unknown, terminal: { write(text: string): unknown }): string {
  if (isExpectedProblem(error)) return error.message;
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  terminal.write(`device-policy ui: unexpected error: ${text}\n`);
  return `unexpected error (a bug: the terminal running device-policy ui shows the details): ${error instanceof Error ? error.message : String(error)}`;
}
