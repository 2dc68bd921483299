// The registration stage of `apply --register` (SPEC §2 Registration): rows resolution did not find are
// uploaded into the batch (what an earlier run of the same input left unfinished first: its unanswered
// uploads sent again under their MS-RequestIds, its accepted ones tracked), each upload job is tracked
// to the end, and every row ends with its device's new ID or a final word. Planning, resuming, sending
// and reading jobs each live in their own module; this one joins them.
import type { Connection } from '../setup/connect.js';
import type { Journal } from '../journal/journal.js';
import type { RegisterItem } from '../journal/format.js';
import type { RowResult } from '../model.js';
import { createAdaptiveLimit } from '../send/adaptive-limit.js';
import type { ItemOutcome, SendProgress } from '../send/outcomes.js';
import { trackJobs, type TrackProgress } from '../track/tracker.js';
import { planUploads, type RegistrationCandidate, type RegistrationOutcome, type UploadItem } from './plan-uploads.js';
import { registrationResults, type RowRegistration, type UploadedRow } from './registration-results.js';
import { deviceKey, resumeUploads, type EarlierUpload } from '../journal/resume.js';
import { sendUploads, type AcceptedUpload, type UploadRequest } from './send-uploads.js';
import { uploadReader } from './upload-outcomes.js';
import { findRegistered, type UnnamedDevice } from './find-registered.js';

export interface RegisterSettings {
  batch: string;
  chunkSize: number;
  concurrency: number;
  perCustomer: number;
  waitTimeoutMs: number;
}

export interface RegisterDeps {
  connection: Connection;
  journal: Journal;
  /** First Ctrl-C: start nothing new. Then, a grace period later: abandon what is in flight. */
  stop: AbortSignal;
  abort: AbortSignal;
  now(): Date;
  /** The name under which the customer's listing shows this batch (matched without regard to case), if it does. */
  existingBatch(customer: string, batch: string): string | undefined;
  /** Whether the customer's devices, listed before any upload, held this device. */
  listedBefore(customer: string, deviceId: string): boolean;
  onSendProgress(progress: SendProgress): void;
  onTrackProgress(progress: TrackProgress): void;
}

export interface RegisterReport {
  /** By row index: each row that was to be registered, unless it cannot be (`invalid`). */
  rows: Map<number, RowRegistration>;
  /** By row index: why the row cannot be registered. */
  invalid: Map<number, string>;
  requests: number;
  requestsByCustomer: Map<string, number>;
  /** Upload requests of an earlier run seen through (sent again, or their jobs tracked). */
  resumed: number;
  /** Rows whose upload got no final answer: the journal must be kept for the next run. */
  unsettled: number;
  stoppedBecause: string | undefined;
  /** Set when the endpoint never answered an upload (DNS, refused, TLS). */
  unreachable: string | undefined;
}

