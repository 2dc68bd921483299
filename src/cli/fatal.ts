// File-level problems and configuration errors end the run with exit 2 and one clear message; anything
// unexpected also exits 2 but with its stack, since it is a bug worth reporting.
import { isInputError } from '../read/errors.js';
import { isAuthConfigError } from '../auth/errors.js';
import { isPartnerCenterError } from '../partner-center/errors.js';
import { StatusFileError } from '../status/file-error.js';
import { isSignInError } from '../auth/errors.js';
import { isRecordError } from '../record/errors.js';
import { ExchangeLogError } from '../setup/exchange-log.js';
import { envOptionNames } from './env-options.js';
import { ExceljsMismatchError } from '../vendor/exceljs-expected.js';
import { UsageError } from './usage-error.js';
import { fileProblemWords } from '../text/file-problem.js';

export { UsageError };

export function reportFatal(error: unknown): number {
  if (
    isInputError(error) ||
    isAuthConfigError(error) ||
    isSignInError(error) ||
    isRecordError(error) ||
    error instanceof StatusFileError ||
    error instanceof ExchangeLogError ||
    // Checked at start; should the files change during the run, exceljs's own load says so the same way.
    error instanceof ExceljsMismatchError
  ) {
    process.stderr.write(`device-policy: ${error.message}\n`);
    return 2;
  }
  if (isPartnerCenterError(error)) {
    process.stderr.write(`device-policy: ${error.message}\n`);
    return 2;
  }
  if (error instanceof UsageError) {
    // A value may have come from the environment rather than the command line: say which are set.
    const fromEnv = envOptionNames(process.env);
    const note = fromEnv.length === 0 ? '' : `Options set in the environment: ${fromEnv.join(', ')}.\n`;
    const help = error.helpFor === undefined ? 'Run "device-policy --help" for usage.' : `Run "device-policy ${error.helpFor} --help" for its options and examples.`;
    process.stderr.write(`device-policy: ${error.message}\n${note}${help}\n`);
    return 2;
  }
  if (isSystemError(error)) {
    // A file-system (or other system) error no stage put into words: still one line, naming the file,
    // never a stack trace (the failure is the machine's, not a bug to report).
    const words = fileProblemWords(error.code);
    const where = typeof error.path === 'string' ? `${error.path}: ` : '';
    process.stderr.write(`device-policy: ${where}${words === undefined ? error.message : `${words} (${error.code})`}\n`);
    return 2;
  }
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`device-policy: unexpected error: ${text}\n`);
  return 2;
}

/** An error from the operating system (ENOSPC, EIO, …), as Node reports it: a code and the call that failed. */
function isSystemError(e: unknown): e is NodeJS.ErrnoException & { code: string } {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).syscall === 'string' && /^E[A-Z0-9]+$/.test(String((e as NodeJS.ErrnoException).code));
}
