// The send stage of apply: the scheduler, wired to the client's throttle signal, the journal and the
// progress bar. Each request's intent is on disk before it is sent and its answer is recorded after
// (SPEC §2 Safety of the work); requests an earlier run left unanswered go first, under their IDs.
import { randomUUID } from 'node:crypto';
import type { Plan, RowResult } from '../model.js';
import type { AdaptiveLimit } from '../send/adaptive-limit.js';
import { sendChunks } from '../send/scheduler.js';
import { acceptedRow, failedRow } from '../journal/format.js';
import { recordedAnswer } from '../journal/recorded-answer.js';
import type { Journal } from '../journal/journal.js';
import type { SendingReporter } from '../progress/views.js';
import type { ItemOutcome, SendChunk, SendReport } from '../send/outcomes.js';
import type { ApplyOptions } from './options.js';
import type { Connection } from '../setup/connect.js';
import type { Interruptions } from '../setup/interrupt.js';
import { withResends, type Resend } from '../journal/resume.js';

export interface SendPlanDeps {
  options: Pick<ApplyOptions, 'perCustomer'>;
  connection: Connection;
  /** The run's limit (run-limit.ts), wired to the client's throttle signal and retry waits. */
  limit: AdaptiveLimit;
  journal: Journal;
  signals: Interruptions;
  progress: SendingReporter;
  /** Requests of an earlier run to send again under their recorded MS-RequestIds (journal/resume.ts). */
  resend: readonly Resend[];
  now(): Date;
}

export interface SendPlanReport {
  /** Results of the rows that were sent (accepted or failed) or that sending gave up on (not-sent). */
  sent: Map<number, RowResult>;
  requestsPerCustomer: Map<string, number>;
  stoppedBecause: string | undefined;
  /** Set when the endpoint could not be reached at all (DNS, refused, TLS) before any answer: exit 2. */
  unreachable: string | undefined;
  /** Rows that failed without a final answer (timeouts, 5xx, the network): the next run re-sends them. */
  unsettled: number;
  /** Requests of an earlier run sent again under their recorded MS-RequestIds. */
  resent: number;
  stats: { requests: number; throttled: number; retries: number };
}

export async function sendPlan(plan: Plan, deps: SendPlanDeps): Promise<SendPlanReport> {
  const chunks = withResends(plan, deps.resend);
  const report = await sendBatches(chunks, deps);
  return { ...report, resent: chunks.filter((chunk) => chunk.requestId !== undefined).length };
}

/**
 * The chunks, all at once or in batches as they become ready (send-as-checked.ts); `rowsTotal`, with
 * batches, the rows expected in all.
 */
export async function sendBatches(
  chunks: readonly SendChunk[] | AsyncIterable<readonly SendChunk[]>,
  deps: Omit<SendPlanDeps, 'resend'>,
  rowsTotal?: number,
): Promise<Omit<SendPlanReport, 'resent'>> {
  // The row numbers of the rows sent, as their chunks pass, for their results.
  const rowNumber = new Map<number, number>();
  const noted = async function* (): AsyncGenerator<readonly SendChunk[]> {
    for await (const batch of Symbol.asyncIterator in chunks ? chunks : [chunks]) {
      for (const chunk of batch) for (const item of chunk.items) rowNumber.set(item.index, item.rowNumber);
      yield batch;
    }
  };
  let unsettled = 0;
  const report: SendReport = await sendChunks(noted(), {
    api: deps.connection.api,
    concurrency: deps.limit,
    ...(rowsTotal === undefined ? {} : { rowsTotal }),
    perCustomer: deps.options.perCustomer,
    newRequestId: randomUUID,
    now: deps.now,
    stop: deps.signals.stop,
    abort: deps.signals.abort,
    onIntent: (intent) =>
      deps.journal.record({
        kind: 'intent',
        requestId: intent.requestId,
        op: 'update',
        customer: intent.customer,
        at: deps.now().toISOString(),
        items: intent.items.map(({ index, rowNumber, device, policy }) => ({ index, rowNumber, device, policy })),
      }),
    onSettled: (settled) => {
      if (settled.settlement.kind === 'transient') unsettled += settled.items.length;
      deps.progress.answered?.(settled.customer, settled.settlement, settled.items.length);
      return deps.journal.record({ kind: 'answer', requestId: settled.requestId, at: deps.now().toISOString(), answer: recordedAnswer(settled.settlement) });
    },
    onProgress: (p) => deps.progress.update(p),
  });
  const sent = new Map<number, RowResult>();
  for (const [index, outcome] of report.outcomes) sent.set(index, toRowResult(rowNumber.get(index) ?? 0, outcome));
  return {
    sent,
    requestsPerCustomer: report.requestsByCustomer,
    stoppedBecause: report.stoppedBecause,
    unreachable: report.unreachable,
    unsettled,
    stats: { requests: report.requests, throttled: deps.connection.stats.throttled, retries: deps.connection.stats.retries },
  };
}

export function toRowResult(row: number, outcome: ItemOutcome): RowResult {
  switch (outcome.status) {
    case 'accepted':
      return acceptedRow(row, outcome.requestId, outcome.sentAt, outcome);
    case 'failed':
      return failedRow(row, outcome.requestId, outcome.sentAt, outcome);
    case 'not-sent':
      return { row, status: 'not-sent', detail: outcome.detail };
  }
}
