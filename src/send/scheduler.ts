// Sends a plan's chunks (SPEC §2 Sending): one PATCH per chunk, a per-customer limit and an adaptive
// overall limit, a 400 on several devices halved until the refused devices stand alone (or until the
// refusal is seen to be the whole chunk's), and a refused sign-in or a stop signal ending the run with
// the rest `not-sent`. The rules of what to do with an error live in failure-rules.ts; this is the one
// loop that acts on them.
import pLimit, { type LimitFunction } from 'p-limit';
import type { Chunk } from '../model.js';
import type { UpdateResult } from '../partner-center/contract.js';
import { decideOnFailure, type FailureDecision, INTERRUPTED, type Refusal, refusalOf, refusedAlike } from './failure-rules.js';
import { normaliseSendOptions, type SendOptions, type SendSettings } from './options.js';
import type { ChunkSettled, ItemOutcome, SendReport } from './outcomes.js';

type Attempt =
  | { kind: 'halted'; detail: string }
  | { kind: 'answered'; result: UpdateResult; requestId: string; at: Date }
  | { kind: 'refused'; decision: FailureDecision; requestId: string; at: Date };
type Refused = Extract<Attempt, { kind: 'refused' }>;

/** The attempt with the 400 it ended in, if it ended in one. */
function refusalIn(attempt: Attempt): { requestId: string; at: Date; refusal: Refusal } | undefined {
  if (attempt.kind !== 'refused') return undefined;
  const refusal = refusalOf(attempt.decision);
  return refusal === undefined ? undefined : { requestId: attempt.requestId, at: attempt.at, refusal };
}

export async function sendChunks(chunks: readonly Chunk[], options: SendOptions): Promise<SendReport> {
  const settings = normaliseSendOptions(options);
  const run = new Run(settings, chunks);
  const perCustomer = new Map<string, LimitFunction>();
  // The customer's slot is taken first and the overall one only inside it, per request: a customer at
  // its cap then waits in its own queue without holding overall slots that other customers could use.
  // The two limiters are distinct, so nothing ever waits on a limiter it already holds.
  await Promise.all(
    chunks.map((chunk) => {
      let limit = perCustomer.get(chunk.customer);
      if (limit === undefined) {
        limit = pLimit(settings.perCustomer);
        perCustomer.set(chunk.customer, limit);
      }
      return limit(() => run.send(chunk));
    }),
  );
  return run.report();
}

class Run {
  private readonly outcomes = new Map<number, ItemOutcome>();
  private readonly requestsByCustomer = new Map<string, number>();
  private readonly rowsTotal: number;
  private readonly throttlesAtStart: number;
  private requests = 0;
  private accepted = 0;
  private failed = 0;
  private notSent = 0;
  private interrupted = false;
  private stoppedBecause: string | undefined;

  constructor(
    private readonly s: SendSettings,
    chunks: readonly Chunk[],
  ) {
    this.rowsTotal = chunks.reduce((sum, chunk) => sum + chunk.items.length, 0);
    this.throttlesAtStart = s.limit.throttles;
  }

  /** Sends one chunk, or one part of a split chunk. */
  async send(part: Chunk): Promise<void> {
    return this.act(part, await this.attempt(part));
  }

  private async act(part: Chunk, attempt: Attempt): Promise<void> {
    switch (attempt.kind) {
      case 'halted':
        return this.leave(part, attempt.detail);
      case 'answered':
        return this.settle(part, attempt.requestId, {
          status: 'accepted',
          batchJobUri: attempt.result.batchJobUri,
          trackingId: attempt.result.trackingId,
          httpStatus: attempt.result.status,
          requestId: attempt.requestId,
          sentAt: attempt.at.toISOString(),
        });
      case 'refused':
        return this.refused(part, attempt);
    }
  }

  private async refused(part: Chunk, attempt: Refused): Promise<void> {
    const { decision } = attempt;
    switch (decision.action) {
      case 'split':
        await this.split(part, false);
        return;
      case 'fail':
        return this.fail(part, attempt, decision);
      case 'stop':
        return this.leave(part, `not sent: ${this.stoppedBecause ?? decision.reason}`);
      case 'interrupted':
        this.interrupted = true;
        return this.leave(part, INTERRUPTED);
    }
  }

