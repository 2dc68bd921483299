// Sends a plan's chunks (SPEC §2 Sending): one PATCH per chunk, a per-customer limit and an adaptive
// overall limit, a 400 on several devices narrowed down until only the refused devices fail, and a
// refused sign-in or a stop signal ending the run with the rest `not-sent`. Each request is recorded
// (onIntent) before it is sent and its answer (onSettled) after: the journal's write-ahead. The rules of
// what to do with an error live in failure-rules.ts; this is the one loop that acts on them.
import pLimit, { type LimitFunction } from 'p-limit';
import type { ChunkItem } from '../model.js';
import type { UpdateResult } from '../partner-center/contract.js';
import { ABANDONED, decideOnFailure, type FailureDecision, INTERRUPTED, refusalNames, refusalNamesInData, type Refusal } from './failure-rules.js';
import { normaliseSendOptions, type SendOptions, type SendSettings } from './options.js';
import type { ItemOutcome, SendChunk, SendReport, Settlement } from './outcomes.js';

type Attempt =
  | { kind: 'halted'; detail: string }
  | { kind: 'answered'; result: UpdateResult; requestId: string; at: Date }
  | { kind: 'refused'; decision: FailureDecision; requestId: string; at: Date };
type Refused = Extract<Attempt, { kind: 'refused' }>;

/**
 * `chunks`: all of them, or batches as they become ready (each customer's once its checks are done);
 * with batches, `rowsTotal` is the rows expected in all, for the progress line.
 */
export async function sendChunks(chunks: readonly SendChunk[] | AsyncIterable<readonly SendChunk[]>, options: SendOptions & { rowsTotal?: number }): Promise<SendReport> {
  const settings = normaliseSendOptions(options);
  const batches = Symbol.asyncIterator in chunks ? chunks : [chunks];
  const run = new Run(settings, Array.isArray(chunks) ? rowsIn(chunks) : (options.rowsTotal ?? 0));
  const perCustomer = new Map<string, LimitFunction>();
  const sending: Array<Promise<void>> = [];
  // A send that fails while batches are still awaited must not go unhandled meanwhile.
  let failure: { error: unknown } | undefined;
  for await (const batch of batches) {
    run.expect(batch);
    for (const chunk of batch) {
      let limit = perCustomer.get(chunk.customer);
      if (limit === undefined) {
        limit = pLimit(settings.perCustomer);
        perCustomer.set(chunk.customer, limit);
      }
      // The customer's slot is taken first and the overall one only inside it, per request: a customer
      // at its cap then waits in its own queue without holding overall slots that other customers could
      // use. The two limiters are distinct, so nothing ever waits on a limiter it already holds.
      sending.push(limit(() => run.send(chunk)).catch((error: unknown) => void (failure ??= { error })));
    }
  }
  await Promise.all(sending);
  if (failure !== undefined) throw failure.error;
  return run.report();
}

const rowsIn = (chunks: readonly SendChunk[]): number => chunks.reduce((sum, chunk) => sum + chunk.items.length, 0);

class Run {
  private readonly outcomes = new Map<number, ItemOutcome>();
  private readonly requestsByCustomer = new Map<string, number>();
  private rowsTotal: number;
  private rowsGiven = 0;
  private readonly throttlesAtStart: number;
  private requests = 0;
  private accepted = 0;
  private failed = 0;
  private notSent = 0;
  private interrupted = false;
  private stoppedBecause: string | undefined;
  private unreachable: string | undefined;
  /** Requests the service answered (anything but a failure to reach it). */
  private answered = 0;

  constructor(
    private readonly s: SendSettings,
    rowsTotal: number,
  ) {
    this.rowsTotal = rowsTotal;
    this.throttlesAtStart = s.limit.throttles;
  }

  /** A batch to send: the total grows if the batches bring more rows than expected. */
  expect(batch: readonly SendChunk[]): void {
    this.rowsGiven += rowsIn(batch);
    this.rowsTotal = Math.max(this.rowsTotal, this.rowsGiven);
  }

  /** Sends one chunk, or one part of a split chunk. */
  async send(part: SendChunk): Promise<void> {
    return this.act(part, await this.attempt(part));
  }

