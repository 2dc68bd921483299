// What sending makes of each row, and of the run. Rows are keyed by their index (MappedRow.index).
import type { Chunk, ChunkItem } from '../model.js';

export type ItemOutcome =
  | {
      status: 'accepted';
      batchJobUri: string;
      trackingId: string;
      httpStatus: number;
      requestId: string;
      /** ISO 8601, when the service answered. */
      sentAt: string;
    }
  | {
      status: 'failed';
      httpStatus?: number;
      errorCode?: string;
      detail: string;
      requestId: string;
      sentAt: string;
    }
  | { status: 'not-sent'; detail: string };

/** A chunk to send: as planned, or a request of an earlier run sent again under its recorded MS-RequestId. */
export interface SendChunk extends Chunk {
  /** Set for a request of an earlier run whose answer is unknown: sent again under this ID. */
  requestId?: string;
}

/** A request about to be sent: what the journal records, and must have on disk, before it goes out. */
export interface RequestIntent {
  chunkId: string;
  customer: string;
  requestId: string;
  items: ChunkItem[];
}

type Accepted = Extract<ItemOutcome, { status: 'accepted' }>;
type Failed = Extract<ItemOutcome, { status: 'failed' }>;

/** How a request ended, as far as its rows and a later run are concerned. */
export type Settlement =
  | { kind: 'accepted'; outcome: Accepted }
  /** Refused for good (400, 403, 404, 409): every row failed. */
  | { kind: 'refused'; outcome: Failed }
  /**
   * No answer that settles it (timeouts, 5xx, the network, after the retries): every row failed for this
   * run, but the service may have applied it, so a later run sends it again under the same MS-RequestId.
   */
  | { kind: 'transient'; outcome: Failed }
  /** A 400 on several devices: `named` (row indexes) failed with `outcome`; the rest go out in new requests. */
  | { kind: 'split'; named: number[]; outcome: Failed };

/** One request whose answer is known: what the journal records after it. */
export interface ChunkSettled {
  /** The plan's chunk id; a part of a split chunk adds `.1`/`.2` per split (`<customer>#3.2.1`). */
  chunkId: string;
  customer: string;
  requestId: string;
  /** Every device the request carried. */
  items: ChunkItem[];
  settlement: Settlement;
}

export interface SendProgress {
  rowsTotal: number;
  /** Rows with an outcome (accepted, failed or not-sent). */
  rowsDone: number;
  accepted: number;
  failed: number;
  notSent: number;
  /** Requests sent so far, the 400s that led to a split included. */
  requests: number;
  /** 429s reported to the limit so far. */
  throttled: number;
  /** Requests allowed in flight now (the adaptive limit). */
  concurrency: number;
}

export interface SendReport {
  /** One entry per row of every chunk given, by row index. */
  outcomes: Map<number, ItemOutcome>;
  /** Requests sent, the 400s that led to a split included. */
  requests: number;
  requestsByCustomer: Map<string, number>;
  /** 429s reported to the limit during the run. */
  throttled: number;
  /** True when `stop` or `abort` fired before every chunk was sent. */
  interrupted: boolean;
  /** Set when the run stopped on its own (a refused sign-in, an unwritable journal): why, for the user. */
  stoppedBecause?: string;
  /** Set when the endpoint could not be reached before the service had answered anything: why. */
  unreachable?: string;
}
