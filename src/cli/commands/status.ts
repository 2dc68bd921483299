import type { Argv } from 'yargs';
import { DEFAULTS } from '../../apply/options.js';
import { connectionOptions } from '../args.js';
import { documented, runsGiven, type CommandHelp } from '../help.js';

export const HELP: CommandHelp = {
  groups: {
    input: ['map'],
    sending: ['endpoint', 'wait', 'wait-timeout', 'max-retries', 'timeout'],
    output: ['report', 'failures', 'log', 'json', 'ticket', 'quiet'],
    signIn: ['auth', 'token-file', 'client-id', 'tenant-id'],
  },
  examples: [
    ['$0 status devices.results.xlsx', "ask once how each device's batch job went, and record it in the file", runsGiven('devices.results.xlsx')],
    ['$0 status devices.results.xlsx --wait --wait-timeout 3600', 'ask again (backing off) until every job has finished, for up to an hour', runsGiven('devices.results.xlsx')],
    ['$0 status devices.results.xlsx --report ticket.md --failures fix.csv', 'refresh the ticket\'s report after the fact, and list the rows to fix', runsGiven('devices.results.xlsx')],
    ['$0 status devices.results.csv --map device="Serial No"', 'a results CSV of a run that was given --map device="Serial No"', runsGiven('devices.results.csv')],
  ],
  exitCodes: true,
};
export type { StatusResult } from '../../track/status-command.js';

export function statusCommand(y: Argv, setExit: (code: number) => void): void {
  y.command(
    'status <results>',
    "poll the batch jobs named in a results file and record each device's outcome in it",
    (c) =>
      documented(connectionOptions(c)
        .positional('results', { type: 'string', demandOption: true, describe: 'a results file written by apply (.xlsx, .csv, .json)' })
        .option('map', {
          type: 'string',
          describe: 'device=COLUMN or customer=COLUMN (repeatable): the column apply used, for a results file that does not record it (CSV)',
          coerce: (v: string | string[] | undefined) => (v === undefined ? [] : [v].flat()),
        })
        .option('wait', { type: 'boolean', default: false, describe: 'poll until every job is finished' })
        .option('wait-timeout', { type: 'number', default: DEFAULTS.waitTimeoutSeconds, describe: 'seconds to wait with --wait' })
        .option('report', { type: 'string', describe: 'also write a Markdown summary (FILE.md) of the file as it now stands' })
        .option('failures', { type: 'string', describe: 'also write only the rows that need fixing (.xlsx, .csv or .json), ready to feed back to apply' })
        .option('json', { type: 'boolean', default: false, describe: 'print the summary as JSON on stdout (schema/summary.schema.json in the package)' })
        .option('ticket', { type: 'string', describe: 'the ticket reference to record in the file, the report, the JSON and the log (default: the one the file records)' })
        .option('quiet', { type: 'boolean', default: false, describe: 'no progress output' }), HELP, process.env),
    async (a) => {
      const { runStatusCommand } = await import('./status-run.js');
      setExit(await runStatusCommand(a));
    },
  );
}
