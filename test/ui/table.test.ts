// The page's table while devices' outcomes come in (status --wait on the page): each round's outcomes
// settle their rows as the results file will have them, and the counts (by status, per customer) move
// with the rows; rows without a batch job and rows not yet answered stay as they were.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ResultsFile } from '../../src/record/table.js';
import { loadTable, settleRows } from '../../src/ui/table.js';

const CONTOSO = 'c7f3c849-129f-4b85-a96d-4f8e88b315a3';
const FABRIKAM = '1ecedaec-f4fc-461a-a132-6c7861dfc534';
const JOB = (n: number) => `https://api.partnercenter.microsoft.com/v1/customers/${CONTOSO}/batchJobStatus/job-${n}`;

function file(): ResultsFile {
  const accepted = (row: number, job: number) => ({ row, status: 'accepted' as const, detail: 'accepted', batchJobUri: JOB(job), trackingId: `job-${job}`, deviceStatus: 'pending' as const });
  return {
    format: 'xlsx',
    headers: ['Customer Name', 'Customer ID', 'Device ID', 'Policy ID'],
    layout: {},
    rows: [
      { input: ['Contoso Ltd', CONTOSO, 'D1', 'P'], result: accepted(2, 1) },
      { input: ['Contoso Ltd', CONTOSO, 'D2', 'P'], result: accepted(3, 1) },
      { input: ['Fabrikam Inc', FABRIKAM, 'D3', 'P'], result: accepted(4, 2) },
      { input: ['Fabrikam Inc', FABRIKAM, '', 'P'], result: { row: 5, status: 'invalid', detail: 'Device ID is missing' } },
    ],
  };
}

test('a round of outcomes settles its rows, and the counts by status and per customer move with them', () => {
  const table = loadTable({ kind: 'results', file: file(), map: {}, customer: undefined, policy: undefined, files: [] });
  assert.deepEqual(table.view.byStatus.accepted, 3);
  const checkedAt = '2026-12-07T03:00:00.000Z';
  const outcomes = new Map([
    [0, { jobStatus: 'finished', deviceStatus: 'succeeded' as const, checkedAt }],
    [1, { jobStatus: 'finished', deviceStatus: 'failed' as const, deviceError: '808 ZtdDeviceAssignedToOtherTenant', checkedAt }],
    [2, { jobStatus: 'processing', deviceStatus: 'pending' as const, checkedAt }],
  ]);
  const settled = settleRows(table, outcomes, { succeeded: 1, failed: 1, pending: 1 });

  assert.deepEqual(settled.rows.map((r) => [r.row, r.status, r.deviceStatus]), [[2, 'applied', 'succeeded'], [3, 'failed', 'failed'], [4, 'accepted', 'pending'], [5, 'invalid', undefined]]);
  assert.match(settled.rows[0]?.detail ?? '', /^applied: the service confirmed the device took the policy \(batch job job-1\)/);
  assert.equal(settled.rows[1]?.detail, '808 ZtdDeviceAssignedToOtherTenant');
  assert.equal(settled.rows[3]?.detail, 'Device ID is missing');
  assert.deepEqual({ applied: settled.view.byStatus.applied, failed: settled.view.byStatus.failed, accepted: settled.view.byStatus.accepted, invalid: settled.view.byStatus.invalid }, { applied: 1, failed: 1, accepted: 1, invalid: 1 });
  assert.deepEqual(settled.view.customers.map((c) => [c.name, c.byStatus]), [
    ['Contoso Ltd', { accepted: 0, applied: 1, failed: 1 }],
    ['Fabrikam Inc', { accepted: 1, invalid: 1 }],
  ]);
  assert.deepEqual(settled.view.devices, { succeeded: 1, failed: 1, pending: 1 });
  // The table it came from is left as it was (the page may still be reading it).
  assert.equal(table.view.byStatus.accepted, 3);
  assert.equal(table.rows[0]?.status, 'accepted');

  // The next round, with the same outcomes and one more, moves only what changed.
  const next = settleRows(settled, new Map([...outcomes, [2, { jobStatus: 'finished', deviceStatus: 'succeeded' as const, checkedAt }]]), { succeeded: 2, failed: 1, pending: 0 });
  assert.deepEqual({ applied: next.view.byStatus.applied, failed: next.view.byStatus.failed, accepted: next.view.byStatus.accepted }, { applied: 2, failed: 1, accepted: 0 });
});
