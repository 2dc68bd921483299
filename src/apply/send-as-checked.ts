// Lookups and sending together (issue 25): each customer's chunks go as soon as its own checks are done,
// through the run's one limit, while the other customers' lists are still being fetched — no barrier
// across customers. Its chunks are those planned from the sheet before any lookup; they stand when its
// checks change none of its rows (planning is per customer: duplicates and conflicts are within one).
// A customer whose checks change its rows (a policy it lacks, a device found by serial number, one that
// already carries its policy, lists that failed) waits for the plan made after every lookup, as every
// customer did before. Taken by a fresh run (no journal to resume: what it keeps depends on the
// resolved rows) without --register or --policy (their stages need every customer's lists at once).
import type { Plan } from '../model.js';
import { planRows } from '../plan/plan.js';
import type { SendChunk, SendProgress } from '../send/outcomes.js';
import { batchFeed } from '../send/batch-feed.js';
import type { ProgressViews, SendingReporter } from '../progress/views.js';
import { lookUp, stoppedBeforeSending, type LookUpDeps, type LookUpReport } from './look-up.js';
import { sendBatches, type SendPlanDeps, type SendPlanReport } from './send-plan.js';
import type { ApplyOptions } from './options.js';
import type { InputScan } from './scan-input.js';
import { requestsByCustomer } from './summary.js';

export interface SendAsCheckedDeps extends Pick<LookUpDeps, 'offlineBecause' | 'stderr' | 'prefetch'>, Omit<SendPlanDeps, 'options' | 'progress' | 'resend'> {
  views: Pick<ProgressViews, 'lookup' | 'sending'>;
  options: LookUpDeps['options'] & Pick<ApplyOptions, 'chunkSize'> & SendPlanDeps['options'];
  /** Rows kept from before (a results file given as input): never chunked again. */
  kept: ReadonlySet<number>;
}

export interface SentAsChecked {
  lookup: LookUpReport;
  /** The plan made after every lookup, as a run with the barrier would have made it. */
  plan: Plan;
  sending: SendPlanReport;
}

export async function lookUpAndSend(scan: Pick<InputScan, 'rows'>, keptBefore: ReadonlySet<number>, deps: SendAsCheckedDeps): Promise<SentAsChecked> {
  const { options } = deps;
  // Planned when the first customer's checks are done, its lookups on their way meanwhile.
  let early: { plan: Plan; chunksOf: Map<string, SendChunk[]> } | undefined;
  const planEarly = (): NonNullable<typeof early> => {
    const plan = planRows(scan.rows, { chunkSize: options.chunkSize, kept: deps.kept });
    const chunksOf = new Map<string, SendChunk[]>();
    for (const chunk of plan.chunks) {
      const own = chunksOf.get(chunk.customer);
      if (own === undefined) chunksOf.set(chunk.customer, [chunk]);
      else own.push(chunk);
    }
    return { plan, chunksOf };
  };
  const feed = batchFeed<SendChunk>();
  const released = new Set<string>();
  let held = false;
  const progress = sendingShownAfterLookups(deps);
  let sending: Promise<Omit<SendPlanReport, 'resent'>> | undefined;
  const startSending = (rowsTotal: number): Promise<Omit<SendPlanReport, 'resent'>> => {
    progress.begin();
    return sendBatches(feed, { ...deps, progress }, rowsTotal).finally(() => progress.stop());
  };
  const release = (customer: string): void => {
    early ??= planEarly();
    released.add(customer);
    const chunks = early.chunksOf.get(customer) ?? [];
    if (chunks.length === 0) return;
    sending ??= startSending(early.plan.byStatus.planned);
    feed.push(chunks);
  };
  let lookup: LookUpReport;
  try {
    lookup = await lookUp(scan.rows, keptBefore, {
      ...deps,
      signal: deps.signals.stop,
      onChecked: (customer, changesNothing) => {
        if (changesNothing) release(customer);
        else held = true;
      },
    });
  } catch (error) {
    feed.close();
    progress.lookupsDone();
    await sending?.catch(() => {});
    throw error;
  }
  progress.lookupsDone();
  // From here on every stage sees the resolved IDs, as in run.ts.
  for (const [i, check] of lookup.resolution.changed) scan.rows.set(i, check);
  // Checks that changed nothing leave the plan made before them as it was.
  const plan = early !== undefined && !held && lookup.stop === undefined && lookup.resolution.changed.size === 0
    ? early.plan
    : planRows(scan.rows, { chunkSize: options.chunkSize, kept: deps.kept, alreadyApplied: lookup.resolution.alreadyApplied });
  const waiting = plan.chunks.filter((chunk) => !released.has(chunk.customer));
  if (lookup.stop === undefined && waiting.length > 0) {
    sending ??= startSending(plan.byStatus.planned);
    feed.push(waiting);
  }
  feed.close();
  // Nothing sent: as run.ts reports a run that sends nothing.
  const sent = (await sending) ?? { sent: new Map(), requestsPerCustomer: requestsByCustomer(plan), stoppedBecause: undefined, unreachable: undefined, unsettled: 0, stats: { requests: 0, throttled: 0, retries: 0 } };
  if (lookup.stop === undefined) return { lookup, plan, sending: { ...sent, resent: 0 } };
  // The lookups met what stops the run: the chunks that had not gone are not sent, and say why.
  const left = stoppedBeforeSending({ chunks: waiting }, lookup.stop);
  for (const [index, result] of sent.sent) left.sent.set(index, result);
  return { lookup, plan, sending: { ...sent, ...left, resent: 0 } };
}

/**
 * One progress line at a time, as when sending waited for every lookup: the lookups' until they are all
 * in, then sending's, from where sending has got to by then. The sending view is made when sending starts
 * (its clock, for the pace it shows, starts then); what it is told meanwhile is kept: the last totals, and
 * each answer for a view that counts per customer.
 */
function sendingShownAfterLookups(deps: Pick<SendAsCheckedDeps, 'views' | 'options' | 'stderr'>): SendingReporter & { begin(): void; lookupsDone(): void } {
  let view: SendingReporter | undefined;
  let shown = false;
  let last: SendProgress | undefined;
  const answers: Array<Parameters<NonNullable<SendingReporter['answered']>>> = [];
  const made = (): SendingReporter => (view ??= deps.views.sending(deps.options.quiet, deps.stderr));
  return {
    update(p) {
      if (shown) made().update(p);
      else last = p;
    },
    answered(...answer) {
      if (shown) made().answered?.(...answer);
      else answers.push(answer);
    },
    note: (line) => made().note(line),
    stop: () => made().stop(),
    begin: () => void made(),
    lookupsDone() {
      shown = true;
      if (view === undefined) return;
      for (const answer of answers.splice(0)) view.answered?.(...answer);
      if (last !== undefined) view.update(last);
    },
  };
}
