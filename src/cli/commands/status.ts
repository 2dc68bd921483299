import { randomUUID } from 'node:crypto';
import type { Argv } from 'yargs';
import { connect, type Connection } from '../../apply/connect.js';
import { DEFAULTS } from '../../apply/options.js';
import { parseMapOptions } from '../../map/columns.js';
import { interruptions, STATUS_MESSAGES } from '../../interrupt.js';
import { statusColumns } from '../../track/result-columns.js';
import { describeStatus, runStatus } from '../../track/status-command.js';
import { statusEndpoint } from '../../track/status-endpoint.js';
import { connectionOptions, positive, toConnection } from '../args.js';
import { trackingProgress } from '../../progress/views.js';
import { documented, type CommandHelp } from '../help.js';

const HELP: CommandHelp = {
  groups: {
    input: ['map'],
    sending: ['endpoint', 'wait', 'wait-timeout', 'max-retries', 'timeout'],
    output: ['report', 'failures', 'log', 'json', 'quiet'],
    signIn: ['auth', 'token-file', 'client-id', 'tenant-id'],
  },
  examples: [
    ['$0 status devices.results.xlsx', "ask once how each device's batch job went, and record it in the file"],
    ['$0 status devices.results.xlsx --wait --wait-timeout 3600', 'ask again (backing off) until every job has finished, for up to an hour'],
    ['$0 status devices.results.xlsx --report ticket.md --failures fix.csv', 'refresh the ticket\'s report after the fact, and list the rows to fix'],
    ['$0 status devices.results.csv --map device="Serial No"', 'a results CSV of a run that was given --map device="Serial No"'],
  ],
};
import { fileLines, reasonLines } from '../../apply/print.js';

export type { StatusResult } from '../../track/status-command.js';

export function statusCommand(y: Argv, setExit: (code: number) => void): void {
  y.command(
    'status <results>',
    "poll the batch jobs named in a results file and record each device's outcome in it",
    (c) =>
      connectionOptions(documented(c, HELP, process.env))
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
        .option('json', { type: 'boolean', default: false, describe: 'print the summary as JSON on stdout' })
        .option('quiet', { type: 'boolean', default: false, describe: 'no progress output' }),
    async (a) => {
      const given = toConnection(a, process.env);
      const columns = statusColumns(parseMapOptions(a.map ?? []));
      const waitTimeoutMs = positive('--wait-timeout', a['wait-timeout']) * 1000;
      const progress = trackingProgress(a.quiet, process.stderr);
      const signals = interruptions(process.stderr, STATUS_MESSAGES);
      let connection: Connection | undefined;
      try {
        const result = await runStatus({
          file: a.results,
          columns,
          api: async (recorded) => {
            const endpoint = statusEndpoint({ given: a.endpoint ?? process.env['PARTNER_CENTER_ENDPOINT'], recorded, fallback: DEFAULTS.endpoint });
            connection = await connect({ ...given, endpoint }, { correlationId: randomUUID(), env: process.env, stderr: process.stderr });
            return connection.api;
          },
          wait: a.wait,
          waitTimeoutMs,
          signal: signals.stop,
          requestSignal: signals.abort,
          onProgress: (p) => progress.update(p),
          report: a.report,
          failures: a.failures,
        });
        progress.stop();
        if (a.json) process.stdout.write(`${JSON.stringify(result.summary, null, 2)}\n`);
        const reasons = result.exitCode === 1 ? reasonLines(result.attention) : '';
        const files = fileLines([...(result.written ? [['Results', a.results] as const] : []), ...result.files]);
        process.stderr.write(`\n${describeStatus(a.results, result)}\n${reasons}${files}`);
        setExit(signals.stop.aborted ? 130 : result.exitCode);
      } finally {
        progress.stop();
        signals.dispose();
        await connection?.close();
      }
    },
  );
}
