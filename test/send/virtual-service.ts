// A run against a throttling service in virtual time, for the adaptive limit's tests: the real scheduler
// (sendChunks) and limit, a client that answers 429s as the real one does (onThrottle, then the
// Retry-After waited with the slot given back), and a service in either of SPEC §3's throttle models —
// with the jitter a loaded machine adds: the intent's fsync before each request, the loopback each way,
// the service's timer firing late. Each event
// happens at its virtual time; between two events every promise settles. A run of a thousand requests
// takes a few tens of milliseconds, so a test can run the same start under many seeds and judge the worst.
import type { UpdateResult } from '../../src/partner-center/contract.js';
import { createAdaptiveLimit, type AdaptiveLimit } from '../../src/send/adaptive-limit.js';
import { sendChunks } from '../../src/send/scheduler.js';
import { batchFeed } from '../../src/send/batch-feed.js';
import type { SendChunk } from '../../src/send/outcomes.js';
import { FakeApi } from './fake-api.js';
import { mulberry32 } from '../../src/hardware-hash/random.js';

/** Events in time order; `advance` runs the next one once every promise has settled. */
export class VirtualClock {
  now = 0;
  private readonly events: Array<{ at: number; seq: number; fn: () => void }> = [];
  private seq = 0;

  readonly setTimer = (fn: () => void, ms: number): void => {
    const event = { at: this.now + Math.max(0, ms), seq: this.seq++, fn };
    // A binary heap by (at, seq): events at the same time run in the order they were set.
    const heap = this.events;
    heap.push(event);
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  };

  readonly sleep = (ms: number): Promise<void> => new Promise((resolve) => this.setTimer(resolve, ms));

  /** Runs events until `done` settles; throws if nothing is left to happen before it does. */
  async runUntil<T>(done: Promise<T>): Promise<T> {
    let finished = false;
    const watched = done.finally(() => {
      finished = true;
    });
    for (;;) {
      // One turn of the event loop runs every microtask the last event started.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (finished) return watched;
      const event = this.pop();
      if (event === undefined) throw new Error(`stuck at ${this.now} ms: nothing scheduled and the run not done`);
      this.now = event.at;
      event.fn();
    }
  }

  private pop(): { at: number; fn: () => void } | undefined {
    const heap = this.events;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    heap[0] = last;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let least = i;
      if (l < heap.length && before(heap[l]!, heap[least]!)) least = l;
      if (r < heap.length && before(heap[r]!, heap[least]!)) least = r;
      if (least === i) break;
      [heap[i], heap[least]] = [heap[least]!, heap[i]!];
      i = least;
    }
    return top;
  }
}

function before(a: { at: number; seq: number }, b: { at: number; seq: number }): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

/** A seeded generator of numbers in [0, 1): the same seed, the same run. */
export const seeded = mulberry32;

export const LATENCY_MS = 100;

/** How a service throttles (SPEC §3): whether it takes a request arriving now, and its shortest time for `requests`. */
export interface ServiceModel {
  readonly name: string;
  /** Undefined when the request is taken; otherwise the Retry-After of its 429, in ms. */
  arrive(at: number, kind: 'read' | 'write'): number | undefined;
  /** A request it took has been answered (its count in flight drops). */
  left(kind: 'read' | 'write'): void;
  /** The least client's way of sending: as many at once, or on a schedule of start times. */
  readonly leastClient: { inFlight: number } | { startAt(i: number): number };
}

/** Refuses a write beyond `limit` in flight, with Retry-After 1 s; reads are not counted (the simulator's `--max-in-flight`). */
export function inFlightModel(limit: number): ServiceModel {
  let writes = 0;
  return {
    name: `${limit} in flight`,
    arrive(_at, kind) {
      if (kind === 'read') return undefined;
      if (writes >= limit) return 1_000;
      writes++;
      return undefined;
    },
    left(kind) {
      if (kind === 'write') writes--;
    },
    leastClient: { inFlight: limit },
  };
}

