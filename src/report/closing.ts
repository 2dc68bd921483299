// What a person reads at the end of a run, apply's or status's: the closing summary table, the most
// common reasons rows need attention (with example rows), and the files written.
import { STATUSES } from '../model.js';
import type { RunSummary } from '../results/run-summary.js';
import { reasonLines, type ConsoleRow } from './reason-lines.js';

export interface ClosingParts {
  /** Rows that need attention (others are ignored). */
  attention: readonly ConsoleRow[];
  /** Files written, labelled: results, report, failures. */
  files: ReadonlyArray<readonly [string, string]>;
}

export function printSummary(out: NodeJS.WritableStream, s: RunSummary, silent: boolean, closing: ClosingParts): void {
  if (silent) return;
  const rows = STATUSES.filter((st) => s.byStatus[st] > 0).map((st) => [st, String(s.byStatus[st])] as const);
  const table: Array<readonly [string, string]> = [
    ['rows', String(s.rows)],
    ...rows,
    ['customers', String(s.customers)],
    [s.dryRun ? 'requests (would send)' : 'requests', String(s.requests)],
  ];
  if (s.lookups !== undefined && s.lookups > 0) table.push(['lookups', String(s.lookups)]);
  if (s.registered !== undefined) table.push([s.dryRun ? 'registered (would register)' : 'registered', String(s.registered)]);
  if (!s.dryRun) table.push(['batch jobs', String(s.batchJobs)], ['throttled', String(s.throttled)]);
  if (s.recovered > 0) table.push(['recovered', String(s.recovered)]);
  if (s.devices) table.push(['devices succeeded', String(s.devices.succeeded)], ['devices failed', String(s.devices.failed)], ['devices pending', String(s.devices.pending)]);
  const width = Math.max(...table.map(([k]) => k.length));
  const body = table.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n');
  const cause = s.stoppedBecause ? `\nCause: ${s.stoppedBecause}` : '';
  const reasons = s.exitCode === 1 ? reasonLines(closing.attention, s.stoppedBecause) : '';
  out.write(`\n${closingTitle(s)}: ${s.input}\n${body}${cause}\n${reasons}${fileLines(closing.files)}`);
}

/** What the closing lines open with: a run that stopped must not read "Done". */
export function closingTitle(s: Pick<RunSummary, 'dryRun' | 'exitCode' | 'stoppedBecause'>): string {
  if (s.exitCode === 130) return 'Interrupted';
  if (s.stoppedBecause !== undefined) return s.dryRun ? 'Dry run stopped' : 'Stopped';
  return s.dryRun ? 'Dry run' : 'Done';
}

export function fileLines(files: ReadonlyArray<readonly [string, string]>): string {
  return files.map(([label, path]) => `${label}: ${path}\n`).join('');
}
