// `device-policy status RESULTS [--wait]`: read a results file, track its batch jobs, write the outcomes
// back into the same file. The client comes from the caller (run.ts connects; the library and the tests
// hand in their own); this is the work itself, and prints nothing.
import { existsSync } from 'node:fs';
import type { RunSummary } from '../results/run-summary.js';
import { ALIASES } from '../map/aliases.js';
import { describeColumn, listHeaders } from '../map/columns.js';
import type { PartnerCenterApi } from '../partner-center/contract.js';
import { readResultsFile, writeResultsFile, type ResultRow, type ResultsFile } from '../record/results-file.js';
import { layoutOf, widerLayout } from '../results/layout.js';
import type { AttentionRow } from '../report/report.js';
import { customerNames, statusAttention, writeStatusFollowUps } from './follow-ups.js';
import { summaryFromRows, summaryWithDevices, type SummaryRow } from './summary.js';
import { chooseColumn, deviceOf, type StatusColumns, type StatusField } from '../map/device-columns.js';
import { customerKey } from '../validate/guid.js';
import { trackRowsWith } from '../track/track-rows.js';
import { exitCodeFor } from '../results/exit-codes.js';
import { countResults } from '../results/counts.js';
import { trackSettings, type TrackOptions, type TrackReport } from '../track/tracker.js';
import { plural } from '../text/plural.js';
import { StatusFileError } from './file-error.js';
import { checkOutputNames, checkOutputPlaces } from './outputs.js';
import { lockResults, tookOverLine, type RunLock } from '../setup/run-lock.js';

export type StatusApi = Pick<PartnerCenterApi, 'getBatchJobStatus'>;

export interface StatusOptions {
  file: string;
  /**
   * The client, or a way to make one once the file's recorded endpoint is known (`summary.endpoint`),
   * with the ticket the run is for (for the --log).
   */
  api: StatusApi | ((recordedEndpoint: string | undefined, ticket: string | undefined) => Promise<StatusApi>);
  /** `--map device=COLUMN` / `--map customer=COLUMN`: win over what the file records and the aliases. */
  columns?: StatusColumns;
  wait: boolean;
  waitTimeoutMs: number;
  concurrency?: number;
  sleep?: TrackOptions['sleep'];
  now?: () => number;
  /** First Ctrl-C: no new round. */
  signal?: AbortSignal;
  /** Abandons the requests in flight (a grace period after `signal`). Default: `signal`. */
  requestSignal?: AbortSignal;
  onProgress?: TrackOptions['onProgress'];
  /** `--report FILE.md`: the Markdown report, as apply writes it, from the rows as they now stand. */
  report?: string | undefined;
  /** `--failures FILE`: the rows to fix, as apply writes them. */
  failures?: string | undefined;
  /** `--log FILE`: written by the connection; checked here with the other outputs. */
  log?: string | undefined;
  /** `--ticket REF`: recorded in the file's summary; else the one it records is kept. */
  ticket?: string | undefined;
}

/** What `status` returns; `summary` is also what `--json` prints. */
export interface StatusResult {
  summary: RunSummary;
  /** As apply's for the same file (results/exit-codes.ts): 0 all done, 1 rows need the user, 3 devices pending. */
  exitCode: 0 | 1 | 3;
  report: TrackReport;
  /** Devices tracked (each once). */
  tracked: number;
  /** False when nothing was tracked: the file is left untouched. */
  written: boolean;
  /** The rows that need attention, for the closing lines. */
  attention: AttentionRow[];
  /** The report and failures files written, labelled. */
  files: Array<[string, string]>;
  /** With a failures file of some rows: the command that records them, once fixed, in the results file. */
  intoCommand?: string;
  /** What the user should know of how the run went beside the devices (a lock taken over). */
  notes?: string[];
}

export { StatusFileError, type StatusFileErrorCode } from './file-error.js';

export async function runStatus(options: StatusOptions): Promise<StatusResult> {
  checkOutputNames(options);
  // A file that is not there is said as the reader says it, not as a lock that cannot be made beside it.
  if (!existsSync(options.file)) await readResultsFile(options.file);
  // The file is rewritten in place: not while an apply (or another status) is writing it.
  const lock = await lockResults(options.file, { command: `status ${options.file}` });
  try {
    return await statusLocked(options, lock);
  } finally {
    await lock.release();
  }
}

