// Test data shared by the record tests: a complete RunSummary and rows that carry every awkward value a
// vendor sheet has been seen to hold.
import { emptyByStatus } from '../../src/results/counts.js';
import type { RowResult } from '../../src/model.js';
import type { RunSummary } from '../../src/results/run-summary.js';
import type { ResultRow } from '../../src/record/results-file.js';

export const CUSTOMER = 'c7f3c849-129f-4b85-a96d-4f8e88b315a3';
export const POLICY = '15a04610-9229-4e80-94e0-0e826a09c9e2';
export const JOB = `https://api.partnercenter.microsoft.com/v1/customers/${CUSTOMER}/batchJobStatus/a15f3996-620a-4404-9f1f-4c2de78de0de`;

export function sampleSummary(overrides: Partial<RunSummary> = {}): RunSummary {
  return {
    tool: 'device-policy',
    version: '0.1.0',
    command: 'apply',
    dryRun: false,
    input: 'C:\\onboarding\\devices|batch 7.xlsx',
    inputSha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    sheet: 'Devices',
    output: 'devices.results.xlsx',
    rows: 6,
    byStatus: { ...emptyByStatus(), accepted: 2, failed: 2, invalid: 1, duplicate: 1 },
    customers: 1,
    requests: 2,
    batchJobs: 1,
    throttled: 3,
    retries: 4,
    recovered: 0,
    correlationId: '49b1e7b2-82e7-4403-b63b-8765269b448d',
    endpoint: 'https://api.partnercenter.microsoft.com',
    startedAt: '2025-01-02T03:04:05.000Z',
    finishedAt: '2025-01-02T03:05:06.000Z',
    exitCode: 1,
    options: { 'chunk-size': 100, concurrency: 4, 'per-customer': 2, wait: false, deviceColumn: 'Device ID' },
    perCustomer: [{ customer: CUSTOMER, rows: 6, applied: 0, accepted: 2, failed: 2, invalid: 1, notSent: 0, requests: 2 }],
    ...overrides,
  } satisfies RunSummary;
}

/** Two "Notes" columns and a renamed `Status (input)`: both must survive the round trip. */
export const HEADERS = ['Customer ID', 'Device ID', 'Notes', 'Notes', 'Status (input)'];

const accepted = (row: number, extra: Partial<RowResult> = {}): RowResult => ({
  row, status: 'accepted', detail: '', batchJobUri: JOB, trackingId: 'a15f3996-620a-4404-9f1f-4c2de78de0de',
  httpStatus: 202, requestId: '1b658428-5afa-46d4-af86-c9c6af5634e2', sentAt: '2025-01-02T03:04:30.000Z', ...extra,
});

export function sampleRows(): ResultRow[] {
  return [
    { input: [CUSTOMER, '1234567890123456789', '=1+1', '00123', 'ok'], result: accepted(2) },
    { input: [CUSTOMER, '9993-8627-3608-6844-6369-4361-72', 'a, "quoted"\nsecond line', '+49 30 1234', 'Müller 東京 😀'], result: accepted(3, { jobStatus: 'finished', deviceStatus: 'succeeded', checkedAt: '2025-01-02T03:10:00.000Z' }) },
    { input: [CUSTOMER, 'DEV-3', '-5', '@home', ''], result: { row: 4, status: 'failed', detail: 'Device is assigned | elsewhere', httpStatus: 400, errorCode: '808', requestId: 'r-2', sentAt: '2025-01-02T03:04:31.000Z' } },
    { input: [CUSTOMER, 'DEV-4', '', '', ''], result: { row: 5, status: 'failed', detail: 'Device is assigned | elsewhere', httpStatus: 400, errorCode: '808' } },
    { input: ['not-a-guid', 'DEV-5', '', '', ''], result: { row: 7, status: 'invalid', detail: 'customer must be a GUID; got "not-a-guid"' } },
    { input: [CUSTOMER, '1234567890123456789', '', '', ''], result: accepted(8, { status: 'duplicate', detail: 'duplicate of row 2' }) },
  ];
}

/** An iterable that yields some rows, then fails: a run that dies while the results are being written. */
export async function* failingRows(after: number): AsyncGenerator<ResultRow> {
  const rows = sampleRows();
  for (let i = 0; i < after; i++) {
    const row = rows[i % rows.length];
    if (row !== undefined) yield { input: row.input, result: { ...row.result, row: i + 2 } };
  }
  throw new Error('row source failed');
}
