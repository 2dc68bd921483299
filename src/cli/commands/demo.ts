import type { Argv } from 'yargs';
import { documented, runsGiven, type CommandHelp } from '../help.js';
import { DEMO_FOLDER } from '../../demo/folder.js';

export const HELP: CommandHelp = {
  groups: { output: ['out', 'json', 'quiet'] },
  examples: [
    ['$0 demo', `run the samples and write their results into the folder ${DEMO_FOLDER} here`, runsGiven()],
    ['$0 demo --out demo.results.csv --quiet', 'the same, results as CSV here (demo.results.csv, demo.results.vendor.csv), no progress bar', runsGiven()],
  ],
};

export function demoCommand(y: Argv, setExit: (code: number) => void): void {
  y.command(
    'demo',
    'apply the bundled samples (device IDs, then a vendor list of serial numbers) against an in-process simulator; write their results files',
    (c) =>
      documented(c
        .option('out', { type: 'string', describe: 'the first results file (the second goes beside it)', defaultDescription: `${DEMO_FOLDER}/sample-devices.results.xlsx` })
        .option('json', { type: 'boolean', default: false, describe: 'print the summary as JSON on stdout' })
        .option('quiet', { type: 'boolean', default: false, describe: 'no progress output' }), HELP, process.env),
    async (a) => {
      const [{ runDemo }, { defaultDeps }] = await Promise.all([import('../../demo/run.js'), import('../../apply/run.js')]);
      setExit(await runDemo({ out: a.out, quiet: a.quiet, json: a.json }, defaultDeps()));
    },
  );
}
