// The progress lines the tool shows: looking up (customers), sending (rows) and tracking (batch jobs).
import type { LookupProgress } from '../resolve/fetch-lists.js';
import type { SendProgress, Settlement } from '../send/outcomes.js';
import type { TrackProgress } from '../track/tracker.js';
import { plural } from '../text/plural.js';
import { createProgress, perSecond, type ProgressReporter } from './progress.js';

/**
 * The progress each stage of a run shows: the command line's bars and lines (CLI_VIEWS), or another view
 * of the same events (the web page sends them to the browser). A run takes its views from ApplyDeps.
 */
export interface ProgressViews {
  lookup(quiet: boolean, stream: NodeJS.WriteStream): ProgressReporter<LookupProgress>;
  sending(quiet: boolean, stream: NodeJS.WriteStream): SendingReporter;
  registering(quiet: boolean, stream: NodeJS.WriteStream): ProgressReporter<SendProgress>;
  tracking(quiet: boolean, stream: NodeJS.WriteStream): ProgressReporter<TrackProgress>;
}

export interface SendingReporter extends ProgressReporter<SendProgress> {
  /** Each request's answer, as its customer's devices accepted and failed: a view that counts per customer listens (the bar shows totals). */
  answered?(customer: string, settlement: Settlement, devices: number): void;
}

export function sendingProgress(quiet: boolean, stream: NodeJS.WriteStream): SendingReporter {
  return createProgress<SendProgress>({
    quiet,
    stream,
    label: 'sending',
    unit: 'rows',
    eta: true,
    describe: (p, ms) => ({
      done: p.rowsDone,
      total: p.rowsTotal,
      // Rows left behind when sending stopped count as done: the line says so, or "60/60" would read as sent.
      text: `${p.accepted} accepted | ${p.failed} failed${p.notSent > 0 ? ` | ${p.notSent} not sent` : ''} | ${perSecond(p.requests, ms)} req/s | ${p.throttled} throttled | limit ${p.concurrency} in flight`,
    }),
  });
}

/** `--register`'s uploads: devices, not rows, since a device named twice is uploaded once. */
export function registeringProgress(quiet: boolean, stream: NodeJS.WriteStream): ProgressReporter<SendProgress> {
  return createProgress<SendProgress>({
    quiet,
    stream,
    label: 'registering',
    unit: 'devices',
    eta: true,
    describe: (p, ms) => ({
      done: p.rowsDone,
      total: p.rowsTotal,
      text: `${p.accepted} uploaded | ${p.failed} refused | ${perSecond(p.requests, ms)} req/s | ${p.throttled} throttled`,
    }),
  });
}

export function trackingProgress(quiet: boolean, stream: NodeJS.WriteStream): ProgressReporter<TrackProgress> {
  return createProgress<TrackProgress>({
    quiet,
    stream,
    label: 'tracking',
    unit: 'batch jobs done',
    eta: false,
    describe: (p) => ({
      done: p.jobsDone,
      total: p.jobsTotal,
      text: `devices: ${p.succeeded} succeeded, ${p.failed} failed, ${p.pending} pending | round ${p.round}`,
    }),
  });
}

export function lookupProgress(quiet: boolean, stream: NodeJS.WriteStream): ProgressReporter<LookupProgress> {
  return createProgress<LookupProgress>({
    quiet,
    stream,
    label: 'looking up',
    unit: 'customers',
    eta: false,
    describe: (p) => ({
      done: p.customersDone,
      total: p.customersTotal,
      text: `${plural(p.batches, 'device batch', 'device batches')} | ${plural(p.devices, 'device')} listed`,
    }),
  });
}

export const CLI_VIEWS: ProgressViews = { lookup: lookupProgress, sending: sendingProgress, registering: registeringProgress, tracking: trackingProgress };
