// What sending makes of each row, and of the run. Rows are keyed by their index (MappedRow.index).
import type { ChunkItem } from '../model.js';

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

/**
 * One request whose answer decided its rows: what the journal records. A 400 that only led to
 * splitting the chunk decides nothing and is not reported here.
 */
export interface ChunkSettled {
  /** The plan's chunk id; a part of a split chunk adds `.1`/`.2` per split (`<customer>#3.2.1`). */
  chunkId: string;
  customer: string;
  requestId: string;
  items: ChunkItem[];
  /** The same for every item of the request. */
  outcome: Extract<ItemOutcome, { status: 'accepted' | 'failed' }>;
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
}