/** A token bucket over every request (the simulator's `--rate-limit`): Retry-After in whole seconds, never 0. */
export function bucketModel(perSecond: number, burst: number): ServiceModel {
  let tokens = burst;
  let refilledAt: number | undefined;
  return {
    name: `a ${perSecond}/s token bucket`,
    arrive(at) {
      if (refilledAt !== undefined) tokens = Math.min(burst, tokens + ((at - refilledAt) / 1000) * perSecond);
      refilledAt = at;
      if (tokens >= 1) {
        tokens--;
        return undefined;
      }
      return Math.max(1, Math.ceil((1 - tokens) / perSecond)) * 1000;
    },
    left() {},
    // The burst at once, then one a refill, with a request's worth of margin (bench/send-floor.mjs).
    leastClient: { startAt: (i) => (i < burst ? 0 : ((i - burst + 2) * 1000) / perSecond) },
  };
}

/**
 * The delays a loaded machine adds, drawn per request: loopback each way, the service's timer firing
 * late, the journal's fsync of an intent. Means a few milliseconds, with a long tail now and then.
 */
export interface Jitter {
  loopback(): number;
  late(): number;
  fsync(): number;
}

export function jitterOf(random: () => number): Jitter {
  // Exponential with the given mean: mostly small, sometimes several times the mean.
  const exp = (mean: number): number => -Math.log(1 - random()) * mean;
  // Now and then the machine stalls a process for tens of milliseconds (another's burst of CPU, a GC).
  const stall = (): number => (random() < 0.01 ? 10 + exp(15) : 0);
  return {
    loopback: () => 0.2 + exp(0.6) + stall(),
    late: () => 1 + exp(1.5) + stall(),
    fsync: () => 0.2 + exp(0.5) + stall(),
  };
}

export interface Arrival {
  at: number;
  kind: 'read' | 'write';
  status: number;
  /** The client's level and rate when it arrived. */
  level: number;
  rate: number;
}

/** One request's way to the service and back: its status (202, 200 or 429) and Retry-After. */
interface Exchange {
  status: number;
  retryAfterMs?: number;
}

class Wire {
  /** Every arrival at the service, for the figures. */
  readonly arrivals: Arrival[] = [];
  /** The client's limit, whose level and rate each arrival notes (for a reader looking into a run). */
  limit: AdaptiveLimit | undefined;
  constructor(
    private readonly clock: VirtualClock,
    private readonly service: ServiceModel,
    private readonly jitter: Jitter,
  ) {}

  async exchange(kind: 'read' | 'write'): Promise<Exchange> {
    const { clock, service, jitter } = this;
    await clock.sleep(jitter.loopback());
    const retryAfterMs = service.arrive(clock.now, kind);
    const status = retryAfterMs !== undefined ? 429 : kind === 'write' ? 202 : 200;
    this.arrivals.push({ at: clock.now, kind, status, level: this.limit?.current ?? 0, rate: this.limit?.rate ?? 0 });
    if (retryAfterMs !== undefined) {
      await clock.sleep(jitter.loopback());
      return { status, retryAfterMs };
    }
    await clock.sleep(LATENCY_MS + jitter.late());
    // The count drops as the answer goes out, before the client can have it.
    service.left(kind);
    await clock.sleep(jitter.loopback());
    return { status };
  }
}

export interface RunFigures {
  /** From the first request sent to the last answer, ms. */
  ms: number;
  /** Every arrival at the service: when, what, its status. */
  arrivals: readonly Arrival[];
  requests: number;
  refused: number;
  /** When the first write reached the service, ms. */
  firstWriteMs: number;
  /** Requests taken by the service in each 500 ms from the first, for a reader looking into a slow start. */
  takenPerHalfSecond: number[];
}

export interface RunShape {
  customers: number;
  /** Chunks per customer. */
  chunks: number;
  perCustomer: number;
  /** Each customer's policy list, fetched through the same limit before its chunks. */
  lookups: boolean;
}

