// The apply job: read → map → validate → plan → send → record, joined in order. Each stage lives in its
// own module; this file only sequences them and owns the run's lifetime (signals, journal, exit code).
import { randomUUID } from 'node:crypto';
import { basename, resolve } from 'node:path';
import { InputError } from '../read/errors.js';
import type { Plan, RowResult, RunSummary } from '../model.js';
import { planRows } from '../plan/plan.js';
import { sha256File } from '../record/hash.js';
import { journalKey, journalPathFor, openJournal, type Journal } from '../record/journal.js';
import { writeReport, renderReport } from '../record/report.js';
import { TOOL_NAME, VERSION } from '../version.js';
import { composeResults } from './outcomes.js';
import { scanInput, type InputScan } from './scan-input.js';
import { countResults, exitCodeFor } from './summary.js';
import { writeApplyResults } from './write-results.js';
import { sendPlan } from './send-plan.js';
import { connect, type Connection } from './connect.js';
import { trackAfterSend } from './track-after-send.js';
import type { ApplyOptions } from './options.js';
import { printPlan, printSummary } from './print.js';
import { sendingProgress } from '../cli/progress-views.js';
import { interruptions, type Interruptions } from './interrupt.js';
import type { TokenSource } from '../partner-center/contract.js';

export interface ApplyDeps {
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  /** A ready token source (the demo's); otherwise one is built from --auth. */
  tokens?: TokenSource;
  now(): Date;
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
  if (resolve(options.out) === resolve(options.file)) {
    throw new InputError('bad-option', options.file, `--out ${options.out} is the input file itself: choose another name (the input is never overwritten)`);
  }
  const startedAt = deps.now().toISOString();
  const correlationId = randomUUID();
  // Sign-in and endpoint problems are found before reading, so a run that cannot send says so at once.
  const connection: Connection | undefined = options.dryRun ? undefined : await connect(options, { correlationId, env: deps.env, stderr: deps.stderr, tokens: deps.tokens });
  // Installed before the journal opens, so that from the first request on Ctrl-C means "finish and write".
  const signals: Interruptions | undefined = options.dryRun ? undefined : interruptions(deps.stderr);
  try {
    // Read first: the reader has the clear messages for a missing or unreadable file.
    const scan = await scanInput(options);
    const inputSha256 = await sha256File(options.file);
    const journal = options.dryRun
      ? undefined
      : await openJournal(journalPathFor(options.out), { inputSha256, out: options.out, correlationId, startedAt }, { restart: options.restart });
    const kept = keptRows(scan, journal);
    const plan = planRows(
      scan.rows.map((r) => r.check),
      { chunkSize: options.chunkSize, kept: new Set(kept.keys()) },
    );
    const progress = sendingProgress(options.quiet, deps.stderr);
    if (journal?.discardedBecause) progress.note(`journal: ${journal.discardedBecause}`);
    const recovered = journal ? countRecovered(scan, journal) : 0;
    if (recovered > 0) progress.note(`resuming: ${recovered} rows were accepted by an earlier run of this input (from ${journalPathFor(options.out)}); they will not be sent again`);
    if (options.dryRun && !options.quiet) printPlan(deps.stderr, scan, plan);

    let sent = new Map<number, RowResult>();
    // A dry run counts the requests it would send; a real run, those it sent (splits included).
    let requestsPerCustomer = options.dryRun ? requestsByCustomer(plan) : new Map<string, number>();
    let stoppedBecause: string | undefined;
    let interrupted = false;
    let stats = { requests: 0, throttled: 0, retries: 0 };
    if (connection !== undefined && journal !== undefined && signals !== undefined && plan.chunks.length > 0) {
      const report = await sendPlan(plan, { options, connection, journal, signals, progress, now: deps.now });
      ({ sent, requestsPerCustomer, stoppedBecause, stats } = report);
      interrupted = signals.interrupted();
    }
    progress.stop();

    let results = composeResults({
      plan,
      dryRun: options.dryRun,
      kept,
      sent,
      notSentDetail: interrupted ? 'not sent: the run was interrupted' : `not sent: ${stoppedBecause ?? 'sending stopped'}`,
    });
    if (options.wait && connection !== undefined && signals !== undefined && !interrupted) {
      results = await trackAfterSend(results, scan, { options, connection, stderr: deps.stderr, signal: signals.stop });
      interrupted = signals.interrupted();
    }

    const summary = summarise({ options, scan, plan, results, requestsPerCustomer, stats, interrupted, stoppedBecause, recovered, inputSha256, correlationId, startedAt, finishedAt: deps.now() });
    const { exitCode } = summary;
    await writeApplyResults(options.out, scan, results, summary);
    if (options.report !== undefined) {
      const batchJobUris = [...new Set(results.flatMap((r) => (r.batchJobUri === undefined ? [] : [r.batchJobUri])))];
      await writeReport(options.report, renderReport({ summary, failures: failuresOf(scan, results), batchJobUris }));
    }
    if (journal !== undefined) {
      // Rows left not-sent by Ctrl-C or a refused sign-in: keep the journal so the same command resumes.
      const unfinished = summary.byStatus['not-sent'] > 0;
      await (unfinished ? journal.close() : journal.remove());
      if (unfinished && !options.quiet) {
        deps.stderr.write(`${summary.byStatus['not-sent']} rows were not sent; run the same command again to send them (accepted rows will not be sent twice).\n`);
      }
    }
    if (options.json) deps.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    printSummary(options.json ? deps.stderr : deps.stdout, summary, options.quiet && options.json);
    return { exitCode, summary };
  } finally {
    signals?.dispose();
    await connection?.close();
  }
}

