// Exit codes and counts as SPEC §2 states them: what is fine, what is not, and when waiting changes that.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyByStatus, type Status } from '../../src/model.js';
import { countResults, exitCodeFor } from '../../src/record/row-counts.js';

const with_ = (counts: Partial<Record<Status, number>>) => ({ ...emptyByStatus(), ...counts });

test('exit 0 only when every row is applied, accepted (no wait asked) or unchanged; duplicates are fine', () => {
  const cases: Array<[Partial<Record<Status, number>>, boolean, boolean, 0 | 1]> = [
    [{ applied: 3, unchanged: 1, duplicate: 2 }, false, true, 0],
    [{ applied: 3, accepted: 1 }, false, false, 0],
    [{ applied: 3, accepted: 1 }, false, true, 1],
    [{ applied: 3, failed: 1 }, false, true, 1],
    [{ accepted: 3, invalid: 1 }, false, false, 1],
    [{ accepted: 3, 'not-sent': 1 }, false, false, 1],
    [{ planned: 3, duplicate: 1 }, true, false, 0],
    [{ planned: 3, invalid: 1 }, true, false, 1],
  ];
  for (const [counts, dryRun, waited, code] of cases) assert.equal(exitCodeFor(with_(counts), dryRun, waited), code, JSON.stringify([counts, dryRun, waited]));
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
