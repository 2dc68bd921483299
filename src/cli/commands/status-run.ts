// What `status` does once its options are read: loaded by the command's handler, so that start-up and
// every other command are spared the results readers, the tracker and the client.
import { randomUUID } from 'node:crypto';
import { connect, type Connection } from '../../apply/connect.js';
import { DEFAULTS } from '../../apply/options.js';
import { fileLines } from '../../apply/print.js';
import { reasonLines } from '../../apply/reason-lines.js';
import { interruptions, STATUS_MESSAGES } from '../../interrupt.js';
import { parseMapOptions } from '../../map/columns.js';
import { trackingProgress } from '../../progress/views.js';
import { statusColumns } from '../../track/result-columns.js';
import { describeStatus, runStatus } from '../../track/status-command.js';
import { statusEndpoint } from '../../track/status-endpoint.js';
import { checkInputExists } from '../../read/input-file.js';
import { positive, ticketReference, toConnection, type ConnectionArgs } from '../args.js';
import { jsonSummary } from '../../record/json-summary.js';
import { intoLine } from '../../record/follow-ups.js';

/** The options of `status` as yargs hands them over. */
export interface StatusArgs extends ConnectionArgs {
  results: string;
  map?: string[] | undefined;
  wait: boolean;
  'wait-timeout': number;
  report?: string | undefined;
  failures?: string | undefined;
  json: boolean;
  quiet: boolean;
  ticket?: string | undefined;
}

/** Runs `status` and resolves to its exit code. */
export async function runStatusCommand(a: StatusArgs): Promise<number> {
  const given = toConnection(a, process.env);
  const columns = statusColumns(parseMapOptions(a.map ?? []));
  const waitTimeoutMs = positive('--wait-timeout', a['wait-timeout']) * 1000;
  const ticket = ticketReference(a.ticket);
  await checkInputExists(a.results);
  const progress = trackingProgress(a.quiet, process.stderr);
  const signals = interruptions(process.stderr, STATUS_MESSAGES);
  let connection: Connection | undefined;
  try {
    const result = await runStatus({
      file: a.results,
      columns,
      api: async (recorded, forTicket) => {
        const endpoint = statusEndpoint({ given: a.endpoint ?? process.env['PARTNER_CENTER_ENDPOINT'], recorded, fallback: DEFAULTS.endpoint });
        connection = await connect({ ...given, endpoint }, { correlationId: randomUUID(), env: process.env, stderr: process.stderr, ticket: forTicket });
        return connection.api;
      },
      wait: a.wait,
      waitTimeoutMs,
      signal: signals.stop,
      requestSignal: signals.abort,
      onProgress: (p) => progress.update(p),
      report: a.report,
      failures: a.failures,
      log: a.log,
      ticket,
    });
    progress.stop();
    const exitCode = signals.stop.aborted ? 130 : result.exitCode;
    if (a.json) {
      const files = { results: a.results, report: a.report, failures: a.failures, log: a.log };
      const json = jsonSummary(result.summary, { command: 'status', exitCode, attention: result.attention, files, intoCommand: result.intoCommand });
      process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    }
    const reasons = result.exitCode === 1 ? reasonLines(result.attention) : '';
    const files = fileLines([...(result.written ? [['Results', a.results] as const] : []), ...result.files]);
    const notes = (result.notes ?? []).map((note) => `${note}\n`).join('');
    const into = result.intoCommand === undefined ? '' : intoLine(result.intoCommand);
    process.stderr.write(`${notes}\n${describeStatus(a.results, result)}\n${reasons}${files}${into}`);
    return exitCode;
  } finally {
    progress.stop();
    signals.dispose();
    await connection?.close();
  }
}
