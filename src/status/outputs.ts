// Where status will write, checked as apply checks its outputs (SPEC §2 Safety of the work) and with the
// same messages: the results file it rewrites in place, --report, --failures and --log. Each output's
// folder exists and is writable, no output is a folder, none is the results file or another output.
import { checkOutputPaths, checkReportName, checkResultsName, checkWritable, type InputRole, type OutputPath } from '../setup/output-paths.js';
import { journalPathFor } from '../journal/format.js';

export interface StatusOutputs {
  /** The results file: read, then rewritten in place. */
  file: string;
  report?: string | undefined;
  failures?: string | undefined;
  log?: string | undefined;
}

const RESULTS_FILE: InputRole = { name: 'the results file', advice: 'choose another name' };

/** What the names alone tell: the report is Markdown, the failures file a results format. */
export function checkOutputNames(options: StatusOutputs): void {
  if (options.report !== undefined) checkReportName(options.file, options.report);
  if (options.failures !== undefined) checkResultsName(options.file, { flag: '--failures', path: options.failures });
}

/** The paths on disk, once the results file has been read (so a missing one is told as such). */
export async function checkOutputPlaces(options: StatusOutputs): Promise<void> {
  await checkWritable(options.file, { flag: 'the results file', path: options.file });
  const named: Array<[string, string | undefined]> = [
    ['--report', options.report],
    ['--failures', options.failures],
    ['--log', options.log],
  ];
  const outputs: OutputPath[] = named.flatMap(([flag, path]) => (path === undefined ? [] : [{ flag, path }]));
  // A journal beside the results file is an unfinished apply's, which a later apply resumes from.
  await checkOutputPaths(options.file, outputs, [{ flag: 'the journal', path: journalPathFor(options.file) }], RESULTS_FILE);
}
