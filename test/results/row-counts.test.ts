// Exit codes and counts as SPEC §2 states them: what is fine, what is not, and when waiting changes that.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyByStatus } from '../../src/results/counts.js';
import type { Status } from '../../src/model.js';
import { countResults } from '../../src/results/counts.js';
import { exitCodeFor, outcomeOf } from '../../src/results/exit-codes.js';

const with_ = (counts: Partial<Record<Status, number>>) => ({ ...emptyByStatus(), ...counts });

test('exit 0 when every row is applied, accepted or unchanged; 1 when a row needs the user; 3 when only pending devices remain', () => {
  // [rows by status, devices asked about and still pending, dry run, exit code]
  const cases: Array<[Partial<Record<Status, number>>, number, boolean, 0 | 1 | 3]> = [
    [{ applied: 3, unchanged: 1, duplicate: 2 }, 0, false, 0],
    // Accepted, the device never asked about (no --wait): fine.
    [{ applied: 3, accepted: 1 }, 0, false, 0],
    // Asked about and not finished: nothing for the user to fix, but not done either.
    [{ applied: 3, accepted: 1 }, 1, false, 3],
    [{ applied: 3, failed: 1 }, 0, false, 1],
    // A row the user must fix outweighs devices still pending.
    [{ accepted: 3, failed: 1 }, 3, false, 1],
    [{ accepted: 3, invalid: 1 }, 0, false, 1],
    [{ accepted: 3, 'not-sent': 1 }, 0, false, 1],
    [{ planned: 3, duplicate: 1 }, 0, true, 0],
    [{ planned: 3, invalid: 1 }, 0, true, 1],
    // A planned row in a run that sent was never sent.
    [{ accepted: 3, planned: 1 }, 0, false, 1],
  ];
  for (const [counts, pending, dryRun, code] of cases) assert.equal(exitCodeFor(with_(counts), pending, dryRun), code, JSON.stringify([counts, pending, dryRun]));
});

test('each exit code has its one outcome word', () => {
  assert.deepEqual([0, 1, 2, 3, 130].map(outcomeOf), ['done', 'needs-attention', 'not-started', 'pending', 'interrupted']);
});

test('per-customer counts carry the name the input gives, and count each status in its column', () => {
  const C = 'c7f3c849-129f-4b85-a96d-4f8e88b315a3';
  const counts = countResults(
    [
      { customer: C, result: { row: 2, status: 'applied', detail: '', deviceStatus: 'succeeded', batchJobUri: 'u' } },
      { customer: C, result: { row: 3, status: 'failed', detail: '', deviceStatus: 'failed', batchJobUri: 'u' } },
      { customer: C, result: { row: 4, status: 'not-sent', detail: '' } },
      { customer: '', result: { row: 5, status: 'invalid', detail: '' } },
    ],
    { requestsPerCustomer: new Map([[C, 1]]), names: new Map([[C, 'Contoso Ltd']]) },
  );
  assert.deepEqual(counts.perCustomer, [
    { customer: C, name: 'Contoso Ltd', rows: 3, applied: 1, accepted: 0, failed: 1, invalid: 0, notSent: 1, requests: 1, devicesSucceeded: 1, devicesFailed: 1, devicesPending: 0 },
    { customer: '(none)', rows: 1, applied: 0, accepted: 0, failed: 0, invalid: 1, notSent: 0, requests: 0 },
  ]);
  assert.equal(counts.batchJobs, 1);
});
