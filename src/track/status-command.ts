// `device-policy status RESULTS [--wait]`: read a results file, track its batch jobs, write the outcomes
// back into the same file. Flag parsing and the client are the CLI's; this is the job itself.
import { exitCodeFor } from '../apply/summary.js';
import type { RunSummary } from '../model.js';
import type { PartnerCenterApi } from '../partner-center/contract.js';
import { readResultsFile, writeResultsFile, type ResultRow } from '../record/results-file.js';
import { summaryFromRows, summaryWithDevices, type SummaryRow } from './device-summary.js';
import { CUSTOMER_ALIASES, DEVICE_ALIASES, customerKey, deviceOf, findColumn } from './result-columns.js';
import { trackRows, trackingExitCode } from './track-rows.js';
import type { TrackOptions, TrackReport } from './tracker.js';

export type StatusApi = Pick<PartnerCenterApi, 'getBatchJobStatus'>;

export interface StatusOptions {
  file: string;
  /** The client, or a way to make one once the file's recorded endpoint is known (`summary.endpoint`). */
  api: StatusApi | ((recordedEndpoint: string | undefined) => Promise<StatusApi>);
  wait: boolean;
  waitTimeoutMs: number;
  concurrency?: number;
  sleep?: TrackOptions['sleep'];
  now?: () => number;
  signal?: AbortSignal;
  onProgress?: TrackOptions['onProgress'];
}

/** What `status` returns; `summary` is also what `--json` prints. */
export interface StatusResult {
  summary: RunSummary;
  /** 0: every tracked device succeeded. 1: some failed or are pending, or there was nothing to track. */
  exitCode: 0 | 1;
  report: TrackReport;
  /** Devices tracked (each once). */
  tracked: number;
  /** False when nothing was tracked: the file is left untouched. */
  written: boolean;
}

export type StatusFileErrorCode = 'no-device-column';

/** The file cannot be tracked at all (the CLI exits 2). */
export class StatusFileError extends Error {
  override readonly name = 'StatusFileError';
  readonly code: StatusFileErrorCode;
  readonly file: string;
  constructor(code: StatusFileErrorCode, file: string, message: string) {
    super(message);
    this.code = code;
    this.file = file;
  }
}

export async function runStatus(options: StatusOptions): Promise<StatusResult> {
  const now = options.now ?? Date.now;
  const file = await readResultsFile(options.file);
  const deviceColumn = findColumn(file.headers, file.summary, 'deviceColumn', DEVICE_ALIASES);
  const customerColumn = findColumn(file.headers, file.summary, 'customerColumn', CUSTOMER_ALIASES);

  if (deviceColumn < 0 && file.rows.some((r) => r.result.batchJobUri && !r.result.resolvedDeviceId)) {
    throw new StatusFileError(
      'no-device-column',
      options.file,
      `${options.file}: no device ID column to match the batch jobs' devices against; expected a header such as ` +
        `"Device ID", "Device" or "Partner Center Device ID", got ${file.headers.map((h) => `"${h}"`).join(', ') || 'no headers'}`,
    );
  }

  const api = typeof options.api === 'function' ? await options.api(file.summary?.endpoint ?? originOfJobs(file.rows)) : options.api;
  const tracking = await trackRows(
    file.rows.map((r, index) => ({ index, device: deviceOf(r.input, r.result, deviceColumn), result: r.result })),
    {
      api,
      wait: options.wait,
      waitTimeoutMs: options.waitTimeoutMs,
      ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
      ...(options.sleep ? { sleep: options.sleep } : {}),
      now,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    },
  );

  const rows: ResultRow[] = file.rows.map((r, i) => ({ input: r.input, result: tracking.results.get(i) ?? r.result }));
  const summaryRows: SummaryRow[] = rows.map((r) => ({
    customer: customerColumn >= 0 ? customerKey(r.input[customerColumn]) : undefined,
    result: r.result,
  }));
  const checkedAt = new Date(now()).toISOString();
  const exitCode = trackingExitCode(tracking.tracked, tracking.devices);

  if (tracking.tracked === 0) {
    return { summary: file.summary ?? summaryFromRows(options.file, summaryRows, checkedAt), exitCode, report: tracking.report, tracked: 0, written: false };
  }

  const updated = summaryWithDevices(file.summary ?? summaryFromRows(options.file, summaryRows, checkedAt), summaryRows, checkedAt);
  // The file's own exit code follows apply's rule (rows and devices), now that device outcomes are known.
  const summary: RunSummary = { ...updated, exitCode: exitCodeFor(updated.byStatus, updated.dryRun, updated.devices) };
  await writeResultsFile(options.file, {
    headers: file.headers,
    rows,
    summary,
    resolvedColumns: file.resolvedColumns || rows.some((r) => r.result.resolvedDeviceId || r.result.resolvedPolicyId),
  });
  return { summary, exitCode, report: tracking.report, tracked: tracking.tracked, written: true };
}

/** Where the batch jobs live, for a results file without a summary (CSV). */
function originOfJobs(rows: readonly ResultRow[]): string | undefined {
  const uri = rows.find((r) => r.result.batchJobUri)?.result.batchJobUri;
  if (uri === undefined) return undefined;
  try {
    return new URL(uri).origin;
  } catch {
    return undefined;
  }
}
