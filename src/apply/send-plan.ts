// The send stage of apply: the scheduler, wired to the client's throttle signal, the journal and the
// progress bar. Every settled request reaches the journal before its rows count as done.
import { randomUUID } from 'node:crypto';
import type { Plan, RowResult } from '../model.js';
import { createAdaptiveLimit } from '../send/adaptive-limit.js';
import { sendChunks } from '../send/scheduler.js';
import type { Journal } from '../record/journal.js';
import type { ProgressReporter } from '../progress/progress.js';
import type { ItemOutcome, SendProgress, SendReport } from '../send/outcomes.js';
import type { ApplyOptions } from './options.js';
import type { Connection } from './connect.js';
import type { Interruptions } from '../interrupt.js';

export interface SendPlanDeps {
  options: ApplyOptions;
  connection: Connection;
  journal: Journal;
  signals: Interruptions;
  progress: ProgressReporter<SendProgress>;
  now(): Date;
}

export interface SendPlanReport {
  /** Results of the rows that were sent (accepted or failed) or that sending gave up on (not-sent). */
  sent: Map<number, RowResult>;
  requestsPerCustomer: Map<string, number>;
  stoppedBecause: string | undefined;
  stats: { requests: number; throttled: number; retries: number };
}

export async function sendPlan(plan: Plan, deps: SendPlanDeps): Promise<SendPlanReport> {
  const limit = createAdaptiveLimit({ max: deps.options.concurrency });
  deps.connection.onThrottle((retryAfterMs) => limit.throttled(retryAfterMs));
  const unwrap = deps.connection.wrapRetryWaits((wait) => limit.whileWaiting(wait));
  const rowNumber = new Map<number, number>();
  for (const chunk of plan.chunks) for (const item of chunk.items) rowNumber.set(item.index, item.rowNumber);

  let report: SendReport;
  try {
    report = await sendChunks(plan.chunks, {
      api: deps.connection.api,
      concurrency: limit,
      perCustomer: deps.options.perCustomer,
      newRequestId: randomUUID,
      now: deps.now,
      stop: deps.signals.stop,
      abort: deps.signals.abort,
      onSettled: (settled) =>
        deps.journal.append({
          kind: 'request',
          requestId: settled.requestId,
          customer: settled.customer,
          at: deps.now().toISOString(),
          rows: settled.items.map((item) => ({
            index: item.index,
            rowNumber: item.rowNumber,
            device: item.device,
            policy: item.policy,
            result: toRowResult(item.rowNumber, settled.outcome),
          })),
        }),
      onProgress: (p) => deps.progress.update(p),
    });
  } finally {
    unwrap();
  }
  const sent = new Map<number, RowResult>();
  for (const [index, outcome] of report.outcomes) sent.set(index, toRowResult(rowNumber.get(index) ?? 0, outcome));
  return {
    sent,
    requestsPerCustomer: report.requestsByCustomer,
    stoppedBecause: report.stoppedBecause,
    stats: { requests: report.requests, throttled: deps.connection.stats.throttled, retries: deps.connection.stats.retries },
  };
}

export function toRowResult(row: number, outcome: ItemOutcome): RowResult {
  switch (outcome.status) {
    case 'accepted':
      return {
        row,
        status: 'accepted',
        detail: `accepted (HTTP ${outcome.httpStatus}); batch job ${outcome.trackingId}`,
        batchJobUri: outcome.batchJobUri,
        trackingId: outcome.trackingId,
        httpStatus: outcome.httpStatus,
        requestId: outcome.requestId,
        sentAt: outcome.sentAt,
      };
    case 'failed':
      return {
        row,
        status: 'failed',
        detail: outcome.detail,
        ...(outcome.httpStatus === undefined ? {} : { httpStatus: outcome.httpStatus }),
        ...(outcome.errorCode === undefined ? {} : { errorCode: outcome.errorCode }),
        requestId: outcome.requestId,
        sentAt: outcome.sentAt,
      };
    case 'not-sent':
      return { row, status: 'not-sent', detail: outcome.detail };
  }
}
