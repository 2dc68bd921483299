// What an upload job's answer means for each device uploaded (SPEC §1: devicesStatus gives each device's
// outcome, errorCode/errorDescription, and perhaps its new deviceId). Entries are paired with devices by
// serial number or product key, else by position: only when the job lists exactly as many entries as
// were sent, and only when the entry names nothing that contradicts the device (a serial number or
// product key the device has otherwise: that entry is another device's). A device registered without
// an ID is found afterwards by listing its batch (find-registered.ts). Pure.
import type { JobRow, RowTracking } from '../track/device-outcome.js';
import { deviceStatusOf, isJobDone } from '../track/device-outcome.js';
import { describeDeviceError } from '../track/device-errors.js';
import type { OutcomeReader } from '../track/tracker.js';
import type { BatchJobStatus, DeviceStatusEntry } from '../partner-center/wire.js';
import type { UploadItem } from './plan-uploads.js';

export type UploadOutcome =
  | { kind: 'registered'; deviceId: string }
  /** Registered, the job says, but it names no device ID (the docs' example has none): found by listing. */
  | { kind: 'unnamed' }
  /** The service refused the device (808, 806, …): `detail` is its code, its words and ours. */
  | { kind: 'refused'; errorCode: string | undefined; detail: string }
  | { kind: 'pending' };

/** Each item's entry, each entry given to one item at most. */
export function matchUploadEntries(items: readonly UploadItem[], entries: readonly DeviceStatusEntry[]): Map<number, DeviceStatusEntry> {
  const matched = new Map<number, DeviceStatusEntry>();
  const used = new Set<DeviceStatusEntry>();
  const pairBy = (field: 'serialNumber' | 'productKey', fold: (s: string) => string): void => {
    const counts = new Map<string, DeviceStatusEntry[]>();
    for (const entry of entries) {
      const value = entry[field]?.trim();
      if (value) counts.set(fold(value), [...(counts.get(fold(value)) ?? []), entry]);
    }
    for (const item of items) {
      const value = item.device[field]?.trim();
      const found = value ? counts.get(fold(value)) : undefined;
      // Only a value one entry has can say which entry is this device's.
      if (matched.has(item.index) || found?.length !== 1 || used.has(found[0]!)) continue;
      matched.set(item.index, found[0]!);
      used.add(found[0]!);
    }
  };
  pairBy('serialNumber', (s) => s.toLowerCase());
  pairBy('productKey', (s) => s.toUpperCase());
  // The service answers in the order devices were sent; position is trusted only when the counts agree,
  // and never for an entry whose serial or product key is not this device's.
  if (entries.length === items.length) {
    items.forEach((item, i) => {
      const entry = entries[i];
      if (!matched.has(item.index) && entry !== undefined && !used.has(entry) && agrees(entry, item)) matched.set(item.index, entry);
    });
  }
  return matched;
}

export function uploadOutcome(entry: DeviceStatusEntry | undefined, jobDone: boolean): UploadOutcome {
  if (entry === undefined) {
    return jobDone ? { kind: 'refused', errorCode: undefined, detail: 'the finished upload job does not list this device' } : { kind: 'pending' };
  }
  switch (deviceStatusOf(entry)) {
    case 'failed':
      return { kind: 'refused', errorCode: codeOf(entry), detail: describeDeviceError(entry) };
    case 'pending':
      return { kind: 'pending' };
    case 'succeeded': {
      const id = entry.deviceId?.trim();
      return id ? { kind: 'registered', deviceId: id } : { kind: 'unnamed' };
    }
  }
}

/**
 * A reader for the tracker (which counts and backs off as for policy updates) that also keeps each
 * uploaded row's outcome, new device ID included.
 */
export function uploadReader(items: ReadonlyMap<number, UploadItem>): { read: OutcomeReader; outcomes: Map<number, UploadOutcome> } {
  const outcomes = new Map<number, UploadOutcome>();
  const read = (status: BatchJobStatus, rows: readonly JobRow[], checkedAt: string): Map<number, RowTracking> => {
    const uploaded = rows.flatMap((row) => items.get(row.index) ?? []);
    const matched = matchUploadEntries(uploaded, Array.isArray(status.devicesStatus) ? status.devicesStatus : []);
    const done = isJobDone(status.status);
    const out = new Map<number, RowTracking>();
    for (const item of uploaded) {
      const outcome = uploadOutcome(matched.get(item.index), done);
      outcomes.set(item.index, outcome);
      const deviceStatus = outcome.kind === 'registered' || outcome.kind === 'unnamed' ? 'succeeded' : outcome.kind === 'refused' ? 'failed' : 'pending';
      out.set(item.index, { jobStatus: status.status, deviceStatus, ...(outcome.kind === 'refused' ? { deviceError: outcome.detail } : {}), checkedAt });
    }
    return out;
  };
  return { read, outcomes };
}

/** No identifier both carry differs (a serial the service read from a hash the row lacked is no contradiction). */
function agrees(entry: DeviceStatusEntry, item: UploadItem): boolean {
  const differs = (a: string | null | undefined, b: string | undefined, fold: (s: string) => string): boolean =>
    Boolean(a?.trim()) && Boolean(b?.trim()) && fold(a?.trim() ?? '') !== fold(b?.trim() ?? '');
  return !differs(entry.serialNumber, item.device.serialNumber, (s) => s.toLowerCase()) && !differs(entry.productKey, item.device.productKey, (s) => s.toUpperCase());
}

function codeOf(entry: DeviceStatusEntry): string | undefined {
  const code = entry.errorCode;
  return code === null || code === undefined || String(code).trim() === '' ? undefined : String(code).trim();
}
