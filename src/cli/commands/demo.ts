import type { Argv } from 'yargs';
import { documented, runsGiven, SERVES, type CommandHelp } from '../help.js';
import { UsageError } from '../fatal.js';
import { wholeNumber } from '../args.js';
import { DEMO_FOLDER } from '../../demo/folder.js';

export const HELP: CommandHelp = {
  groups: { output: ['out', 'json', 'quiet'], server: ['ui', 'port', 'open'] },
  examples: [
    ['$0 demo', `run the samples and write their results into the folder ${DEMO_FOLDER} here`, runsGiven()],
    ['$0 demo --out demo.results.csv --quiet', 'the same, results as CSV here (demo.results.csv, demo.results.vendor.csv), no progress bar', runsGiven()],
    ['$0 demo --ui --open', `the web page against the same simulator, signed in: drop ${'fixtures/vendor-serials.xlsx'} (in the package) and apply it; files go into ${DEMO_FOLDER}/ui`, SERVES],
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
        .option('quiet', { type: 'boolean', default: false, describe: 'no progress output' })
        .option('ui', { type: 'boolean', default: false, describe: 'serve the web page (device-policy ui) against the simulator instead, signed in with its token' })
        .option('port', { type: 'number', describe: 'with --ui: port on 127.0.0.1 (0: a free one)', defaultDescription: '0' })
        .option('open', { type: 'boolean', describe: 'with --ui: open the page in the default browser', defaultDescription: 'false' }), HELP, process.env),
    async (a) => {
      if (a.ui) {
        if (a.out !== undefined || a.json) throw new UsageError('--ui serves the page, where results are downloaded; --out and --json are for the demo run in the terminal');
        const port = wholeNumber('--port', a.port ?? 0, 0);
        const { runDemoUi } = await import('../../ui/demo-ui.js');
        setExit(await runDemoUi({ port, open: a.open ?? false }));
        return;
      }
      if (a.port !== undefined || a.open !== undefined) throw new UsageError('--port and --open go with --ui');
      const [{ runDemo }, { defaultDeps }] = await Promise.all([import('../../demo/run.js'), import('../../apply/run.js')]);
      setExit(await runDemo({ out: a.out, quiet: a.quiet, json: a.json }, defaultDeps()));
    },
  );
}
