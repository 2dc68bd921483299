// Sends device uploads (SPEC §2 Registration) through the scheduler that sends policy updates: the same
// limits, retries under one MS-RequestId, 400 narrowing, and write-ahead journal (ops `create-batch` and
// `add-devices`). Batches are created first; only then is anything added to them. A create that finds
// its batch already there (409) is sent again as an addition.
import { randomUUID } from 'node:crypto';
import type { ChunkItem } from '../model.js';
import type { PartnerCenterApi } from '../partner-center/contract.js';
import type { Journal } from '../journal/journal.js';
import type { RegisterItem } from '../journal/format.js';
import type { AdaptiveLimit } from '../send/adaptive-limit.js';
import type { ItemOutcome, SendChunk, SendProgress } from '../send/outcomes.js';
import { sendChunks } from '../send/scheduler.js';
import { recordedAnswer } from '../journal/recorded-answer.js';
import type { UploadItem } from './plan-uploads.js';
import type { UploadOp } from '../journal/resume.js';

/** One upload to send: a planned one, or (with `requestId`) one of an earlier run sent again. */
export interface UploadRequest {
  id: string;
  customer: string;
  batch: string;
  op: UploadOp;
  items: UploadItem[];
  requestId?: string;
}

export interface UploadSendDeps {
  api: PartnerCenterApi;
  limit: AdaptiveLimit;
  perCustomer: number;
  journal: Journal;
  stop: AbortSignal;
  abort: AbortSignal;
  now(): Date;
  onProgress(progress: SendProgress): void;
}

/** An accepted upload: its job gives the devices' new IDs. */
export interface AcceptedUpload {
  batchJobUri: string;
  trackingId: string;
  items: UploadItem[];
}

export interface UploadSendReport {
  /** By row index (as the items give it). */
  outcomes: Map<number, ItemOutcome>;
  accepted: AcceptedUpload[];
  requests: number;
  requestsByCustomer: Map<string, number>;
  /** Rows whose upload got no final answer (timeouts, 5xx): the next run sends it again. */
  unsettled: number;
  stoppedBecause: string | undefined;
  unreachable: string | undefined;
}

/** `creates` (and uploads sent again) first, then `adds`, then creates that found their batch there. */
export async function sendUploads(creates: readonly UploadRequest[], adds: readonly UploadRequest[], deps: UploadSendDeps): Promise<UploadSendReport> {
  const sender = new UploadSender(deps);
  const first = await sender.send(creates);
  // Only whole requests are converted: a 409 answers a create as a whole.
  const conflicts = creates.filter((u) => u.op === 'create-batch' && u.items.every((item) => isConflict(first.get(item.index))));
  const converted = conflicts.map((u): UploadRequest => ({ id: `${u.id}-add`, customer: u.customer, batch: u.batch, op: 'add-devices', items: u.items }));
  // Sent even after a stop: the scheduler then sends nothing and leaves every row not-sent, with the reason.
  await sender.send([...adds, ...converted]);
  return sender.report();
}

function isConflict(outcome: ItemOutcome | undefined): boolean {
  return outcome?.status === 'failed' && outcome.httpStatus === 409;
}

class UploadSender {
  private readonly outcomes = new Map<number, ItemOutcome>();
  private readonly accepted: AcceptedUpload[] = [];
  private readonly requestsByCustomer = new Map<string, number>();
  private readonly items = new Map<number, UploadItem>();
  private readonly requests = new Map<string, UploadRequest>();
  /** What each request actually was (a part of a create sent after its batch exists is an addition). */
  private readonly sentAs = new Map<string, { op: UploadOp; batch: string }>();
  private readonly created = new Set<string>();
  private requestCount = 0;
  private unsettled = 0;
  stoppedBecause: string | undefined;
  private unreachable: string | undefined;

  constructor(private readonly deps: UploadSendDeps) {}

