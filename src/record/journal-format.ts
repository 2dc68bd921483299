// The journal's lines, as written and read back, and the key that matches a row to its recorded outcome.
import type { RowResult } from '../model.js';

export interface JournalHeader {
  kind: 'header';
  version: 1;
  inputSha256: string;
  out: string;
  correlationId: string;
  startedAt: string;
}

export interface JournalRow {
  index: number;
  rowNumber: number;
  device: string;
  policy: string;
  result: RowResult;
}

export interface JournalEntry {
  kind: 'request';
  requestId: string;
  customer: string;
  at: string;
  rows: JournalRow[];
}

/** Rows are matched by what was sent, not by position: the input may have been re-sorted in between. */
export function journalKey(customer: string, device: string, policy: string): string {
  return `${customer}|${device}|${policy}`;
}
