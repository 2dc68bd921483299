// The apply job: read → map → validate → plan → send → record, joined in order. Each stage lives in its
// own module; this file only sequences them and owns the run's lifetime (signals, journal, exit code).
// What only a run that sends needs (the journal, the scheduler, registration, tracking) is imported when
// it is needed: loading modules is a good part of a small dry run's time.
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { DeviceIdentifiers } from '../model.js';
import type { RunSummary } from '../results/run-summary.js';
import { planRows } from '../plan/plan.js';
import { sha256File } from '../record/hash.js';
import { openRowSpool, type RowSpool } from '../record/row-spool.js';
import { journalPathFor } from '../journal/format.js';
import type { TokenSource } from '../partner-center/contract.js';
import { CLI_VIEWS, type ProgressViews } from '../progress/views.js';
import { composeResults } from './outcomes.js';
import { keptRows, resumeFrom, resumingLines, settledBefore, unlessResent } from '../journal/resume.js';
import { scanInput } from './scan-input.js';
import { summarise, requestsByCustomer } from './summary.js';
import { writeEverything, type RunEnd } from './write-everything.js';
import { jsonSummary, type JsonSummary } from '../report/json-summary.js';
import { intoCommand, intoLine } from '../report/follow-ups.js';
import type { IntoTarget } from './into-target.js';
import { withCustomerNames } from '../report/customer-names.js';
import type { RowResults } from './row-results.js';
import type { SendPlanReport } from './send-plan.js';
import type { RunLimit } from './run-limit.js';
import type { Journal } from '../journal/journal.js';
import { openConnection } from './open-connection.js';
import { lookUp, markUnlooked, stoppedBeforeSending } from './look-up.js';
import { parsePolicyOption } from '../validate/policy-option.js';
import type { ApplyOptions } from './options.js';
import { printPlan, printRunLine } from './print.js';
import { printSummary } from '../report/closing.js';
import { APPLY_MESSAGES, interruptions, type Interruptions, type SignalHost } from '../setup/interrupt.js';
import { checkOutputs, checkOverwrite } from './preflight.js';
import { lockResults, tookOverLine } from '../setup/run-lock.js';
import { checkInputExists } from '../read/input-file.js';
import { unusedColumnsLines } from '../map/unused-columns.js';
import { checkPolicyOption, customersUsing } from './policy-option-check.js';
import { NOTHING_REGISTERED } from './register-stage-result.js';

export interface ApplyDeps {
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  /** A ready token source (the demo's); otherwise one is built from --auth. */
  tokens?: TokenSource;
  now(): Date;
  /** How progress is shown (the web page's views); default the command line's bar or lines. */
  views?: ProgressViews;
  /** Where Ctrl-C comes from (the web page's Stop); default the process's SIGINT and SIGTERM. */
  signals?: SignalHost;
}

export const defaultDeps = (): ApplyDeps => ({ env: process.env, stdout: process.stdout, stderr: process.stderr, now: () => new Date() });

export interface ApplyOutcome {
  exitCode: number;
  summary: RunSummary;
}

export async function runApply(options: ApplyOptions, deps: ApplyDeps = defaultDeps()): Promise<number> {
  return (await applyFile(options, deps)).exitCode;
}

export async function applyFile(options: ApplyOptions, deps: ApplyDeps): Promise<ApplyOutcome> {
  // The input first: a missing one is the problem to name, not the folder --out would go into beside it.
  await checkInputExists(options.file);
  await checkOutputs(options);
  // One run per results file: a second one would send every row again and write over the journal.
  const lock = await lockResults(options.out, { command: `apply ${options.file}`, now: deps.now });
  try {
    if (lock.tookOverFrom !== undefined) deps.stderr.write(`${tookOverLine(lock)}\n`);
    // --into writes into a finished results file on purpose: that is what it is for.
    if (options.into === undefined) await checkOverwrite(options);
    const target = options.into === undefined ? undefined : await (await import('./into-target.js')).openIntoTarget(options.file, options.into);
    return await applyLocked(options, deps, target);
  } finally {
    await lock.release();
  }
}

