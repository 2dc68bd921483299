// The status job: `device-policy status RESULTS` once its options are read. It asks the endpoint the
// results file records (when that is this machine) or the user's, follows Ctrl-C as apply does, shows
// progress, and closes with the same lines, report, failures file and --json as apply. Loaded by the
// command's handler, so that start-up and every other command are spared the results readers, the
// tracker and the client.
import { randomUUID } from 'node:crypto';
import type { StatusColumns } from '../map/device-columns.js';
import { trackingProgress } from '../progress/views.js';
import { checkInputExists } from '../read/input-file.js';
import { fileLines } from '../report/closing.js';
import { intoLine } from '../report/follow-ups.js';
import { jsonSummary } from '../report/json-summary.js';
import { reasonLines } from '../report/reason-lines.js';
import { connect, type Connection } from '../setup/connect.js';
import { interruptions, STATUS_MESSAGES } from '../setup/interrupt.js';
import { DEFAULTS, type ConnectionOptions } from '../setup/options.js';
import { statusEndpoint } from './endpoint.js';
import { describeStatus, runStatus } from './update-results.js';

/** The options of `status`, normalized at the edge (the command line's handler). */
export interface StatusCommandOptions {
  /** How to sign in and connect; its endpoint is asked only when the file records none this machine serves. */
  connection: ConnectionOptions;
  /** The endpoint the user gave (--endpoint, PARTNER_CENTER_ENDPOINT), which wins over the one the file records. */
  endpointGiven: string | undefined;
  /** The results file: read, tracked, rewritten in place. */
  results: string;
  columns: StatusColumns;
  wait: boolean;
  waitTimeoutMs: number;
  report: string | undefined;
  failures: string | undefined;
  json: boolean;
  quiet: boolean;
  ticket: string | undefined;
}

export interface StatusDeps {
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

const defaultDeps = (): StatusDeps => ({ env: process.env, stdout: process.stdout, stderr: process.stderr });

/** Runs `status` and resolves to its exit code. */
export async function runStatusCommand(options: StatusCommandOptions, deps: StatusDeps = defaultDeps()): Promise<number> {
  await checkInputExists(options.results);
  const progress = trackingProgress(options.quiet, deps.stderr);
  const signals = interruptions(deps.stderr, STATUS_MESSAGES);
  let connection: Connection | undefined;
  try {
    const result = await runStatus({
      file: options.results,
      columns: options.columns,
      api: async (recorded, forTicket) => {
        const endpoint = statusEndpoint({ given: options.endpointGiven, recorded, fallback: DEFAULTS.endpoint });
        connection = await connect({ ...options.connection, endpoint }, { correlationId: randomUUID(), env: deps.env, stderr: deps.stderr, ticket: forTicket });
        return connection.api;
      },
      wait: options.wait,
      waitTimeoutMs: options.waitTimeoutMs,
      signal: signals.stop,
      requestSignal: signals.abort,
      onProgress: (p) => progress.update(p),
      report: options.report,
      failures: options.failures,
      log: options.connection.log,
      ticket: options.ticket,
    });
    progress.stop();
    const exitCode = signals.stop.aborted ? 130 : result.exitCode;
    if (options.json) {
      const files = { results: options.results, report: options.report, failures: options.failures, log: options.connection.log };
      const json = jsonSummary(result.summary, { command: 'status', exitCode, attention: result.attention, files, intoCommand: result.intoCommand });
      deps.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    }
    const reasons = result.exitCode === 1 ? reasonLines(result.attention) : '';
    const files = fileLines([...(result.written ? [['Results', options.results] as const] : []), ...result.files]);
    const notes = (result.notes ?? []).map((note) => `${note}\n`).join('');
    const into = result.intoCommand === undefined ? '' : intoLine(result.intoCommand);
    deps.stderr.write(`${notes}\n${describeStatus(options.results, result)}\n${reasons}${files}${into}`);
    return exitCode;
  } finally {
    progress.stop();
    signals.dispose();
    await connection?.close();
  }
}
