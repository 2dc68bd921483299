// The work behind the page's buttons, each one call into the library the command line uses: the check
// is `apply --dry-run` (resolution and the policy check when signed in), Apply is `apply` (journal,
// lock, results, report and failures files; Stop is its Ctrl-C), "wait for device outcomes" is
// `status --wait`. Each reads the results file its run wrote back for the table.
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { Writable } from 'node:stream';
import { applyFile } from '../apply/run.js';
import { connect, type Connection } from '../setup/connect.js';
import type { ApplyOptions } from '../apply/options.js';
import { DEFAULTS, type ConnectionOptions } from '../setup/options.js';
import { interruptions, STATUS_MESSAGES } from '../setup/interrupt.js';
import type { TokenSource } from '../partner-center/contract.js';
import type { ProgressViews } from '../progress/views.js';
import { readResultsFile } from '../record/results-file.js';
import type { RowTracking } from '../track/device-outcome.js';
import { statusColumns } from '../map/device-columns.js';
import { runStatus } from '../status/update-results.js';
import { statusEndpoint } from '../status/endpoint.js';
import type { Choices, DownloadView } from './page/api-types.js';
import { applyOptions, checkOptions } from './run-options.js';
import type { StopButton } from './stop-button.js';
import { loadTable, type LoadedTable } from './table.js';
import type { SheetFiles } from './workspace.js';

export interface JobDeps {
  connection: ConnectionOptions;
  /** --endpoint or PARTNER_CENTER_ENDPOINT as given (status prefers it to the one a file records). */
  endpointGiven: string | undefined;
  tokens: TokenSource;
  views: ProgressViews;
  /** Where the run's lines for people go (the page's notes). */
  console: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  now(): Date;
}

export async function checkSheet(files: SheetFiles, choices: Choices, deps: JobDeps): Promise<{ options: ApplyOptions; table: LoadedTable }> {
  const options = checkOptions(deps.connection, files, choices);
  await applyFile(options, runDeps(deps, undefined));
  return { options, table: await tableOf('check', files.check, choices, []) };
}

export async function applySheet(checked: ApplyOptions, files: SheetFiles, choices: Choices, stop: StopButton, deps: JobDeps): Promise<LoadedTable> {
  const options = applyOptions(checked, files);
  await applyFile(options, runDeps(deps, stop));
  return tableOf('results', options.out, choices, downloads(files, options.out));
}

/**
 * `status --wait` on `results` (written in place), with the report and failures beside it. `settled`
 * hears each round's outcomes (the rows settle on the page as they come).
 */
export async function waitForOutcomes(
  results: string,
  files: SheetFiles,
  choices: Choices,
  stop: StopButton,
  deps: JobDeps,
  settled: (outcomes: ReadonlyMap<number, RowTracking>, devices: { succeeded: number; failed: number; pending: number }) => void,
): Promise<LoadedTable> {
  const signals = interruptions(deps.console, STATUS_MESSAGES, stop);
  const tracking = deps.views.tracking(false, deps.console);
  let connection: Connection | undefined;
  try {
    await runStatus({
      file: results,
      columns: statusColumns({ device: choices.map.device, customer: choices.map.customer }),
      api: async (recorded, ticket) => {
        const endpoint = statusEndpoint({ given: deps.endpointGiven, recorded, fallback: DEFAULTS.endpoint });
        connection = await connect({ ...deps.connection, endpoint }, { correlationId: randomUUID(), env: deps.env, stderr: deps.console, tokens: deps.tokens, ticket });
        return connection.api;
      },
      wait: true,
      waitTimeoutMs: DEFAULTS.waitTimeoutSeconds * 1000,
      signal: signals.stop,
      requestSignal: signals.abort,
      onProgress: (p) => {
        tracking.update(p);
        if (p.outcomes !== undefined) settled(p.outcomes, { succeeded: p.succeeded, failed: p.failed, pending: p.pending });
      },
      report: files.report,
      failures: files.failures,
      log: deps.connection.log,
    });
  } finally {
    tracking.stop();
    signals.dispose();
    await connection?.close();
  }
  return tableOf('results', results, choices, downloads(files, results));
}

/** A results file dropped on the page, shown as it stands. */
export function readResults(results: string, files: SheetFiles, choices: Choices): Promise<LoadedTable> {
  return tableOf('results', results, choices, downloads(files, results));
}

function runDeps(deps: JobDeps, stop: StopButton | undefined) {
  return {
    env: deps.env,
    // The closing summary (stdout) repeats the table the page shows, with the work folder's paths.
    stdout: DISCARD,
    stderr: deps.console,
    tokens: deps.tokens,
    now: deps.now,
    views: deps.views,
    ...(stop === undefined ? {} : { signals: stop }),
  };
}

const DISCARD = new Writable({ write: (_chunk, _encoding, done) => done() }) as unknown as NodeJS.WriteStream;

async function tableOf(kind: 'check' | 'results', path: string, choices: Choices, files: DownloadView[]): Promise<LoadedTable> {
  const file = await readResultsFile(path);
  return loadTable({ kind, file, map: choices.map, customer: choices.customer, policy: choices.policy, files });
}

/** The files there are to download: the results, and the report and failures file when written. */
function downloads(files: SheetFiles, results: string): DownloadView[] {
  const found: DownloadView[] = [{ kind: 'results', name: basename(results) }];
  if (existsSync(files.report)) found.push({ kind: 'report', name: basename(files.report) });
  if (existsSync(files.failures)) found.push({ kind: 'failures', name: basename(files.failures) });
  return found;
}