export async function registerDevices(candidates: readonly RegistrationCandidate[], settings: RegisterSettings, deps: RegisterDeps): Promise<RegisterReport> {
  const resumption = resumeUploads(deps.journal.earlier);
  const live = new Map<string, string>();
  for (const upload of resumption.uploads) for (const item of upload.items) live.set(deviceKey(upload.customer, item.key), upload.requestId);
  const plan = planUploads(candidates, {
    chunkSize: settings.chunkSize,
    batch: settings.batch,
    existingBatch: (customer, batch) => deps.existingBatch(customer, batch) ?? createdBefore(resumption.batches, customer, batch),
    uploadedBefore: (customer, key) => live.has(deviceKey(customer, key)) || resumption.refused.has(deviceKey(customer, key)),
  });
  const earlier = earlierRows(plan.outcomes, candidates);
  const uploaded = new Map<number, UploadedRow>();
  for (const upload of [...plan.creates, ...plan.adds]) for (const item of upload.items) uploaded.set(item.index, { rowNumber: item.rowNumber, batch: upload.batch, customer: upload.customer });

  // Uploads of an earlier run: accepted ones are tracked, the others sent again whole under their IDs.
  const synthetic = { next: -1 };
  const resends: UploadRequest[] = [];
  const tracked: AcceptedUpload[] = [];
  const sentBefore = new Map<number, ItemOutcome>();
  let resumed = 0;
  for (const upload of resumption.uploads) {
    const items = upload.items.map((item) => currentItem(upload, item, earlier, live, synthetic));
    // Its devices are all found by resolution now, or no longer in the sheet: nothing left to see through.
    if (items.every((item) => item.index < 0)) continue;
    resumed++;
    for (const item of items) if (item.index >= 0) uploaded.set(item.index, { rowNumber: item.rowNumber, batch: upload.batch, customer: upload.customer });
    if (upload.accepted === undefined) {
      resends.push({ id: `${upload.customer}#resend-upload-${resends.length + 1}`, customer: upload.customer, batch: upload.batch, op: upload.op, items, requestId: upload.requestId });
      continue;
    }
    const { batchJobUri, trackingId, httpStatus, at } = upload.accepted;
    tracked.push({ batchJobUri, trackingId, items });
    for (const item of items) sentBefore.set(item.index, { status: 'accepted', batchJobUri, trackingId, httpStatus, requestId: upload.requestId, sentAt: at });
  }

  const { connection } = deps;
  const limit = createAdaptiveLimit({ max: settings.concurrency });
  const unsubscribe = connection.onThrottle((retryAfterMs) => limit.throttled(retryAfterMs));
  const unwrap = connection.wrapRetryWaits((wait) => limit.whileWaiting(wait));
  const toRequest = (u: (typeof plan.creates)[number]): UploadRequest => ({ ...u, op: u.op === 'create' ? 'create-batch' : 'add-devices' });
  let sent;
  try {
    sent = await sendUploads([...resends, ...plan.creates.map(toRequest)], plan.adds.map(toRequest), {
      api: connection.api,
      limit,
      perCustomer: settings.perCustomer,
      journal: deps.journal,
      stop: deps.stop,
      abort: deps.abort,
      now: deps.now,
      onProgress: deps.onSendProgress,
    });
  } finally {
    unwrap();
    unsubscribe();
  }

  const jobs = [...tracked, ...sent.accepted];
  const itemsByIndex = new Map(jobs.flatMap((job) => job.items.map((item) => [item.index, item] as const)));
  const reader = uploadReader(itemsByIndex);

  let unfinishedBecause: string | undefined;
  if (jobs.length > 0) {
    try {
      const report = await trackJobs(
        jobs.map((job) => ({ batchJobUri: job.batchJobUri, rows: job.items.map((item) => ({ index: item.index, device: item.label })) })),
        { api: connection.api, wait: true, waitTimeoutMs: settings.waitTimeoutMs, signal: deps.stop, requestSignal: deps.abort, onProgress: deps.onTrackProgress },
        reader.read,
      );
      if (report.timedOut) unfinishedBecause = `still running after ${Math.round(settings.waitTimeoutMs / 1000)} s (--wait-timeout)`;
      else if (report.interrupted) unfinishedBecause = 'interrupted';
    } catch (error) {
      // The uploads stand (the journal has them); the next run tracks their jobs again.
      unfinishedBecause = `tracking stopped: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  // Devices the jobs called registered without an ID: found in their batch, listed once per batch.
  const unnamed = [...reader.outcomes].flatMap(([index, outcome]): UnnamedDevice[] => {
    const item = outcome.kind === 'unnamed' ? itemsByIndex.get(index) : undefined;
    const where = uploaded.get(index);
    return item === undefined || where === undefined ? [] : [{ customer: where.customer, batch: where.batch, item }];
  });
  if (unnamed.length > 0 && unfinishedBecause === undefined) {
    const found = await findRegistered(unnamed, { api: connection.api, listedBefore: deps.listedBefore, signal: deps.abort });
    for (const [index, outcome] of found) reader.outcomes.set(index, outcome);
  }

  const rows = registrationResults(plan.outcomes, uploaded, {
    sent: new Map([...sentBefore, ...sent.outcomes]),
    tracked: reader.outcomes,
    unfinishedBecause,
    settled: settledBefore(plan.outcomes, resumption.refused, candidates),
  });
  const invalid = new Map(plan.outcomes.flatMap((o) => (o.kind === 'invalid' ? [[o.index, o.detail] as const] : [])));
  return {
    rows,
    invalid,
    requests: sent.requests,
    requestsByCustomer: sent.requestsByCustomer,
    resumed,
    unsettled: sent.unsettled,
    stoppedBecause: sent.stoppedBecause,
    unreachable: sent.unreachable,
  };
}

/** A batch an earlier run of this input created (or may have), as it named it: matched without regard to case. */
function createdBefore(batches: ReadonlySet<string>, customer: string, batch: string): string | undefined {
  if (batches.has(deviceKey(customer, batch))) return batch;
  const wanted = deviceKey(customer, batch).toLowerCase();
  for (const key of batches) if (key.toLowerCase() === wanted) return key.slice(customer.length + 1);
  return undefined;
}

/** The rows an earlier run uploaded, by deviceKey(customer, key). */
function earlierRows(outcomes: readonly RegistrationOutcome[], candidates: readonly RegistrationCandidate[]): Map<string, { index: number; rowNumber: number }> {
  const customerOf = new Map(candidates.map((c) => [c.index, c.customer] as const));
  const out = new Map<string, { index: number; rowNumber: number }>();
  for (const o of outcomes) if (o.kind === 'earlier') out.set(deviceKey(customerOf.get(o.index) ?? '', o.key), { index: o.index, rowNumber: o.rowNumber });
  return out;
}

/**
 * A journaled item as an upload item of this run: the row that now stands for its device when this
 * upload is the one that decides it, else an index no row has (its outcome then concerns no row).
 */
function currentItem(
  upload: EarlierUpload,
  item: RegisterItem,
  earlier: ReadonlyMap<string, { index: number; rowNumber: number }>,
  live: ReadonlyMap<string, string>,
  synthetic: { next: number },
): UploadItem {
  const key = deviceKey(upload.customer, item.key);
  const row = live.get(key) === upload.requestId ? earlier.get(key) : undefined;
  const index = row?.index ?? synthetic.next--;
  return { index, rowNumber: row?.rowNumber ?? item.rowNumber, device: item.device, key: item.key, label: item.label };
}

/** Rows whose device an earlier run's upload refused for good: that answer, on this run's row. */
function settledBefore(outcomes: readonly RegistrationOutcome[], refused: ReadonlyMap<string, RowResult>, candidates: readonly RegistrationCandidate[]): Map<number, RowResult> {
  const customerOf = new Map(candidates.map((c) => [c.index, c.customer] as const));
  const out = new Map<number, RowResult>();
  for (const o of outcomes) {
    const result = o.kind === 'earlier' ? refused.get(deviceKey(customerOf.get(o.index) ?? '', o.key)) : undefined;
    if (result !== undefined) out.set(o.index, { ...result, row: o.rowNumber, detail: `not registered: ${result.detail}` });
  }
  return out;
}