  /**
   * Sends both halves of a part refused with a 400, in turn within the part's customer slot. Halving
   * isolates the refused devices, but a refusal of what every device shares (a policy the customer
   * lacks) would be chased down to each single device: 2n − 1 requests that all fail alike. So when
   * both halves are refused alike (refusedAlike), the first half is split once more to look
   * (`confirming`); if its halves are refused alike too, the refusal is the whole part's and every
   * half fails with its own answer. One level alike is not enough: two refused devices that fall one
   * in each half look just the same, and must not take the good devices down with them.
   * Returns whether the refusal was found to be the whole part's.
   */
  private async split(part: Chunk, confirming: boolean): Promise<boolean> {
    const middle = Math.ceil(part.items.length / 2);
    const first: Chunk = { id: `${part.id}.1`, customer: part.customer, items: part.items.slice(0, middle) };
    const second: Chunk = { id: `${part.id}.2`, customer: part.customer, items: part.items.slice(middle) };
    const one = await this.attempt(first);
    const two = await this.attempt(second);
    const a = refusalIn(one);
    const b = refusalIn(two);
    if (a === undefined || b === undefined || !refusedAlike(a.refusal, b.refusal, part.items.map((item) => item.device))) {
      await this.act(first, one);
      await this.act(second, two);
      return false;
    }
    // Two single devices refused alike fail either way: nothing is left to look into.
    if (confirming || first.items.length === 1) {
      await this.fail(first, a, a.refusal);
      await this.fail(second, b, b.refusal);
      return true;
    }
    if (await this.split(first, true)) {
      await this.fail(second, b, b.refusal);
      return true;
    }
    await this.act(second, two);
    return false;
  }

  private fail(part: Chunk, attempt: { requestId: string; at: Date }, failure: { httpStatus?: number; errorCode?: string; detail: string }): Promise<void> {
    const { httpStatus, errorCode, detail } = failure;
    return this.settle(part, attempt.requestId, {
      status: 'failed',
      ...(httpStatus === undefined ? {} : { httpStatus }),
      ...(errorCode === undefined ? {} : { errorCode }),
      detail,
      requestId: attempt.requestId,
      sentAt: attempt.at.toISOString(),
    });
  }

  private async attempt(part: Chunk): Promise<Attempt> {
    const early = this.halt();
    if (early !== undefined) return { kind: 'halted', detail: early };
    return this.s.limit.run(async (): Promise<Attempt> => {
      // Checked again: the stop may have come while this request waited for a slot.
      const late = this.halt();
      if (late !== undefined) return { kind: 'halted', detail: late };
      const requestId = this.s.newRequestId();
      this.requests++;
      this.requestsByCustomer.set(part.customer, (this.requestsByCustomer.get(part.customer) ?? 0) + 1);
      const devices = part.items.map((item) => ({ deviceId: item.device, policyId: item.policy }));
      try {
        const result = await this.s.api.updateDevicePolicies(part.customer, devices, { requestId, signal: this.s.abort });
        // Inside the slot, so the limit knows whether this request was sent before or after its last cut.
        this.s.limit.succeeded();
        return { kind: 'answered', result, requestId, at: this.s.now() };
      } catch (error) {
        const decision = decideOnFailure(error, { devices: part.items.length, aborted: this.s.abort.aborted });
        // Decided before this slot is released, so the request queued behind it already sees the stop.
        if (decision.action === 'stop') this.stoppedBecause ??= decision.reason;
        return { kind: 'refused', decision, requestId, at: this.s.now() };
      }
    });
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

  private async settle(part: Chunk, requestId: string, outcome: ChunkSettled['outcome']): Promise<void> {
    try {
      await this.s.onSettled({ chunkId: part.id, customer: part.customer, requestId, items: part.items, outcome });
    } catch (error) {
      // The answer stands (the service has it), but carrying on without a record of what was sent
      // would break the promise that a rerun resends nothing already accepted.
      this.stoppedBecause ??= `the outcome of request ${requestId} could not be recorded (${error instanceof Error ? error.message : String(error)})`;
    }
    if (outcome.status === 'accepted') this.accepted += part.items.length;
    else this.failed += part.items.length;
    this.record(part, outcome);
  }

  private leave(part: Chunk, detail: string): void {
    this.notSent += part.items.length;
    this.record(part, { status: 'not-sent', detail });
  }

  private record(part: Chunk, outcome: ItemOutcome): void {
    for (const item of part.items) this.outcomes.set(item.index, outcome);
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
    };
  }
}