async function applyLocked(options: ApplyOptions, deps: ApplyDeps, target: IntoTarget | undefined): Promise<ApplyOutcome> {
  const startedAt = deps.now().toISOString();
  const correlationId = randomUUID();
  // A --policy that names nothing is a usage error for the run, found before anything else.
  const policyRef = parsePolicyOption(options.policy);
  // Sign-in and endpoint problems are found before reading, so a run that cannot send says so at once.
  const { connection, offlineBecause } = await openConnection(options, { correlationId, env: deps.env, stderr: deps.stderr, tokens: deps.tokens });
  // Installed before the journal opens, so that from the first request on Ctrl-C means "finish and write".
  const signals: Interruptions | undefined = options.dryRun ? undefined : interruptions(deps.stderr, APPLY_MESSAGES, deps.signals);
  const views = deps.views ?? CLI_VIEWS;
  let spool: RowSpool | undefined;
  let shared: RunLimit | undefined;
  try {
    // The input's cells for the results, kept beside them so that the input is parsed once.
    spool = await openRowSpool(options.out);
    shared = connection === undefined ? undefined : (await import('./run-limit.js')).runLimit(connection, options.concurrency);
    // Each customer's lists are asked for as soon as a row shows it needs them, while the rest is read.
    // Not with --into, which refuses some inputs only once they are read: nothing may have been asked then.
    const prefetch = connection === undefined || shared === undefined || options.offline || target !== undefined
      ? undefined
      : (await import('./prefetch.js')).startPrefetch(options, { api: connection.api, limit: shared.limit, perCustomer: options.perCustomer, signal: signals?.stop }, connection.stats.lookups);
    // Read first: the reader has the clear messages for a missing or unreadable file.
    const scan = await scanInput(options, spool, prefetch?.onRow);
    if (!options.quiet) deps.stderr.write(unusedColumnsLines(scan.unusedColumns));
    const inputSha256 = await sha256File(options.file);
    if (target !== undefined) {
      const into = await import('./into-target.js');
      into.checkFixRows(scan, target);
      if (!options.dryRun) await into.checkIntoJournal(options.file, target.path, inputSha256, options.restart);
    }
    noteResultsFile(deps.stderr, options, scan.resultsFile);
    const keptBefore = settledBefore(scan.rows);
    printRunLine(deps.stderr, scan, keptBefore, { dryRun: options.dryRun, endpoint: options.endpoint, lookups: connection !== undefined && !options.offline });
    const openRunJournal = async (): Promise<Journal> => {
      const opened = await (await import('../journal/journal.js')).openJournal(
        journalPathFor(options.out),
        { inputSha256, out: options.out, correlationId, startedAt, ...(options.ticket === undefined ? {} : { ticket: options.ticket }) },
        { restart: options.restart },
      );
      // Not progress: whether rows will be sent again is worth saying even with --quiet.
      if (opened.discardedBecause) deps.stderr.write(`journal: ${opened.discardedBecause}\n`);
      return opened;
    };
    // A fresh run without --register or --policy sends each customer's chunks once its own checks are
    // done (send-as-checked.ts); the others look everything up first.
    const early = !options.dryRun && !options.register && policyRef === undefined && shared !== undefined && signals !== undefined ? await openRunJournal() : undefined;
    const streamed = early !== undefined && early.earlier.length === 0 && connection !== undefined && shared !== undefined && signals !== undefined
      ? await (await import('./send-as-checked.js')).lookUpAndSend(scan, keptBefore, {
        options, connection, offlineBecause, stderr: deps.stderr, views, limit: shared.limit, journal: early, signals, now: deps.now, kept: new Set(keptRows(scan.rows, undefined).rows.keys()), prefetch,
      })
      : undefined;
    const lookup = streamed?.lookup ?? await lookUp(scan.rows, keptBefore, { options, connection, offlineBecause, stderr: deps.stderr, views, signal: signals?.stop, ...(shared === undefined ? {} : { limit: shared.limit }), prefetch });
    // --policy is one value for many rows: a customer without that profile is one error, before anything is sent.
    if (policyRef !== undefined && options.policy !== undefined && lookup.stop === undefined) {
      checkPolicyOption(options.policy, policyRef, customersUsing(scan.rows, policyRef), lookup.lists, scan.customerNames);
    }
    const registering = options.register ? await import('./register-stage.js') : undefined;
    // An app-only sign-in may not create a batch: found now, before anything is written or sent.
    registering?.refuseAppOnlyCreation(lookup, options, connection);
    const identifiers = registering?.identifiersOf(scan) ?? new Map<number, DeviceIdentifiers>();
    // From here on every stage (journal keys, planning, tracking, counts) sees the resolved IDs.
    for (const [i, check] of lookup.resolution.changed) scan.rows.set(i, check);
    const journal = early ?? (options.dryRun ? undefined : await openRunJournal());
    // Devices resolution did not find are registered first (--register): those registered get their new
    // ID here, so planning and sending assign their policy as for any other row.
    const registration = registering === undefined
      ? NOTHING_REGISTERED
      : await registering.registerStage(scan, lookup, identifiers, { options, connection, journal, signals, stderr: deps.stderr, views, now: deps.now });
    // What an earlier run of this input settled is kept; what it left unanswered goes again first.
    const resumption = journal === undefined ? undefined : resumeFrom(journal.earlier);
    const kept = keptRows(scan.rows, resumption);
    const alreadyApplied = unlessResent(resumption, lookup.resolution.alreadyApplied);
    const plan = streamed?.plan ?? planRows(scan.rows, { chunkSize: options.chunkSize, kept: new Set(kept.rows.keys()), alreadyApplied });
    const resuming = resumingLines(kept, resumption, plan, journalPathFor(options.out));
    if (resuming !== '') deps.stderr.write(resuming);
    if (options.dryRun && !options.quiet) printPlan(deps.stderr, scan, plan, registration.perCustomer, options.chunkSize);

    let sending: SendPlanReport = { sent: new Map(), requestsPerCustomer: requestsByCustomer(plan), stoppedBecause: undefined, unreachable: undefined, unsettled: 0, resent: 0, stats: { requests: 0, throttled: 0, retries: 0 } };
    if (streamed !== undefined) {
      sending = streamed.sending;
    } else if (lookup.stop !== undefined) {
      // The lookups met what would stop sending too (a refused sign-in, an endpoint that cannot be reached).
      sending = { ...sending, ...stoppedBeforeSending(plan, lookup.stop) };
    } else if (connection !== undefined && shared !== undefined && journal !== undefined && signals !== undefined && plan.chunks.length > 0) {
      const progress = views.sending(options.quiet, deps.stderr);
      const { sendPlan } = await import('./send-plan.js');
      sending = await sendPlan(plan, { options, connection, limit: shared.limit, journal, signals, progress, resend: resumption?.resend ?? [], now: deps.now });
      progress.stop();
    }
    let results = composeResults({
      plan, dryRun: options.dryRun, kept: kept.rows, sent: sending.sent, resolved: lookup.resolution.resolved,
      decided: registration.decided, registered: registration.registered, inputChecks: scan.rows.inputChecks,
      hashes: scan.hashes,
    });
    markUnlooked(results, lookup);
    let interrupted = signals?.interrupted() ?? false;
    if (options.wait && connection !== undefined && signals !== undefined && !interrupted) {
      const { trackAfterSend } = await import('./track-after-send.js');
      results = await trackAfterSend(results, scan, { options, connection, stderr: deps.stderr, views, signal: signals.stop, requestSignal: signals.abort });
      interrupted = signals.interrupted();
    }

    // The ticket reader knows the customers by the names the sheet gives them.
    if (scan.customerNames.size > 0) results = namedInDetail(results, scan.customerNames);
    const summary = summarise({
      options, scan, plan, results, sending, registration, interrupted, recovered: kept.recovered, lookups: lookup.lookups + registration.lookups,
      inputSha256, correlationId, startedAt, finishedAt: deps.now(),
    });
    // --into: this run's rows go into the results file they came from, which is written whole.
    const merged = target === undefined || options.dryRun
      ? undefined
      : await (await import('./merge-into.js')).mergeInto(target, { scan, results, run: summary, attempt: journal?.header.correlationId ?? correlationId });
    const outcome = await writeEverything({
      options, scan, plan, results, summary, merged, journal, unsettled: sending.unsettled + registration.unsettled, now: deps.now(), stderr: deps.stderr,
    });
    if (options.json) deps.stdout.write(`${JSON.stringify(jsonOf(outcome, options), null, 2)}\n`);
    const closing = options.json ? deps.stderr : deps.stdout;
    printSummary(closing, outcome.summary, options.quiet && options.json, { attention: outcome.attention, files: outcome.files });
    const into = outcome.followUps?.intoCommand;
    if (into !== undefined && !(options.quiet && options.json)) closing.write(intoLine(into));
    return { exitCode: outcome.summary.exitCode, summary: outcome.summary };
  } finally {
    signals?.dispose();
    shared?.dispose();
    await spool?.dispose();
    await connection?.close();
  }
}

