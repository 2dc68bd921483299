// Results-file contents for the status tests: a summary as `apply` writes it and rows in each state.
import { emptyByStatus } from '../../src/results/counts.js';
import type { RowResult } from '../../src/model.js';
import type { RunSummary } from '../../src/results/run-summary.js';
import type { ResultRow } from '../../src/record/results-file.js';

export const CUSTOMER = 'c7f3c849-129f-4b85-a96d-4f8e88b315a3';
export const POLICY = '15a04610-9229-4e80-94e0-0e826a09c9e2';

export function summaryFor(rows: readonly ResultRow[], options: RunSummary['options'] = { deviceColumn: 'Device ID' }): RunSummary {
  const byStatus = emptyByStatus();
  for (const r of rows) byStatus[r.result.status]++;
  return {
    tool: 'device-policy',
    version: '0.1.0',
    command: 'apply',
    dryRun: false,
    input: 'devices.xlsx',
    inputSha256: 'ab'.repeat(32),
    output: 'devices.results.json',
    rows: rows.length,
    byStatus,
    customers: 1,
    requests: 1,
    batchJobs: 1,
    throttled: 0,
    retries: 0,
    recovered: 0,
    correlationId: '49b1e7b2-82e7-4403-b63b-8765269b448d',
    endpoint: 'https://api.partnercenter.microsoft.com',
    startedAt: '2025-01-01T00:00:00.000Z',
    finishedAt: '2025-01-01T00:00:05.000Z',
    exitCode: byStatus.invalid > 0 ? 1 : 0,
    options,
    perCustomer: [{ customer: CUSTOMER, rows: rows.length, applied: byStatus.applied, accepted: byStatus.accepted, failed: byStatus.failed, invalid: byStatus.invalid, notSent: byStatus['not-sent'], requests: 1 }],
  };
}

export function accepted(row: number, batchJobUri: string, extra: Partial<RowResult> = {}): RowResult {
  return {
    row,
    status: 'accepted',
    detail: '',
    batchJobUri,
    trackingId: batchJobUri.split('/').at(-1) ?? '',
    httpStatus: 202,
    requestId: '1b658428-5afa-46d4-af86-c9c6af5634e2',
    sentAt: '2025-01-01T00:00:01.000Z',
    ...extra,
  };
}
