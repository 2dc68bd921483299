// The exit codes of SPEC §2, and the one word `--json` gives for each (the README and --help say the
// same): what the person or the job that ran the command does next. `apply` and `status` decide here,
// from the rows of the results file, so they give the same code for the same file.
import type { Status } from '../model.js';

export type ExitCode = 0 | 1 | 2 | 3 | 130;

/** `--json`'s outcome: one word per exit code. */
export type Outcome = 'done' | 'needs-attention' | 'not-started' | 'pending' | 'interrupted';

export const OUTCOMES: Readonly<Record<ExitCode, Outcome>> = {
  0: 'done',
  1: 'needs-attention',
  2: 'not-started',
  3: 'pending',
  130: 'interrupted',
};

/** What each exit code means, as the README and --help say it. */
export const EXIT_CODE_MEANINGS: ReadonlyArray<readonly [ExitCode, string]> = [
  [0, 'every row applied, accepted or unchanged (dry run: every row valid)'],
  [1, 'rows need you: invalid, failed or not sent (the results say why)'],
  [2, 'nothing could be done: usage, input, sign-in, endpoint, file in use'],
  [3, 'nothing to fix, but some devices are not finished: run status later'],
  [130, 'interrupted (Ctrl-C, SIGTERM)'],
];

/**
 * From the rows alone: 1 when a row needs the user (invalid, failed, not sent; in a run that sent, a
 * row left planned), else 3 when a device the service was asked about is still pending, else 0.
 * Duplicates share their first row's fate and count as fine; a row accepted whose device was never
 * asked about is fine (SPEC §2: accepted), one asked about and still pending is not finished.
 */
export function exitCodeFor(byStatus: Readonly<Record<Status, number>>, pendingDevices: number, dryRun: boolean): 0 | 1 | 3 {
  const needsUser = byStatus.invalid + byStatus.failed + byStatus['not-sent'] + (dryRun ? 0 : byStatus.planned);
  if (needsUser > 0) return 1;
  return pendingDevices > 0 ? 3 : 0;
}

export function outcomeOf(exitCode: number): Outcome {
  return OUTCOMES[exitCode as ExitCode] ?? 'not-started';
}
