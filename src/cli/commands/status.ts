import { randomUUID } from 'node:crypto';
import type { Argv } from 'yargs';
import { connect, type Connection } from '../../apply/connect.js';
import { isLoopbackHost } from '../../partner-center/safe-endpoint.js';
import { runStatus } from '../../track/status-command.js';
import { DEFAULTS } from '../../apply/options.js';
import { connectionOptions, positive, toConnection } from '../args.js';
import { trackingProgress } from '../progress-views.js';

export function statusCommand(y: Argv, setExit: (code: number) => void): void {
  y.command(
    'status <results>',
    "poll the batch jobs named in a results file and record each device's outcome in it",
    (c) =>
      connectionOptions(c)
        .positional('results', { type: 'string', demandOption: true, describe: 'a results file written by apply (.xlsx, .csv, .json)' })
        .option('wait', { type: 'boolean', default: false, describe: 'poll until every job is finished' })
        .option('wait-timeout', { type: 'number', default: DEFAULTS.waitTimeoutSeconds, describe: 'seconds to wait with --wait' })
        .option('json', { type: 'boolean', default: false, describe: 'print the summary as JSON on stdout' })
        .option('quiet', { type: 'boolean', default: false, describe: 'no progress output' }),
    async (a) => {
      const given = toConnection(a, process.env);
      const explicit = a.endpoint !== undefined || process.env['PARTNER_CENTER_ENDPOINT'] !== undefined;
      let connection: Connection | undefined;
      // The endpoint apply used is recorded in the results; it is taken as the default only when it is this
      // machine (the simulator): a file must never be able to send the user's token to a host it names.
      const connectFor = async (recorded: string | undefined): Promise<Connection> => {
        const endpoint = !explicit && recorded !== undefined && isLoopbackEndpoint(recorded) ? recorded : given.endpoint;
        connection = await connect({ ...given, endpoint }, { correlationId: randomUUID(), env: process.env, stderr: process.stderr });
        return connection;
      };
      const progress = trackingProgress(a.quiet, process.stderr);
      const stop = new AbortController();
      const onSignal = (): void => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        const { summary, exitCode, tracked, report } = await runStatus({
          file: a.results,
          api: async (recorded) => (await connectFor(recorded)).api,
          wait: a.wait,
          waitTimeoutMs: positive('--wait-timeout', a['wait-timeout']) * 1000,
          signal: stop.signal,
          onProgress: (p) => progress.update(p),
        });
        progress.stop();
        if (a.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
        const d = summary.devices;
        process.stderr.write(
          tracked === 0 || d === undefined
            ? `\nStatus of ${a.results}: no batch jobs to track (no row has a Batch Job URI)\n`
            : `\nStatus of ${a.results}: ${d.succeeded} devices succeeded, ${d.failed} failed, ${d.pending} pending ` +
                `(${report.jobsDone}/${report.jobsTotal} jobs done, ${report.requests} requests)\n`,
        );
        setExit(stop.signal.aborted ? 130 : exitCode);
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        await connection?.close();
      }
    },
  );
}

function isLoopbackEndpoint(url: string): boolean {
  try {
    return isLoopbackHost(new URL(url).hostname);
  } catch {
    return false;
  }
}
