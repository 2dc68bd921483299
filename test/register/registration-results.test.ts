// What registering makes of each row: the new ID to assign, or a final word the user can act on.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planUploads } from '../../src/register/plan-uploads.js';
import { registrationResults } from '../../src/register/registration-results.js';
import type { UploadOutcome } from '../../src/register/upload-outcomes.js';
import type { ItemOutcome } from '../../src/send/outcomes.js';

const A = 'c7f3c849-129f-4b85-a96d-4f8e88b315a3';
const rows = [0, 1, 2, 3, 4].map((index) => ({ index, rowNumber: index + 2, customer: A, serial: `SN${index}`, manufacturer: 'HP', model: 'X' }));
// Row 5 is the same device as row 0.
const plan = planUploads([...rows, { ...rows[0]!, index: 5, rowNumber: 7 }], { chunkSize: 10, batch: 'Q3', existingBatch: () => undefined });
const accepted: ItemOutcome = { status: 'accepted', batchJobUri: 'https://pc/v1/customers/x/batchJobStatus/job-1', trackingId: 'job-1', httpStatus: 202, requestId: 'req-1', sentAt: '2025-01-01T00:00:00.000Z' };

test('registered rows get their new ID and batch; refusals and unfinished jobs are final words; a repeated device shares its first row’s', () => {
  const sent = new Map<number, ItemOutcome>([0, 1, 2, 5].map((i) => [i, accepted]));
  sent.set(3, { status: 'failed', httpStatus: 400, errorCode: 'InvalidRequestBody', detail: 'Device at index 0 has neither…', requestId: 'req-2', sentAt: '2025-01-01T00:00:01.000Z' });
  sent.set(4, { status: 'not-sent', detail: 'not sent: interrupted' });
  const tracked = new Map<number, UploadOutcome>([
    [0, { kind: 'registered', deviceId: 'new-0' }],
    [1, { kind: 'refused', errorCode: '808', detail: '808 ZtdDeviceAssignedToOtherTenant — the device is registered to another tenant.' }],
    [2, { kind: 'pending' }],
  ]);
  const uploaded = new Map([...plan.creates, ...plan.adds].flatMap((u) => u.items.map((i) => [i.index, { rowNumber: i.rowNumber, batch: u.batch, customer: u.customer }] as const)));
  const results = registrationResults(plan.outcomes, uploaded, { sent, tracked, unfinishedBecause: 'still running after --wait-timeout 1800 s' });
  assert.deepEqual(results.get(0), { kind: 'registered', deviceId: 'new-0', batch: 'Q3' });
  assert.deepEqual(results.get(5), { kind: 'registered', deviceId: 'new-0', batch: 'Q3' });
  assert.deepEqual(results.get(1), {
    kind: 'stopped',
    result: {
      row: 3,
      status: 'failed',
      detail: 'not registered (upload job job-1): 808 ZtdDeviceAssignedToOtherTenant — the device is registered to another tenant.',
      errorCode: '808',
      requestId: 'req-1',
      sentAt: '2025-01-01T00:00:00.000Z',
    },
  });
  const pending = results.get(2);
  assert.ok(pending?.kind === 'stopped');
  assert.equal(pending.result.status, 'not-sent');
  assert.match(pending.result.detail, /upload job job-1 had not finished .*still running after --wait-timeout.*run the same command again/);
  const refused = results.get(3);
  assert.ok(refused?.kind === 'stopped');
  assert.deepEqual([refused.result.status, refused.result.httpStatus, refused.result.errorCode], ['failed', 400, 'InvalidRequestBody']);
  assert.match(refused.result.detail, /^not registered: the upload into batch "Q3" was refused: Device at index 0/);
  assert.deepEqual(results.get(4), { kind: 'stopped', result: { row: 6, status: 'not-sent', detail: 'not sent: interrupted' } });
});
