// What can be known to fail before anything is read or sent: the output paths. Found after sending,
// the user's natural fix (another --out) would mean another journal, and every row sent again.
import { extname } from 'node:path';
import { InputError } from '../read/errors.js';
import { journalPathFor } from '../record/journal.js';
import { resultsFormat } from '../record/results-file.js';
import { isRecordError } from '../record/errors.js';
import type { ApplyOptions } from './options.js';
import { checkOutputPaths, type OutputPath } from './output-paths.js';

type OutputOptions = Pick<ApplyOptions, 'file' | 'out' | 'report' | 'log' | 'dryRun'>;

export async function checkOutputs(options: OutputOptions): Promise<void> {
  const bad = (message: string): InputError => new InputError('bad-option', options.file, message);
  try {
    resultsFormat(options.out);
  } catch (e) {
    if (isRecordError(e)) throw bad(`--out: ${e.message}`);
    throw e;
  }
  if (options.report !== undefined && extname(options.report).toLowerCase() !== '.md') {
    throw bad(`--report ${options.report}: the report is Markdown; name it FILE.md`);
  }
  const journal = options.dryRun ? [] : [{ flag: 'the journal', path: journalPathFor(options.out) }];
  await checkOutputPaths(options.file, outputsOf(options), journal);
}

/** Every file apply writes at the user's word; an output flag added later (--failures) belongs here. */
function outputsOf(options: OutputOptions): OutputPath[] {
  const named: Array<[string, string | undefined]> = [
    ['--out', options.out],
    ['--report', options.report],
    ['--log', options.log],
  ];
  return named.flatMap(([flag, path]) => (path === undefined ? [] : [{ flag, path }]));
}
