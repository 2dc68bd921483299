import type { Argv } from 'yargs';
import { runDemo } from '../../demo.js';
import { defaultDeps } from '../../apply/run.js';
import { documented, type CommandHelp } from '../help.js';

const HELP: CommandHelp = {
  groups: { output: ['out', 'json', 'quiet'] },
  examples: [
    ['$0 demo', 'run the sample and write device-policy-demo.results.xlsx here'],
    ['$0 demo --out demo.results.csv --quiet', 'the same, results as CSV, no progress bar'],
  ],
};

export function demoCommand(y: Argv, setExit: (code: number) => void): void {
  y.command(
    'demo',
    'apply the bundled samples (device IDs, then a vendor list of serial numbers) against an in-process simulator; write their results files',
    (c) =>
      documented(c, HELP, process.env)
        .option('out', { type: 'string', default: 'device-policy-demo.results.xlsx', describe: 'results file' })
        .option('json', { type: 'boolean', default: false, describe: 'print the summary as JSON on stdout' })
        .option('quiet', { type: 'boolean', default: false, describe: 'no progress output' }),
    async (a) => {
      setExit(await runDemo({ out: a.out, quiet: a.quiet, json: a.json }, defaultDeps()));
    },
  );
}
