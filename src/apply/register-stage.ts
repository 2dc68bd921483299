// apply's registration step (SPEC §2 Registration, `--register`): between resolution and planning. The
// rows resolution did not find are registered (src/register), and each row registered gets its new
// device ID as if resolution had found it, so planning and sending assign its policy as for any row.
// Rows registration could not finish get their final word here; a dry run only says what it would do.
import type { DeviceIdentifiers, RowResult } from '../model.js';
import { AuthConfigError } from '../auth/errors.js';
import { NOTHING_REGISTERED, type RegisterStage } from './register-stage-result.js';
import type { Interruptions } from '../setup/interrupt.js';
import type { Journal } from '../journal/journal.js';
import { planUploads, type CustomerRegistration, type RegistrationCandidate } from '../register/plan-uploads.js';
import { registerDevices } from '../register/register-devices.js';
import { registrationOf } from '../register/registration.js';
import { deviceKey, resumeUploads } from '../journal/resume.js';
import type { ProgressViews } from '../progress/views.js';
import type { Connection } from '../setup/connect.js';
import type { LookUpReport } from './look-up.js';
import type { ApplyOptions } from './options.js';
import type { InputScan } from './scan-input.js';

export { NOTHING_REGISTERED, type RegisterStage } from './register-stage-result.js';

export interface RegisterStageDeps {
  options: Pick<ApplyOptions, 'register' | 'batch' | 'chunkSize' | 'concurrency' | 'perCustomer' | 'waitTimeoutMs' | 'quiet'>;
  /** All three undefined in a dry run: then nothing is uploaded. */
  connection: Connection | undefined;
  journal: Journal | undefined;
  signals: Interruptions | undefined;
  stderr: NodeJS.WriteStream;
  views: Pick<ProgressViews, 'registering' | 'tracking'>;
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

/** The rows resolution did not find and whose policy is known: uploading them lets this run assign it. */
function candidatesOf(lookup: LookUpReport): RegistrationCandidate[] {
  return lookup.resolution.notFound.flatMap((row) =>
    row.policyId === undefined ? [] : [{ index: row.index, rowNumber: row.rowNumber, customer: row.customer, ...row.find }],
  );
}

/** The batch as the customer's listing names it (matched without regard to case), if it has it. */
function existingBatchOf(lookup: LookUpReport): (customer: string, batch: string) => string | undefined {
  return (customer, batch) => lookup.lists.get(customer)?.devices?.batchNamed(batch);
}

/**
 * Creating a device batch is App+User only (SPEC §1). A run whose uploads would create one, signed in as
 * an application alone, stops here: after the listings that tell which batches exist, before any upload
 * or assignment is sent (exit 2), saying how to go on. A dry run says the same, as the run would.
 */
export function refuseAppOnlyCreation(lookup: LookUpReport, options: Pick<ApplyOptions, 'register' | 'batch' | 'chunkSize'>, connection: Connection | undefined): void {
  if (!options.register || connection === undefined || connection.signInKind !== 'app-only' || lookup.stop !== undefined) return;
  const plan = planUploads(candidatesOf(lookup), { chunkSize: options.chunkSize, batch: options.batch, existingBatch: existingBatchOf(lookup) });
  const created = [...new Set(plan.creates.map((u) => u.batch))];
  if (created.length === 0) return;
  const customers = new Set(plan.creates.map((u) => u.customer)).size;
  const names = created.slice(0, 5).map((b) => JSON.stringify(b)).join(', ') + (created.length > 5 ? ` and ${created.length - 5} more` : '');
  throw new AuthConfigError(
    'app-only-cannot-create-batch',
    `--register would create ${created.length === 1 ? 'the device batch' : 'the device batches'} ${names} (for ${customers === 1 ? 'one customer' : `${customers} customers`}), ` +
      `and Partner Center lets only a user sign-in (App+User) create a batch; ${connection.signInDescription} signs in as the application alone. ` +
      'Nothing was sent. Sign in as a user (--auth device-code, or --auth cli after az login), or name a batch the customer already has ' +
      '(--batch NAME, or the sheet\'s Group Tag / Batch column): adding to an existing batch works with an app-only sign-in.',
  );
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
  const candidates = candidatesOf(lookup);
  if (!options.register || lookup.stop !== undefined) return NOTHING_REGISTERED;
  const before = deps.journal === undefined ? new Map<number, string>() : registeredBefore(scan, identifiers, deps.journal);
  if (candidates.length === 0) return { ...NOTHING_REGISTERED, registered: before };
  const policyOf = new Map(lookup.resolution.notFound.map((row) => [row.index, row.policyId] as const));
  const customerOf = new Map(candidates.map((c) => [c.index, c.customer] as const));
  const existingBatch = existingBatchOf(lookup);
  const settings = { batch: options.batch, chunkSize: options.chunkSize, concurrency: options.concurrency, perCustomer: options.perCustomer, waitTimeoutMs: options.waitTimeoutMs };

  const { connection, journal, signals } = deps;
  if (connection === undefined || journal === undefined || signals === undefined) {
    const plan = planUploads(candidates, { chunkSize: settings.chunkSize, batch: settings.batch, existingBatch });
    const batchOf = new Map<number, { batch: string; op: 'create' | 'add' }>();
    for (const upload of [...plan.creates, ...plan.adds]) for (const item of upload.items) batchOf.set(item.index, { batch: upload.batch, op: upload.op });
    const newBatches = new Set(plan.perCustomer.filter((c) => c.newBatch).map((c) => `${c.customer}|${c.batch}`));
    const decided = new Map<number, RowResult>();
    for (const o of plan.outcomes) {
      if (o.kind === 'invalid') markUnregistrable(scan, o.index, o.detail);
      else {
        const into = batchOf.get(o.kind === 'same-device' ? o.sameAs : o.index);
        const batch = into?.batch ?? settings.batch;
        const created = newBatches.has(`${customerOf.get(o.index) ?? ''}|${batch}`) ? ' (a new batch)' : '';
        decided.set(o.index, { row: o.rowNumber, status: 'planned', detail: `would be registered into batch ${JSON.stringify(batch)}${created}, then assigned its policy` });
      }
    }
    return { ...NOTHING_REGISTERED, decided, perCustomer: plan.perCustomer, requestsByCustomer: requestsPerCustomer(plan.perCustomer) };
  }

  const lookupsBefore = connection.stats.lookups;
  const sending = deps.views.registering(options.quiet, deps.stderr);
  const tracking = deps.views.tracking(options.quiet, deps.stderr);
  let report;
  try {
    report = await registerDevices(candidates, settings, {
      connection,
      journal,
      stop: signals.stop,
      abort: signals.abort,
      now: deps.now,
      existingBatch,
      listedBefore: (customer, deviceId) => lookup.lists.get(customer)?.devices?.get(deviceId) !== undefined,
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
    lookups: connection.stats.lookups - lookupsBefore,
  };
}

/** A customer's upload requests, summed over its batches. */
function requestsPerCustomer(perCustomer: readonly CustomerRegistration[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of perCustomer) out.set(c.customer, (out.get(c.customer) ?? 0) + c.requests);
  return out;
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