  async send(uploads: readonly UploadRequest[]): Promise<Map<number, ItemOutcome>> {
    const chunks: SendChunk[] = uploads.map((u) => {
      this.requests.set(u.id, u);
      for (const item of u.items) this.items.set(item.index, item);
      const items = u.items.map((item): ChunkItem => ({ index: item.index, rowNumber: item.rowNumber, device: item.label, policy: '' }));
      return { id: u.id, customer: u.customer, items, ...(u.requestId === undefined ? {} : { requestId: u.requestId }) };
    });
    if (chunks.length === 0) return new Map();
    const { deps } = this;
    const report = await sendChunks(chunks, {
      api: deps.api,
      concurrency: deps.limit,
      perCustomer: deps.perCustomer,
      newRequestId: randomUUID,
      now: deps.now,
      stop: deps.stop,
      abort: deps.abort,
      request: (chunk, options) => {
        const as = this.sentAs.get(options.requestId);
        const devices = chunk.items.map((item) => this.item(item.index).device);
        if (as?.op === 'create-batch') return deps.api.createDeviceBatch(chunk.customer, as.batch, devices, options);
        return deps.api.addDevicesToBatch(chunk.customer, as?.batch ?? this.upload(chunk.id).batch, devices, options);
      },
      onIntent: (intent) => {
        const upload = this.upload(intent.chunkId);
        const batchKey = `${intent.customer}|${upload.batch}`;
        // A part of a split create goes out as an addition once another part has created the batch; a
        // request sent again keeps its op, for the service must see the same request under its ID.
        const op = upload.op === 'create-batch' && upload.requestId === undefined && this.created.has(batchKey) ? 'add-devices' : upload.op;
        this.sentAs.set(intent.requestId, { op, batch: upload.batch });
        const items = intent.items.map((item): RegisterItem => {
          const { key, label, device } = this.item(item.index);
          return { index: item.index, rowNumber: item.rowNumber, key, label, batch: upload.batch, device };
        });
        return deps.journal.record({ kind: 'intent', requestId: intent.requestId, op, customer: intent.customer, at: deps.now().toISOString(), items });
      },
      onSettled: (settled) => {
        const { settlement } = settled;
        if (settlement.kind === 'transient') this.unsettled += settled.items.length;
        if (settlement.kind === 'accepted') {
          const as = this.sentAs.get(settled.requestId);
          if (as?.op === 'create-batch') this.created.add(`${settled.customer}|${as.batch}`);
          this.accepted.push({
            batchJobUri: settlement.outcome.batchJobUri,
            trackingId: settlement.outcome.trackingId,
            items: settled.items.map((item) => this.item(item.index)),
          });
        }
        return deps.journal.record({ kind: 'answer', requestId: settled.requestId, at: deps.now().toISOString(), answer: recordedAnswer(settlement) });
      },
      onProgress: (p) => deps.onProgress(p),
    });
    this.requestCount += report.requests;
    for (const [customer, n] of report.requestsByCustomer) this.requestsByCustomer.set(customer, (this.requestsByCustomer.get(customer) ?? 0) + n);
    for (const [index, outcome] of report.outcomes) this.outcomes.set(index, outcome);
    this.stoppedBecause ??= report.stoppedBecause;
    this.unreachable ??= report.unreachable;
    return report.outcomes;
  }

  report(): UploadSendReport {
    return {
      outcomes: this.outcomes,
      accepted: this.accepted,
      requests: this.requestCount,
      requestsByCustomer: this.requestsByCustomer,
      unsettled: this.unsettled,
      stoppedBecause: this.stoppedBecause,
      unreachable: this.unreachable,
    };
  }

  /** The upload a chunk (or a part of it: `<id>.1`, `<id>.r`, …) came from. */
  private upload(chunkId: string): UploadRequest {
    const root = chunkId.split('.')[0] ?? chunkId;
    const upload = this.requests.get(root);
    if (upload === undefined) throw new Error(`no upload for chunk ${chunkId}`);
    return upload;
  }

  private item(index: number): UploadItem {
    const item = this.items.get(index);
    if (item === undefined) throw new Error(`no upload item for row index ${index}`);
    return item;
  }
}
