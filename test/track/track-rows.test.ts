import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RowResult, Status } from '../../src/model.js';
import { mergeTracking, trackRows } from '../../src/track/track-rows.js';
import { settleStatus } from '../../src/track/final-status.js';
import { busy, fakeApi, fakeClock, httpError, job, ok, other } from './fake-api.js';
import { accepted } from './fixtures.js';

const J1 = 'https://pc.test/v1/customers/c/batchJobStatus/j1';
const J2 = 'https://pc.test/v1/customers/c/batchJobStatus/j2';

test('rows are grouped by batch job; duplicates take their first row’s outcome; rows without a job are untouched', async () => {
  const invalid: RowResult = { row: 5, status: 'invalid', detail: 'customer is not a GUID' };
  const rows = [
    { index: 0, device: 'a', result: accepted(2, J1) },
    { index: 1, device: 'b', result: accepted(3, J1) },
    { index: 2, device: 'c', result: accepted(4, J2) },
    { index: 3, device: '', result: invalid },
    { index: 4, device: 'B', result: { ...accepted(6, J1), status: 'duplicate', detail: 'duplicate of row 3' } satisfies RowResult },
  ];
  const api = fakeApi({ [J1]: [job('finished_with_errors', [ok('a'), other('b')])], [J2]: [job('finished', [ok('c')])] });
  const out = await trackRows(rows, { api, ...fakeClock() });
  assert.equal(api.calls.length, 2);
  assert.equal(out.tracked, 3);
  assert.deepEqual(out.devices, { succeeded: 2, failed: 1, pending: 0 });
  assert.equal(out.results.get(3), invalid, 'the very same object: nothing about it changed');
  assert.equal(out.results.get(1)?.deviceStatus, 'failed');
  assert.equal(out.results.get(4)?.deviceStatus, 'failed');
  assert.equal(out.results.get(4)?.deviceError, out.results.get(1)?.deviceError);
  assert.equal(out.results.get(4)?.status, 'duplicate');
  assert.equal(out.results.get(0)?.httpStatus, 202, 'the other result fields are kept');
});

test('a duplicate copies the row with its exact ID before one that differs in case; one without an original is polled', async () => {
  const dup = (row: number, uri: string): RowResult => ({ ...accepted(row, uri), status: 'duplicate' });
  const rows = [
    { index: 0, device: 'b', result: accepted(2, J1) },
    { index: 1, device: 'B', result: accepted(3, J1) },
    { index: 2, device: 'B', result: dup(4, J1) },
    // No row of J2 sent `x`: the first such duplicate is polled, the next copies it.
    { index: 3, device: 'x', result: dup(5, J2) },
    { index: 4, device: 'X', result: dup(6, J2) },
  ];
  const api = fakeApi({ [J1]: [job('finished_with_errors', [ok('b'), other('B')])], [J2]: [job('finished', [ok('x')])] });
  const out = await trackRows(rows, { api, ...fakeClock() });
  assert.equal(out.results.get(2)?.deviceStatus, 'failed', 'row 1 (exact `B`), not row 0 (`b`)');
  assert.equal(out.tracked, 3);
  assert.equal(out.results.get(3)?.deviceStatus, 'succeeded');
  assert.equal(out.results.get(4)?.deviceStatus, 'succeeded');
  assert.equal(api.calls.length, 2);
});

test('merging: a new answer replaces the old device error; a transient error keeps an outcome already known', () => {
  const before = accepted(2, J1, { jobStatus: 'finished_with_errors', deviceStatus: 'failed', deviceError: 'old', checkedAt: 'earlier' });
  const fresh = mergeTracking(before, { jobStatus: 'finished', deviceStatus: 'succeeded', checkedAt: 'now' });
  assert.equal(fresh.deviceError, undefined);
  assert.equal('deviceError' in fresh, false);
  assert.equal(fresh.deviceStatus, 'succeeded');
  assert.equal(fresh.status, 'applied', 'Status follows the device');
  const kept = mergeTracking(before, { jobStatus: 'error', deviceStatus: 'pending', deviceError: 'HTTP 503', checkedAt: 'now' });
  // The outcome already known stays, and (a file written before Status followed the device) Status says it.
  assert.deepEqual(kept, { ...before, status: 'failed', detail: 'old' });
  const unknown = mergeTracking(accepted(2, J1), undefined);
  assert.deepEqual([unknown.status, unknown.deviceStatus], ['accepted', 'pending']);
});

