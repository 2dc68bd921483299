// What a journal's uploads mean for a resumed run: which jobs to track, which requests to send again
// under their MS-RequestIds, which devices were refused for good, and which batches exist.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EarlierRequest, RecordedAnswer, RegisterItem } from '../../src/journal/format.js';
import { deviceKey, resumeUploads } from '../../src/journal/resume.js';

const A = 'c7f3c849-129f-4b85-a96d-4f8e88b315a3';
const item = (index: number): RegisterItem => ({ index, rowNumber: index + 2, key: `k${index}`, label: `SN${index}`, batch: 'Q3', device: { serialNumber: `SN${index}`, manufacturer: 'M', model: 'X' } });

function request(requestId: string, op: 'create-batch' | 'add-devices', indexes: number[], answer?: RecordedAnswer): EarlierRequest {
  return { intent: { kind: 'intent', requestId, op, customer: A, at: 'T0', items: indexes.map(item) }, answer, answeredAt: answer === undefined ? undefined : 'T1' };
}
const accepted: RecordedAnswer = { kind: 'accepted', httpStatus: 202, batchJobUri: 'https://pc/v1/customers/x/batchJobStatus/j1', trackingId: 'j1' };

test('accepted uploads are tracked, unanswered and transient ones sent again, and their batches exist', () => {
  const r = resumeUploads([
    request('r1', 'create-batch', [0, 1], accepted),
    request('r2', 'add-devices', [2]),
    request('r3', 'add-devices', [3], { kind: 'transient', detail: 'no answer in time' }),
  ]);
  assert.deepEqual(r.uploads.map((u) => [u.requestId, u.op, u.accepted?.trackingId ?? 'resend']), [
    ['r1', 'create-batch', 'j1'],
    ['r2', 'add-devices', 'resend'],
    ['r3', 'add-devices', 'resend'],
  ]);
  assert.deepEqual([...r.batches], [deviceKey(A, 'Q3')]);
  assert.equal(r.refused.size, 0);
});

test('a 409 on create leaves its devices to be added afresh; other refusals are final; a split fails only those named', () => {
  const r = resumeUploads([
    request('r1', 'create-batch', [0], { kind: 'refused', httpStatus: 409, errorCode: 'DeviceBatchAlreadyExists', detail: 'exists' }),
    request('r2', 'add-devices', [1], { kind: 'refused', httpStatus: 403, detail: 'forbidden' }),
    request('r3', 'add-devices', [2, 3], { kind: 'split', httpStatus: 400, detail: 'SN2 is bad', items: [2] }),
  ]);
  assert.deepEqual(r.uploads, []);
  assert.deepEqual([...r.batches], [deviceKey(A, 'Q3')]);
  assert.deepEqual([...r.refused.keys()], [deviceKey(A, 'k1'), deviceKey(A, 'k2')]);
  assert.deepEqual([r.refused.get(deviceKey(A, 'k1'))?.status, r.refused.get(deviceKey(A, 'k1'))?.httpStatus], ['failed', 403]);
});

test('a later request for a device decides it; a request some of whose devices moved on is not sent again', () => {
  const r = resumeUploads([
    request('r1', 'create-batch', [0, 1]),
    request('r2', 'add-devices', [1], accepted),
  ]);
  assert.deepEqual(r.uploads.map((u) => u.requestId), ['r2']);
  // A create refused with a 400 made no batch.
  assert.deepEqual([...resumeUploads([request('r9', 'create-batch', [0], { kind: 'refused', httpStatus: 400, detail: 'bad' })]).batches], []);
});