  private async act(part: SendChunk, attempt: Attempt): Promise<void> {
    switch (attempt.kind) {
      case 'halted':
        return this.leave(part, attempt.detail);
      case 'answered':
        return this.settle(part, attempt.requestId, {
          kind: 'accepted',
          outcome: {
            status: 'accepted',
            batchJobUri: attempt.result.batchJobUri,
            trackingId: attempt.result.trackingId,
            httpStatus: attempt.result.status,
            requestId: attempt.requestId,
            sentAt: attempt.at.toISOString(),
          },
        });
      case 'refused':
        return this.refused(part, attempt);
    }
  }

  private async refused(part: SendChunk, attempt: Refused): Promise<void> {
    const { decision } = attempt;
    switch (decision.action) {
      case 'split':
        return this.split(part, attempt, decision.refusal);
      case 'fail':
        return this.settle(part, attempt.requestId, { kind: decision.definitive ? 'refused' : 'transient', outcome: failedOutcome(attempt, decision) });
      case 'stop':
        return this.leave(part, `not sent: ${this.stoppedBecause ?? decision.reason}`);
      case 'interrupted':
        // The request went out, so the service may have it: the journal's intent has no answer, and
        // the next run sends it again under the same MS-RequestId.
        this.interrupted = true;
        return this.leave(part, ABANDONED);
    }
  }

  /**
   * A 400 on several devices (SPEC §2: only the offending devices may fail). Devices the answer's `data`
   * names are the offenders: they fail with its words at once. A device named only as a word of the
   * free-text description is first sent alone, and fails only if refused again: device IDs can be
   * ordinary words, and a device must never fail for another's error. The rest is sent again at once.
   * When the answer names none, halving finds them: each half is sent and settled (journaled) before the
   * next request, so a kill loses at most what is in flight. No shortcut guesses that a refusal is the
   * whole part's. A refusal every device shares (a policy the customer lacks) costs one request per
   * device; checking policies before sending (SPEC §2 Resolution) is what avoids it.
   */
  private async split(part: SendChunk, attempt: Refused, refusal: Refusal): Promise<void> {
    const named = part.items.filter((item) => refusalNamesInData(refusal, item.device));
    const mentioned = part.items.filter((item) => !named.includes(item) && refusalNames(refusal, item.device));
    const outcome = failedOutcome(attempt, refusal);
    const parent = { id: part.id, customer: part.customer, items: part.items };
    // Recorded before the rest goes out, so a later run knows the refused devices and plans the rest anew.
    await this.settle(parent, attempt.requestId, { kind: 'split', named: named.map((item) => item.index), outcome });
    if (named.length > 0 || mentioned.length > 0) {
      for (const [n, item] of mentioned.entries()) await this.send({ id: `${part.id}.a${n + 1}`, customer: part.customer, items: [item] });
      const rest = part.items.filter((item) => !named.includes(item) && !mentioned.includes(item));
      if (rest.length > 0) await this.send({ id: `${part.id}.r`, customer: part.customer, items: rest });
      return;
    }
    const middle = Math.ceil(part.items.length / 2);
    await this.send({ id: `${part.id}.1`, customer: part.customer, items: part.items.slice(0, middle) });
    await this.send({ id: `${part.id}.2`, customer: part.customer, items: part.items.slice(middle) });
  }

