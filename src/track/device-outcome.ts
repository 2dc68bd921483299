// What one batch-job answer means for each row that was sent in it (pure).
import type { DeviceStatus, RowResult } from '../model.js';
import type { BatchJobStatus, DeviceStatusEntry } from '../partner-center/wire.js';
import { describeDeviceError } from './device-errors.js';

/** The result columns that tracking fills. */
export type RowTracking = Pick<RowResult, 'jobStatus' | 'deviceStatus' | 'deviceError' | 'checkedAt'>;

/** A row of a batch job: its index among the data rows and the device ID it sent. */
export interface JobRow {
  index: number;
  device: string;
}

// Status words compared without case, spaces, `-` or `_`, since the service's spelling varies by field.
function squash(s: string | null | undefined): string {
  return (s ?? '').toLowerCase().replace(/[^a-z]/g, '');
}

const DONE_JOB = new Set(['finished', 'finishedwitherrors']);
const DEVICE_OK = new Set(['finished', 'success', 'succeeded', 'completed', 'complete']);
const DEVICE_FAILED = new Set(['finishedwitherrors', 'failed', 'failure', 'error']);

/** Only `finished` and `finished_with_errors` are final; `unknown`, `queued`, `processing`… are not. */
export function isJobDone(status: string): boolean {
  return DONE_JOB.has(squash(status));
}

function hasErrorCode(entry: DeviceStatusEntry): boolean {
  const c = entry.errorCode;
  // 0 is how some services say "no error"; a real failure carries a non-zero code or a name.
  return c !== null && c !== undefined && String(c).trim() !== '' && String(c).trim() !== '0';
}

export function deviceStatusOf(entry: DeviceStatusEntry): DeviceStatus {
  const s = squash(entry.status);
  if (hasErrorCode(entry) || DEVICE_FAILED.has(s)) return 'failed';
  return DEVICE_OK.has(s) ? 'succeeded' : 'pending';
}

/**
 * Pairs each distinct device with its entry: by exact ID, then ignoring case, then — for entries the
 * service left without an ID — by position, which is only safe when the list has one entry per device sent.
 */
function matchEntries(devices: readonly string[], entries: readonly DeviceStatusEntry[]): Map<string, DeviceStatusEntry> {
  const exact = new Map<string, DeviceStatusEntry>();
  const folded = new Map<string, DeviceStatusEntry>();
  for (const e of entries) {
    const id = e.deviceId?.trim();
    if (!id) continue;
    if (!exact.has(id)) exact.set(id, e);
    if (!folded.has(id.toLowerCase())) folded.set(id.toLowerCase(), e);
  }
  const byPosition = entries.length === devices.length;
  const matched = new Map<string, DeviceStatusEntry>();
  devices.forEach((device, i) => {
    const positional = entries[i];
    const entry =
      exact.get(device) ??
      folded.get(device.toLowerCase()) ??
      (byPosition && positional !== undefined && !positional.deviceId?.trim() ? positional : undefined);
    if (entry) matched.set(device, entry);
  });
  return matched;
}

/** One outcome per row of the job. A `finished` job can still hold failed devices: every entry is read. */
export function deviceOutcomes(job: BatchJobStatus, rows: readonly JobRow[], checkedAt: string): Map<number, RowTracking> {
  // Rows that repeat a device (duplicates) share its entry and must not shift the positional pairing.
  const devices = [...new Set(rows.map((r) => r.device))];
  const matched = matchEntries(devices, Array.isArray(job.devicesStatus) ? job.devicesStatus : []);
  const done = isJobDone(job.status);
  const out = new Map<number, RowTracking>();
  for (const row of rows) {
    const entry = matched.get(row.device);
    const outcome: RowTracking = { jobStatus: job.status, deviceStatus: 'pending', checkedAt };
    if (entry) {
      outcome.deviceStatus = deviceStatusOf(entry);
      if (outcome.deviceStatus === 'failed') outcome.deviceError = describeDeviceError(entry);
    } else if (done) {
      outcome.deviceError = `the finished job does not list device ${row.device || '(no device ID)'}`;
    }
    out.set(row.index, outcome);
  }
  return out;
}