test('Status is the final word: succeeded → applied, failed → failed with the device error, pending stays accepted; duplicates and untracked rows alone', () => {
  const cases: Array<[RowResult, Status, string | RegExp]> = [
    [accepted(2, J1, { deviceStatus: 'succeeded' }), 'applied', /^applied: the service confirmed the device took the policy \(batch job j1\)$/],
    [accepted(2, J1, { deviceStatus: 'failed', deviceError: '808 ZtdDeviceAssignedToOtherTenant — registered to another tenant' }), 'failed',
      '808 ZtdDeviceAssignedToOtherTenant — registered to another tenant'],
    [accepted(2, J1, { deviceStatus: 'pending', detail: 'accepted (HTTP 202)' }), 'accepted', 'accepted (HTTP 202)'],
    [{ ...accepted(2, J1, { status: 'applied', deviceStatus: 'pending' }) }, 'accepted', /not known yet/],
    [{ ...accepted(3, J1, { deviceStatus: 'failed', deviceError: 'x' }), status: 'duplicate', detail: 'duplicate of row 2' }, 'duplicate', 'duplicate of row 2'],
    [{ row: 4, status: 'failed', detail: 'HTTP 403', httpStatus: 403 }, 'failed', 'HTTP 403'],
  ];
  for (const [before, status, detail] of cases) {
    const after = settleStatus(before);
    assert.equal(after.status, status, JSON.stringify(before));
    if (typeof detail === 'string') assert.equal(after.detail, detail);
    else assert.match(after.detail, detail);
    assert.equal(after.httpStatus, before.httpStatus, 'request-level columns are kept');
    assert.equal(after.requestId, before.requestId);
  }
});

test('a job still running leaves its devices pending', async () => {
  const api = fakeApi({ [J1]: [job('processing', [busy('a')])], [J2]: [httpError(404, 'gone')] });
  const out = await trackRows(
    [{ index: 0, device: 'a', result: accepted(2, J1) }, { index: 1, device: 'c', result: accepted(3, J2) }],
    { api, ...fakeClock() },
  );
  assert.deepEqual(out.devices, { succeeded: 0, failed: 0, pending: 2 });
});

test('50k rows and 50k duplicates: every duplicate takes its own original’s outcome', async () => {
  // Duplicates were matched by scanning the polled rows once each (40k took 12 s); this size is there so
  // that a return to that shows as a test run that crawls, while the assertions check the matching.
  const n = 50_000;
  const jobs = 100;
  const uri = (i: number): string => `https://pc.test/v1/customers/c/batchJobStatus/j${i % jobs}`;
  const device = (i: number): string => `Device-${i}`;
  const rows = [];
  for (let i = 0; i < n; i++) rows.push({ index: i, device: device(i), result: accepted(i + 2, uri(i)) });
  for (let i = 0; i < n; i++) {
    // Half repeat the ID as written, half in other case (the service compares IDs without case).
    const id = i % 2 === 0 ? device(i) : device(i).toUpperCase();
    rows.push({ index: n + i, device: id, result: { ...accepted(n + i + 2, uri(i)), status: 'duplicate' } satisfies RowResult });
  }
  // Every third device fails, so a duplicate copying the wrong row shows.
  const answers = Object.fromEntries(
    Array.from({ length: jobs }, (_, j) => {
      const entries = [];
      for (let i = j; i < n; i += jobs) entries.push(i % 3 === 0 ? other(device(i)) : ok(device(i)));
      return [uri(j), [job('finished_with_errors', entries)]];
    }),
  );
  const api = fakeApi(answers);
  const out = await trackRows(rows, { api, ...fakeClock() });
  assert.equal(api.calls.length, jobs, 'each job asked once: duplicates are not polled');
  assert.equal(out.tracked, n);
  const failed = Math.ceil(n / 3);
  assert.deepEqual(out.devices, { succeeded: n - failed, failed, pending: 0 });
  for (let i = 0; i < n; i++) {
    const original = out.results.get(i);
    const dup = out.results.get(n + i);
    assert.equal(original?.deviceStatus, i % 3 === 0 ? 'failed' : 'succeeded');
    assert.equal(dup?.deviceStatus, original?.deviceStatus, `duplicate of row ${i}`);
    assert.equal(dup?.deviceError, original?.deviceError, `duplicate of row ${i}`);
    assert.equal(dup?.status, 'duplicate');
  }
});