  private async attempt(part: SendChunk): Promise<Attempt> {
    const early = this.halt();
    if (early !== undefined) return { kind: 'halted', detail: early };
    return this.s.limit.run(async (): Promise<Attempt> => {
      // Checked again: the stop may have come while this request waited for a slot.
      const late = this.halt();
      if (late !== undefined) return { kind: 'halted', detail: late };
      const requestId = part.requestId ?? this.s.newRequestId();
      // Write-ahead: the request exists on disk before the service can know of it, so a kill at any
      // moment leaves a record that a later run sends again under this same MS-RequestId.
      try {
        await this.s.onIntent({ chunkId: part.id, customer: part.customer, requestId, items: part.items });
      } catch (error) {
        this.stoppedBecause ??= `request ${requestId} could not be recorded before sending (${error instanceof Error ? error.message : String(error)})`;
        return { kind: 'halted', detail: `not sent: ${this.stoppedBecause}` };
      }
      // The stop may have come while the intent was written; an intent without an answer is harmless.
      const recorded = this.halt();
      if (recorded !== undefined) return { kind: 'halted', detail: recorded };
      this.s.limit.sending();
      this.requests++;
      this.requestsByCustomer.set(part.customer, (this.requestsByCustomer.get(part.customer) ?? 0) + 1);
      try {
        const result = await this.s.request(part, { requestId, signal: this.s.abort });
        // Inside the slot, so the limit knows whether this request was sent before or after its last cut.
        this.s.limit.succeeded();
        this.answered++;
        return { kind: 'answered', result, requestId, at: this.s.now() };
      } catch (error) {
        const decision = decideOnFailure(error, { devices: part.items.length, aborted: this.s.abort.aborted });
        if (decision.action === 'split' || decision.action === 'fail') this.answered++;
        // Decided before this slot is released, so the request queued behind it already sees the stop.
        if (decision.action === 'stop') {
          this.stoppedBecause ??= decision.reason;
          // The endpoint never answered this run at all: nothing could be done (exit 2).
          if (decision.unreachable === true && this.answered === 0) this.unreachable ??= decision.reason;
        }
        return { kind: 'refused', decision, requestId, at: this.s.now() };
      }
    }, { prepares: true });
  }

  /** Why no new request may start, as the Detail of the rows left behind; undefined while sending goes on. */
  private halt(): string | undefined {
    if (this.stoppedBecause !== undefined) return `not sent: ${this.stoppedBecause}`;
    if (this.s.stop.aborted || this.s.abort.aborted) {
      this.interrupted = true;
      return INTERRUPTED;
    }
    return undefined;
  }

  private async settle(part: SendChunk, requestId: string, settlement: Settlement): Promise<void> {
    try {
      await this.s.onSettled({ chunkId: part.id, customer: part.customer, requestId, items: part.items, settlement });
    } catch (error) {
      // The answer stands (the service has it). Without its record a later run would send the request
      // again (under the same MS-RequestId, so harmlessly), but a journal that cannot be written will
      // not hold the next intents either: stop.
      this.stoppedBecause ??= `the outcome of request ${requestId} could not be recorded (${error instanceof Error ? error.message : String(error)})`;
    }
    // After a split only the named devices are decided; the rest are sent again and settled then.
    const decided = settlement.kind === 'split' ? part.items.filter((item) => settlement.named.includes(item.index)) : part.items;
    if (settlement.kind === 'accepted') this.accepted += decided.length;
    else this.failed += decided.length;
    if (decided.length > 0) this.record(decided, settlement.outcome);
  }

  private leave(part: SendChunk, detail: string): void {
    this.notSent += part.items.length;
    this.record(part.items, { status: 'not-sent', detail });
  }

  private record(items: readonly ChunkItem[], outcome: ItemOutcome): void {
    for (const item of items) this.outcomes.set(item.index, outcome);
    this.s.onProgress({
      rowsTotal: this.rowsTotal,
      rowsDone: this.accepted + this.failed + this.notSent,
      accepted: this.accepted,
      failed: this.failed,
      notSent: this.notSent,
      requests: this.requests,
      throttled: this.s.limit.throttles - this.throttlesAtStart,
      concurrency: this.s.limit.current,
    });
  }

  report(): SendReport {
    return {
      outcomes: this.outcomes,
      requests: this.requests,
      requestsByCustomer: this.requestsByCustomer,
      throttled: this.s.limit.throttles - this.throttlesAtStart,
      interrupted: this.interrupted,
      ...(this.stoppedBecause === undefined ? {} : { stoppedBecause: this.stoppedBecause }),
      ...(this.unreachable === undefined ? {} : { unreachable: this.unreachable }),
    };
  }
}

/** The failed outcome a refusal or a final error gives the rows it decides. */
function failedOutcome(attempt: { requestId: string; at: Date }, failure: { httpStatus?: number; errorCode?: string; detail: string }): Extract<ItemOutcome, { status: 'failed' }> {
  const { httpStatus, errorCode, detail } = failure;
  return {
    status: 'failed',
    ...(httpStatus === undefined ? {} : { httpStatus }),
    ...(errorCode === undefined ? {} : { errorCode }),
    detail,
    requestId: attempt.requestId,
    sentAt: attempt.at.toISOString(),
  };
}