/** `apply` as the scheduler and limit make it: each customer's lookup (if any) then its chunks, every request through one limit. */
export async function toolRun(model: ServiceModel, max: number, shape: RunShape, seed: number): Promise<RunFigures & { limit: AdaptiveLimit }> {
  const clock = new VirtualClock();
  const random = seeded(seed);
  const jitter = jitterOf(random);
  const wire = new Wire(clock, model, jitter);
  const limit = createAdaptiveLimit({ max, now: () => clock.now, setTimer: clock.setTimer });
  wire.limit = limit;
  // The client's retry of a 429 (partner-center/policies/retry.ts): onThrottle, then the wait with the slot given back.
  const call = async (kind: 'read' | 'write'): Promise<Exchange> => {
    for (;;) {
      const answer = await wire.exchange(kind);
      if (answer.status !== 429) return answer;
      limit.throttled(answer.retryAfterMs);
      await limit.whileWaiting(() => clock.sleep(answer.retryAfterMs ?? 0));
    }
  };
  const chunks: SendChunk[] = [];
  for (let c = 0; c < shape.customers; c++) {
    for (let k = 0; k < shape.chunks; k++) chunks.push({ id: `c${c}-${k}`, customer: `c${c}`, items: [{ index: c * shape.chunks + k, rowNumber: 2, device: `d${c}-${k}`, policy: 'p' }] });
  }
  // As apply sends a fresh run (apply/send-as-checked.ts): each customer's chunks go as soon as its own
  // policy list is in, the lists and the chunks through the one limit.
  const feed = batchFeed<SendChunk>();
  const lookups = async (): Promise<void> => {
    await Promise.all(
      Array.from({ length: shape.customers }, async (_, c) => {
        if (shape.lookups) {
          await limit.run(
            async () => {
              await call('read');
              limit.succeeded();
            },
            { read: true },
          );
        }
        feed.push(chunks.filter((chunk) => chunk.customer === `c${c}`));
      }),
    );
    feed.close();
  };
  const run = async (): Promise<void> => {
    const looked = lookups();
    await sendChunks(feed, {
      api: new FakeApi(),
      concurrency: limit,
      perCustomer: shape.perCustomer,
      newRequestId: () => 'id',
      now: () => new Date(clock.now),
      onIntent: () => clock.sleep(jitter.fsync()),
      onSettled: () => clock.sleep(jitter.fsync()),
      request: async (): Promise<UpdateResult> => {
        await call('write');
        return { batchJobUri: 'u', trackingId: 't', status: 202, requestId: 'id', correlationId: 'c' };
      },
    });
    await looked;
  };
  await clock.runUntil(run());
  return { ...figures(wire, clock.now, chunks.length + (shape.lookups ? shape.customers : 0)), limit };
}

/** The least client in the same world: the same requests, the limit known in advance, no journal. */
export async function leastClientRun(model: ServiceModel, shape: RunShape, seed: number): Promise<RunFigures> {
  const clock = new VirtualClock();
  const jitter = jitterOf(seeded(seed));
  const wire = new Wire(clock, model, jitter);
  const kinds: Array<'read' | 'write'> = [...Array.from({ length: shape.lookups ? shape.customers : 0 }, () => 'read' as const), ...Array.from({ length: shape.customers * shape.chunks }, () => 'write' as const)];
  const { leastClient } = model;
  const run = async (): Promise<void> => {
    if ('inFlight' in leastClient) {
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < kinds.length) await wire.exchange(kinds[next++]!);
      };
      await Promise.all(Array.from({ length: leastClient.inFlight }, worker));
    } else {
      const sent: Array<Promise<Exchange>> = [];
      for (const [i, kind] of kinds.entries()) {
        await clock.sleep(leastClient.startAt(i) - clock.now);
        sent.push(wire.exchange(kind));
      }
      await Promise.all(sent);
    }
  };
  await clock.runUntil(run());
  return figures(wire, clock.now, kinds.length);
}

function figures(wire: Wire, endedAt: number, requests: number): RunFigures {
  const taken: number[] = [];
  for (const a of wire.arrivals) {
    if (a.status === 429) continue;
    const slot = Math.floor(a.at / 500);
    while (taken.length <= slot) taken.push(0);
    taken[slot]!++;
  }
  const firstWrite = wire.arrivals.find((a) => a.kind === 'write')?.at ?? endedAt;
  return { ms: endedAt, arrivals: wire.arrivals, requests, refused: wire.arrivals.filter((a) => a.status === 429).length, takenPerHalfSecond: taken, firstWriteMs: firstWrite };
}
