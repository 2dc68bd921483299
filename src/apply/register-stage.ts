// apply's registration step (SPEC §2 Registration, `--register`): between resolution and planning. The
// rows resolution did not find are registered (src/register), and each row registered gets its new
// device ID as if resolution had found it, so planning and sending assign its policy as for any row.
// Rows registration could not finish get their final word here; a dry run only says what it would do.
import type { DeviceIdentifiers, RowResult } from '../model.js';
import { NOTHING_REGISTERED, type RegisterStage } from './register-stage-result.js';
import type { Interruptions } from '../interrupt.js';
import type { Journal } from '../record/journal.js';
import { planUploads, type CustomerRegistration, type RegistrationCandidate } from '../register/plan-uploads.js';
import { registerDevices } from '../register/register-devices.js';
import { registrationOf } from '../register/registration.js';
import { deviceKey, resumeUploads } from '../register/resume-uploads.js';
import { registeringProgress, trackingProgress } from '../progress/views.js';
import type { Connection } from './connect.js';
import type { LookUpReport } from './look-up.js';
import type { ApplyOptions } from './options.js';
import type { InputScan } from './scan-input.js';

export { NOTHING_REGISTERED, type RegisterStage } from './register-stage-result.js';

export interface RegisterStageDeps {
  options: ApplyOptions;
  /** All three undefined in a dry run: then nothing is uploaded. */
  connection: Connection | undefined;
  journal: Journal | undefined;
  signals: Interruptions | undefined;
  stderr: NodeJS.WriteStream;
  now(): Date;
}

/** What each row names its device by, when it has no device ID (taken before resolution replaces the checks). */
export function identifiersOf(scan: InputScan): Map<number, DeviceIdentifiers> {
  const out = new Map<number, DeviceIdentifiers>();
  for (const check of scan.rows) {
    const device = check.ok ? undefined : check.lookup?.device;
    if (device !== undefined && 'find' in device) out.set(check.index, device.find);
  }
  return out;
}

/**
 * Updates the checks of `scan.rows` (and the resolved IDs) of the rows it registers or finds unregistrable.
 * `identifiers`: identifiersOf(scan) before resolution, to recognise devices an earlier, interrupted run
 * of this command registered (resolution finds them now; they are still this command's registrations).
 */