async function statusLocked(options: StatusOptions, lock: RunLock): Promise<StatusResult> {
  const file = await readResultsFile(options.file);
  await checkOutputPlaces(options);
  // Rows that name a batch job but no resolved device are matched to the job's entries by their cell.
  const needsDevice = file.rows.some((r) => r.result.batchJobUri && !r.result.resolvedDeviceId);
  // Per-customer counts only matter when the summary has several customers (with one, every row is its).
  const needsCustomer = (file.summary?.perCustomer.length ?? 0) > 1;
  const deviceColumn = columnFor(file, 'device', options, needsDevice);
  const customerColumn = columnFor(file, 'customer', options, needsCustomer);

  const ticket = options.ticket ?? file.summary?.ticket;
  // Only the Summary this tool wrote names an endpoint (XLSX, JSON); a URI in a cell never picks the
  // host or port a token goes to (a CSV has no Summary: the configured endpoint or the default).
  const api = typeof options.api === 'function' ? await options.api(file.summary?.endpoint, ticket) : options.api;
  const settings = trackSettings({ ...options, api });
  const tracking = await trackRowsWith(
    file.rows.map((r, index) => ({ index, device: deviceOf(r.input, r.result, deviceColumn), result: r.result })),
    settings,
  );

  const rows: ResultRow[] = file.rows.map((r, i) => ({ input: r.input, result: tracking.results.get(i) ?? r.result }));
  const summaryRows: SummaryRow[] = rows.map((r) => ({
    customer: customerColumn === undefined ? undefined : customerKey(r.input[customerColumn] ?? ''),
    result: r.result,
  }));
  const checkedAt = new Date(settings.now()).toISOString();
  // The file's rows decide, as they do for apply: the same file gives the same code whichever ran last.
  const counts = countResults(rows.map((r) => ({ customer: '', result: r.result })), { requestsPerCustomer: new Map() });
  const exitCode = exitCodeFor(counts.byStatus, counts.devices?.pending ?? 0, file.summary?.dryRun ?? counts.byStatus.planned > 0);

  // A recorded summary describes the apply run and is kept so, its exit code brought up to date with the
  // rows; one made up from the rows (CSV) describes this status run.
  const names = customerNames(file.headers, file.rows, customerColumn);
  const base = { ...(file.summary ?? summaryFromRows(options.file, summaryRows, checkedAt, names)), exitCode, ...(ticket === undefined ? {} : { ticket }) };
  // A ticket given now is worth recording even when no device was asked about.
  const written = tracking.tracked > 0 || (ticket !== file.summary?.ticket && file.format !== 'csv');
  const summary = written ? summaryWithDevices(base, summaryRows, checkedAt) : base;
  const table = {
    headers: file.headers,
    rows,
    summary,
    layout: widerLayout(file.layout, layoutOf(rows.map((r) => r.result))),
    // A CSV that Excel re-saved with ';' stays that way, or it would open as one column for its owner.
    ...(file.csvDelimiter === undefined ? {} : { csvDelimiter: file.csvDelimiter }),
  };
  if (written) await writeResultsFile(options.file, table);
  const rowsNow = { file: options.file, table, summary, deviceColumn, customerColumn };
  // The report and the failures file are written even when there was nothing to track: they describe
  // the file as it stands (`status --report` after the fact).
  const followUps = await writeStatusFollowUps({ report: options.report, failures: options.failures }, rowsNow);
  return {
    summary, exitCode, report: tracking.report, tracked: tracking.tracked, written, attention: statusAttention(rowsNow), files: followUps.files,
    ...(followUps.intoCommand === undefined ? {} : { intoCommand: followUps.intoCommand }),
    ...(lock.tookOverFrom === undefined ? {} : { notes: [tookOverLine(lock)] }),
  };
}

const RECORDED_OPTION: Record<StatusField, string> = { device: 'deviceColumn', customer: 'customerColumn' };

/**
 * The column of `field`, or undefined when there is none to use. A `--map` column the file lacks is
 * always an error (the user asked for it); no column or several candidates are errors only when needed.
 */
function columnFor(file: ResultsFile, field: StatusField, options: StatusOptions, needed: boolean): number | undefined {
  const path = options.file;
  const choice = chooseColumn(file.headers, field, {
    mapped: options.columns?.[field],
    recorded: file.summary?.options[RECORDED_OPTION[field]],
  });
  switch (choice.kind) {
    case 'found':
      return choice.index;
    case 'unknown-map':
      throw new StatusFileError('unknown-column', path,
        `${path}: --map ${field}=${JSON.stringify(choice.wanted)}: no such column. Headers found: ${listHeaders(file.headers)}`);
    case 'ambiguous':
      if (!needed) return undefined;
      throw new StatusFileError('ambiguous-column', path,
        `${path}: cannot tell which column holds the ${field}: ${choice.candidates.map((i) => describeColumn(file.headers, i)).join(' and ')} ` +
          `could each be it; pass --map ${field}=COLUMN with the column apply used`);
    case 'none':
      if (!needed || field !== 'device') return undefined;
      throw new StatusFileError('no-device-column', path,
        `${path}: no device ID column to match the batch jobs' devices against; expected a header such as ` +
          `${ALIASES.device.map((a) => `"${a}"`).join(', ')} (or pass --map device=COLUMN), got ${listHeaders(file.headers)}`);
  }
}

/** The closing line on stderr: what the devices came to, or why there was nothing to ask. */
export function describeStatus(file: string, result: StatusResult): string {
  const d = result.summary.devices;
  if (result.tracked === 0 || d === undefined) return `Status of ${file}: no batch jobs to track (no row has a Batch Job URI)`;
  const { report } = result;
  return `Status of ${file}: ${plural(d.succeeded, 'device')} succeeded, ${d.failed} failed, ${d.pending} pending ` +
    `(${report.jobsDone}/${plural(report.jobsTotal, 'job')} done, ${plural(report.requests, 'request')})`;
}
