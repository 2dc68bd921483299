// What can be known to fail before anything is read or sent: the output paths. Found after sending,
// the user's natural fix (another --out) would mean another journal, and every row sent again.
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { InputError } from '../read/errors.js';
import { journalPathFor } from '../journal/format.js';
import { readResultsFile, type ResultsFile } from '../record/results-file.js';
import { plural } from '../text/plural.js';
import { TOOL_NAME } from '../package/version.js';
import { shellWord } from '../text/shell-word.js';
import type { ApplyOptions } from './options.js';
import { checkOutputPaths, checkReportName, checkResultsName, type OutputPath } from '../setup/output-paths.js';

type OutputOptions = Pick<ApplyOptions, 'file' | 'out' | 'report' | 'log' | 'failures' | 'dryRun'> & Partial<Pick<ApplyOptions, 'into'>>;

export async function checkOutputs(options: OutputOptions): Promise<void> {
  for (const [flag, path] of [[outFlag(options), options.out], ['--failures', options.failures]] as const) {
    if (path !== undefined) checkResultsName(options.file, { flag, path });
  }
  if (options.report !== undefined) checkReportName(options.file, options.report);
  const journal = options.dryRun ? [] : [{ flag: 'the journal', path: journalPathFor(options.out) }];
  await checkOutputPaths(options.file, outputsOf(options), journal);
}

/** `--into` when the results are written into an earlier results file (then --out is it). */
function outFlag(options: OutputOptions): string {
  return options.into !== undefined && !options.dryRun ? '--into' : '--out';
}

/** Every file apply writes at the user's word; an output flag added later (--failures) belongs here. */
function outputsOf(options: OutputOptions): OutputPath[] {
  const named: Array<[string, string | undefined]> = [
    [outFlag(options), options.out],
    ['--report', options.report],
    ['--log', options.log],
    ['--failures', options.failures],
  ];
  return named.flatMap(([flag, path]) => (path === undefined ? [] : [{ flag, path }]));
}

/**
 * No silent overwrite (SPEC §2): `--out` naming the finished results of another run — a results file
 * that records something sent, with no journal beside it — is refused unless `--overwrite`. A journal
 * means the run is this one's to resume; a dry run's results (nothing sent) lose nothing when replaced.
 * A file that is not a results file at all is someone's own, and refused too.
 */
export async function checkOverwrite(options: Pick<ApplyOptions, 'file' | 'out' | 'overwrite'>): Promise<void> {
  if (options.overwrite) return;
  const found = await stat(options.out).catch(() => undefined);
  if (found === undefined || !found.isFile()) return;
  if (await stat(journalPathFor(options.out)).then(() => true, () => false)) return;
  const bad = (message: string): InputError => new InputError('bad-option', options.file, message);
  let results: ResultsFile;
  try {
    results = await readResultsFile(options.out);
  } catch {
    throw bad(`--out ${options.out} already exists and is not a results file of ${TOOL_NAME}: choose another name, or pass --overwrite to replace it`);
  }
  const sent = results.rows.filter((r) => r.result.requestId !== undefined || r.result.batchJobUri !== undefined).length;
  if (sent === 0) return;
  throw bad(
    `--out ${options.out} holds the finished results of an earlier run (${plural(sent, 'row')} sent, with their batch-job links); ` +
      `nothing was sent now. To send its failed and not-sent rows again, feed that file back: ` +
      `${TOOL_NAME} apply ${shellWord(options.out)} --out ${shellWord(retryName(options.out))}. To replace it anyway, pass --overwrite.`,
  );
}

/** `r.xlsx` → `r.retry.xlsx`: a name for the results of feeding `r.xlsx` back. */
function retryName(out: string): string {
  const ext = extname(out);
  return `${out.slice(0, out.length - ext.length)}.retry${ext}`;
}