function namedInDetail(results: RowResults, names: ReadonlyMap<string, string>): RowResults {
  return results.mapped((r) => {
    const detail = withCustomerNames(r.detail, names);
    return detail === r.detail ? r : { ...r, detail };
  });
}

/**
 * A failures file names the results file its rows came from: without --into, say how to record their
 * new outcome there; with --into naming another file, say that it is not the one recorded.
 */
function noteResultsFile(stderr: NodeJS.WritableStream, options: ApplyOptions, recorded: string | undefined): void {
  if (recorded === undefined || options.dryRun) return;
  if (options.into === undefined) {
    stderr.write(`${options.file} lists rows of ${recorded}: to record their new outcome there rather than in ${options.out}, run ${intoCommand(options.file, recorded)}\n`);
  } else if (resolve(options.into) !== resolve(recorded)) {
    stderr.write(`note: ${options.file} was written from ${recorded}; its rows go into ${options.into}, as --into says\n`);
  }
}

/** `--json`: the summary, the rows that need attention and the files, as schema/summary.schema.json says. */
function jsonOf(end: RunEnd, options: ApplyOptions): JsonSummary {
  const files = {
    results: end.summary.output,
    report: end.followUps?.report,
    failures: end.followUps?.failures?.path,
    log: options.log,
    journal: end.journal,
  };
  return jsonSummary(end.summary, { command: 'apply', exitCode: end.summary.exitCode, attention: end.rows, files, intoCommand: end.followUps?.intoCommand });
}