/** Rows accepted before: recorded so in a results file given as input, or in the journal of a killed run. */
function keptRows(scan: InputScan, journal: Journal | undefined): Map<number, RowResult> {
  const kept = new Map<number, RowResult>();
  scan.rows.forEach((r, i) => {
    if (r.prior?.status === 'accepted') {
      kept.set(i, r.prior);
      return;
    }
    if (journal !== undefined && r.check.ok) {
      const recorded = journal.recovered.get(journalKey(r.check.customer, r.check.device, r.check.policy));
      if (recorded !== undefined) kept.set(i, recorded);
    }
  });
  return kept;
}

function countRecovered(scan: InputScan, journal: Journal): number {
  const seen = new Set<string>();
  for (const r of scan.rows) {
    if (!r.check.ok || r.prior?.status === 'accepted') continue;
    const key = journalKey(r.check.customer, r.check.device, r.check.policy);
    if (journal.recovered.has(key)) seen.add(key);
  }
  return seen.size;
}

function customerOf(scan: InputScan, plan: Plan, i: number): string {
  const o = plan.outcomes[i];
  if (o !== undefined && (o.status === 'planned' || o.status === 'kept')) return o.customer;
  const check = scan.rows[i]?.check;
  if (check?.ok) return check.customer;
  return scan.rows[i]?.customerText ?? '';
}

/** Rows the ticket must mention: not accepted, or accepted but the device did not (yet) take the policy. */
function failuresOf(scan: InputScan, results: RowResult[]) {
  return results.flatMap((result, i) => {
    const rowFailed = result.status === 'failed' || result.status === 'invalid' || result.status === 'not-sent';
    const deviceFailed = result.status !== 'duplicate' && (result.deviceStatus === 'failed' || result.deviceStatus === 'pending');
    if (!rowFailed && !deviceFailed) return [];
    const r = scan.rows[i];
    return [{ row: result.row, customer: r?.customerText ?? '', device: r?.deviceText ?? '', result }];
  });
}

function summaryOptions(options: ApplyOptions, scan: InputScan): Record<string, string | number | boolean> {
  const deviceColumn = scan.columns.device === undefined ? undefined : scan.info.headers[scan.columns.device];
  const o: Record<string, string | number | boolean | undefined> = {
    input: basename(options.file),
    sheet: scan.info.sheet,
    headerRow: scan.info.headerRow,
    deviceColumn,
    customer: options.customer,
    policy: options.policy,
    map: Object.entries(options.map).map(([k, v]) => `${k}=${v}`).join(', ') || undefined,
    chunkSize: options.chunkSize,
    concurrency: options.concurrency,
    perCustomer: options.perCustomer,
    maxRetries: options.maxRetries,
    timeoutSeconds: options.timeoutMs / 1000,
    auth: options.auth,
    wait: options.wait,
    restart: options.restart,
  };
  return Object.fromEntries(Object.entries(o).filter((e): e is [string, string | number | boolean] => e[1] !== undefined));
}

interface SummaryParts {
  options: ApplyOptions;
  scan: InputScan;
  plan: Plan;
  results: RowResult[];
  requestsPerCustomer: ReadonlyMap<string, number>;
  stats: { requests: number; throttled: number; retries: number };
  interrupted: boolean;
  stoppedBecause: string | undefined;
  recovered: number;
  inputSha256: string;
  correlationId: string;
  startedAt: string;
  finishedAt: Date;
}

function summarise(p: SummaryParts): RunSummary {
  const { options, scan, plan, results } = p;
  const counts = countResults(
    results.map((result, i) => ({ customer: customerOf(scan, plan, i), result })),
    p.requestsPerCustomer,
  );
  return {
    tool: TOOL_NAME,
    version: VERSION,
    command: 'apply',
    dryRun: options.dryRun,
    input: options.file,
    inputSha256: p.inputSha256,
    ...(scan.info.sheet === undefined ? {} : { sheet: scan.info.sheet }),
    output: options.out,
    rows: results.length,
    byStatus: counts.byStatus,
    customers: counts.perCustomer.filter((c) => c.rows > c.invalid).length,
    requests: options.dryRun ? plan.chunks.length : p.stats.requests,
    batchJobs: counts.batchJobs,
    throttled: p.stats.throttled,
    retries: p.stats.retries,
    recovered: p.recovered,
    correlationId: p.correlationId,
    endpoint: options.endpoint,
    startedAt: p.startedAt,
    finishedAt: p.finishedAt.toISOString(),
    exitCode: p.interrupted ? 130 : exitCodeFor(counts.byStatus, options.dryRun, counts.devices),
    options: summaryOptions(options, scan),
    perCustomer: counts.perCustomer,
    ...(counts.devices === undefined ? {} : { devices: counts.devices }),
    ...(p.stoppedBecause === undefined ? {} : { stoppedBecause: p.stoppedBecause }),
  };
}

function requestsByCustomer(plan: Plan): Map<string, number> {
  const counts = new Map<string, number>();
  for (const chunk of plan.chunks) counts.set(chunk.customer, (counts.get(chunk.customer) ?? 0) + 1);
  return counts;
}
