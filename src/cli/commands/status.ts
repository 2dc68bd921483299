import type { Argv } from 'yargs';
import { connectionOptions, mapOption, positive, SHARED_OPTIONS, ticketReference, toConnection } from '../args.js';
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
export type { StatusResult } from '../../status/update-results.js';

export function statusCommand(y: Argv, setExit: (code: number) => void): void {
  y.command(
    'status <results>',
    "poll the batch jobs named in a results file and record each device's outcome in it",
    (c) =>
      documented(connectionOptions(c)
        .positional('results', { type: 'string', demandOption: true, describe: 'a results file written by apply (.xlsx, .csv, .json)' })
        .option('map', mapOption('device=COLUMN or customer=COLUMN (repeatable): the column apply used, for a results file that does not record it (CSV)'))
        .option('wait', { type: 'boolean', default: false, describe: 'poll until every job is finished' })
        .option('wait-timeout', SHARED_OPTIONS.waitTimeout)
        .option('report', { type: 'string', describe: 'also write a Markdown summary (FILE.md) of the file as it now stands' })
        .option('failures', { type: 'string', describe: 'also write only the rows that need fixing (.xlsx, .csv or .json), ready to feed back to apply' })
        .option('json', SHARED_OPTIONS.json)
        .option('ticket', { type: 'string', describe: 'the ticket reference to record in the file, the report, the JSON and the log (default: the one the file records)' })
        .option('quiet', SHARED_OPTIONS.quiet), HELP, process.env),
    async (a) => {
      const [{ runStatusCommand }, { statusColumns }, { parseMapOptions }] = await Promise.all([
        import('../../status/run.js'),
        import('../../map/device-columns.js'),
        import('../../map/columns.js'),
      ]);
      setExit(
        await runStatusCommand({
          connection: toConnection(a, process.env),
          endpointGiven: a.endpoint ?? process.env['PARTNER_CENTER_ENDPOINT'],
          results: a.results,
          columns: statusColumns(parseMapOptions(a.map ?? [])),
          wait: a.wait,
          waitTimeoutMs: positive('--wait-timeout', a['wait-timeout']) * 1000,
          report: a.report,
          failures: a.failures,
          json: a.json,
          quiet: a.quiet,
          ticket: ticketReference(a.ticket),
        }),
      );
    },
  );
}
