// Tracking for rows as the results hold them: shared by `status` (rows read back from a file) and
// `apply --wait` (rows still in memory). Groups rows by batch job, polls, and merges the outcomes.
import type { DeviceStatus, RowResult } from '../model.js';
import type { RowTracking } from './device-outcome.js';
import { countDevices } from '../results/counts.js';
import { settleStatus } from './final-status.js';
import { trackJobsWith, trackSettings, type TrackedJob, type TrackOptions, type TrackReport, type TrackSettings } from './tracker.js';

export interface RowToTrack {
  /** The row's index among the data rows (its position in the results). */
  index: number;
  /** The device ID the row sent (resolved ID when it was resolved). */
  device: string;
  result: RowResult;
}

export interface TrackRowsReport {
  report: TrackReport;
  /** Every row given, by index: tracked rows with their outcome merged in, the others unchanged. */
  results: Map<number, RowResult>;
  /** Devices tracked, each counted once (duplicate rows repeat their first row's device). */
  tracked: number;
  devices: Record<DeviceStatus, number>;
}

/**
 * Which rows are polled, and which duplicates copy which polled row. A duplicate shares its first row's
 * batch job, so it takes the outcome of the row with the same job and device (exactly, else ignoring
 * case); one without such a row is polled itself. Looked up in maps built as rows are polled, not by
 * scanning the polled rows per duplicate: that was quadratic (40k duplicates took 12 s).
 */
function planTracking(rows: readonly RowToTrack[]): { polled: RowToTrack[]; copies: Map<number, number> } {
  const polled: RowToTrack[] = [];
  const copies = new Map<number, number>();
  // The first polled row per job and device wins, as a search in row order would find it.
  const exact = new Map<string, number>();
  const folded = new Map<string, number>();
  const key = (uri: string, device: string): string => `${uri}\0${device}`;
  const poll = (r: RowToTrack, uri: string): void => {
    polled.push(r);
    if (!exact.has(key(uri, r.device))) exact.set(key(uri, r.device), r.index);
    if (!folded.has(key(uri, r.device.toLowerCase()))) folded.set(key(uri, r.device.toLowerCase()), r.index);
  };
  const withJob = rows.filter((r) => r.result.batchJobUri);
  for (const r of withJob) if (r.result.status !== 'duplicate') poll(r, r.result.batchJobUri ?? '');
  for (const dup of withJob) {
    if (dup.result.status !== 'duplicate') continue;
    const uri = dup.result.batchJobUri ?? '';
    const first = exact.get(key(uri, dup.device)) ?? folded.get(key(uri, dup.device.toLowerCase()));
    if (first !== undefined) copies.set(dup.index, first);
    else poll(dup, uri);
  }
  return { polled, copies };
}

function groupByJob(rows: readonly RowToTrack[]): TrackedJob[] {
  const jobs = new Map<string, TrackedJob>();
  for (const r of rows) {
    const uri = r.result.batchJobUri ?? '';
    let job = jobs.get(uri);
    if (!job) jobs.set(uri, (job = { batchJobUri: uri, rows: [] }));
    job.rows.push({ index: r.index, device: r.device });
  }
  return [...jobs.values()];
}

/** A row's result with this run's tracking merged in, its Status following the device (final-status.ts). */
export function mergeTracking(result: RowResult, outcome: RowTracking | undefined): RowResult {
  if (outcome === undefined) return settleStatus({ ...result, deviceStatus: result.deviceStatus ?? 'pending' });
  // A transient failure to read the job does not erase an outcome an earlier check already recorded.
  const known = result.deviceStatus === 'succeeded' || result.deviceStatus === 'failed';
  if (outcome.jobStatus === 'error' && outcome.deviceStatus === 'pending' && known) return settleStatus({ ...result });
  const { deviceError: _previous, ...rest } = result;
  const merged: RowResult = { ...rest, jobStatus: outcome.jobStatus, deviceStatus: outcome.deviceStatus, checkedAt: outcome.checkedAt };
  if (outcome.deviceError) merged.deviceError = outcome.deviceError;
  return settleStatus(merged);
}

export async function trackRows(rows: readonly RowToTrack[], options: TrackOptions): Promise<TrackRowsReport> {
  return trackRowsWith(rows, trackSettings(options));
}

/** trackRows for callers that have already settled the options (runStatus, which also needs `now`). */
export async function trackRowsWith(rows: readonly RowToTrack[], settings: TrackSettings): Promise<TrackRowsReport> {
  const { polled, copies } = planTracking(rows);
  const report = await trackJobsWith(groupByJob(polled), settings);

  const results = new Map<number, RowResult>();
  const polledIndex = new Set(polled.map((r) => r.index));
  for (const r of rows) {
    const source = polledIndex.has(r.index) ? r.index : copies.get(r.index);
    results.set(r.index, source === undefined ? r.result : mergeTracking(r.result, report.results.get(source)));
  }

  const devices = countDevices(polled.map((r) => ({ status: results.get(r.index)?.deviceStatus }))).total;
  return { report, results, tracked: polled.length, devices };
}