export async function registerStage(scan: InputScan, lookup: LookUpReport, identifiers: ReadonlyMap<number, DeviceIdentifiers>, deps: RegisterStageDeps): Promise<RegisterStage> {
  const { options } = deps;
  // A row whose policy is not known either stays invalid for that: uploading its device would not let
  // this run assign it anything.
  const candidates: RegistrationCandidate[] = lookup.resolution.notFound.flatMap((row) =>
    row.policyId === undefined ? [] : [{ index: row.index, rowNumber: row.rowNumber, customer: row.customer, ...row.find }],
  );
  if (!options.register || lookup.stop !== undefined) return NOTHING_REGISTERED;
  const before = deps.journal === undefined ? new Map<number, string>() : registeredBefore(scan, identifiers, deps.journal);
  if (candidates.length === 0) return { ...NOTHING_REGISTERED, registered: before };
  const policyOf = new Map(lookup.resolution.notFound.map((row) => [row.index, row.policyId] as const));
  const customerOf = new Map(candidates.map((c) => [c.index, c.customer] as const));
  const hasBatch = (customer: string): boolean => lookup.lists.get(customer)?.devices?.hasBatch(options.batch) ?? false;
  const settings = { batch: options.batch, chunkSize: options.chunkSize, concurrency: options.concurrency, perCustomer: options.perCustomer, waitTimeoutMs: options.waitTimeoutMs };

  const { connection, journal, signals } = deps;
  if (connection === undefined || journal === undefined || signals === undefined) {
    const plan = planUploads(candidates, { chunkSize: settings.chunkSize, batch: settings.batch, hasBatch });
    const newBatch = new Map(plan.perCustomer.map((c) => [c.customer, c.newBatch] as const));
    const decided = new Map<number, RowResult>();
    for (const o of plan.outcomes) {
      if (o.kind === 'invalid') markUnregistrable(scan, o.index, o.detail);
      else {
        const created = newBatch.get(customerOf.get(o.index) ?? '') === true ? ' (a new batch)' : '';
        decided.set(o.index, { row: o.rowNumber, status: 'planned', detail: `would be registered into batch ${JSON.stringify(settings.batch)}${created}, then assigned its policy` });
      }
    }
    return { ...NOTHING_REGISTERED, decided, perCustomer: plan.perCustomer, requestsByCustomer: new Map(plan.perCustomer.map((c) => [c.customer, c.requests])) };
  }

  const sending = registeringProgress(options.quiet, deps.stderr);
  const tracking = trackingProgress(options.quiet, deps.stderr);
  let report;
  try {
    report = await registerDevices(candidates, settings, {
      connection,
      journal,
      stop: signals.stop,
      abort: signals.abort,
      now: deps.now,
      hasBatch,
      onSendProgress: (p) => sending.update(p),
      onTrackProgress: (p) => tracking.update(p),
    });
  } finally {
    sending.stop();
    tracking.stop();
  }
  if (report.resumed > 0) deps.stderr.write(`resuming: ${report.resumed} device uploads of an earlier run are seen through (sent again under their MS-RequestIds, or their jobs tracked); no device is uploaded twice\n`);

  const registered = before;
  const decided = new Map<number, RowResult>();
  for (const [index, detail] of report.invalid) markUnregistrable(scan, index, detail);
  for (const [index, verdict] of report.rows) {
    if (verdict.kind === 'stopped') {
      decided.set(index, verdict.result);
      continue;
    }
    const policy = policyOf.get(index);
    const customer = customerOf.get(index);
    if (index >= scan.rows.length || policy === undefined || customer === undefined) continue;
    scan.rows.set(index, { ok: true, index, rowNumber: scan.rows.rowNumber(index), customer, device: verdict.deviceId, policy });
    lookup.resolution.resolved.set(index, { ...lookup.resolution.resolved.get(index), deviceId: verdict.deviceId });
    registered.set(index, verdict.batch);
  }
  return {
    registered,
    decided,
    perCustomer: [],
    requestsByCustomer: report.requestsByCustomer,
    unsettled: report.unsettled,
    stoppedBecause: report.stoppedBecause,
    unreachable: report.unreachable,
  };
}

/** Rows resolution found whose device an earlier run of this command uploaded (the journal says): the batch. */
function registeredBefore(scan: InputScan, identifiers: ReadonlyMap<number, DeviceIdentifiers>, journal: Journal): Map<number, string> {
  const batchOf = new Map<string, string>();
  for (const upload of resumeUploads(journal.earlier).uploads) {
    // Answered or not: a device that an earlier upload carried and that is listed now was registered by it.
    for (const item of upload.items) batchOf.set(deviceKey(upload.customer, item.key), upload.batch);
  }
  const out = new Map<number, string>();
  if (batchOf.size === 0) return out;
  for (const [index, find] of identifiers) {
    const check = scan.rows.at(index);
    const registration = registrationOf(find);
    const batch = check?.ok === true && registration.ok ? batchOf.get(deviceKey(check.customer, registration.key)) : undefined;
    if (batch !== undefined) out.set(index, batch);
  }
  return out;
}

/** The row stays invalid; its Detail says both that it was not found and why it cannot be registered. */
function markUnregistrable(scan: InputScan, index: number, detail: string): void {
  const check = scan.rows.at(index);
  if (check === undefined || check.ok) return;
  scan.rows.set(index, { ok: false, index, rowNumber: check.rowNumber, detail: `${check.detail}; ${detail}` });
}
