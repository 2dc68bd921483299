// What a later run makes of an unfinished run's journal: answered rows kept, requests without a final
// answer sent again whole under their recorded MS-RequestIds, the rest planned anew.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resumeFrom } from '../../src/journal/resume.js';
import { withResends } from '../../src/journal/resume.js';
import { planRows } from '../../src/plan/plan.js';
import { journalKey, type EarlierRequest, type RecordedAnswer } from '../../src/journal/format.js';
import type { RowCheck } from '../../src/model.js';

const C = 'c7f3c849-129f-4b85-a96d-4f8e88b315a3';
const P = '15a04610-9229-4e80-94e0-0e826a09c9e2';
const AT = '2025-01-02T03:04:05.000Z';

function request(requestId: string, devices: number[], answer?: RecordedAnswer): EarlierRequest {
  return {
    intent: { kind: 'intent', requestId, op: 'update', customer: C, at: AT, items: devices.map((d) => ({ index: d, rowNumber: d + 2, device: `D${d}`, policy: P })) },
    answer,
    answeredAt: answer === undefined ? undefined : AT,
  };
}

const accepted: RecordedAnswer = { kind: 'accepted', httpStatus: 202, batchJobUri: 'https://pc.test/v1/customers/c/batchJobStatus/j1', trackingId: 'j1' };
const key = (d: number) => journalKey(C, `D${d}`, P);

test('accepted and refused rows are kept as answered; a request with no answer or a transient one is sent again whole', () => {
  const { recovered, resend } = resumeFrom([
    request('r1', [0, 1], accepted),
    request('r2', [2], { kind: 'refused', httpStatus: 403, errorCode: '600001', detail: 'not authorized' }),
    request('r3', [3, 4], { kind: 'transient', detail: 'no answer in time' }),
    request('r4', [5, 6]),
  ]);
  assert.deepEqual([...recovered.keys()], [key(0), key(1), key(2)]);
  assert.deepEqual(recovered.get(key(0)), {
    row: 2, status: 'accepted', detail: 'accepted (HTTP 202); batch job j1', batchJobUri: accepted.batchJobUri, trackingId: 'j1', httpStatus: 202, requestId: 'r1', sentAt: AT,
  });
  assert.deepEqual(recovered.get(key(2)), { row: 4, status: 'failed', detail: 'not authorized', httpStatus: 403, errorCode: '600001', requestId: 'r2', sentAt: AT });
  assert.deepEqual(resend.map((r) => [r.requestId, r.items.map((i) => i.device)]), [['r3', ['D3', 'D4']], ['r4', ['D5', 'D6']]]);
});

test('after a 400 that named one device, that device is kept as failed and the rest follow their later request', () => {
  const { recovered, resend } = resumeFrom([
    request('r1', [0, 1, 2], { kind: 'split', httpStatus: 400, errorCode: 'PolicyNotFound', detail: 'Device D1: policy not found', items: [1] }),
    // The rest went out in a request of its own, which the kill left unanswered.
    request('r1r', [0, 2]),
  ]);
  assert.deepEqual([...recovered.keys()], [key(1)]);
  assert.equal(recovered.get(key(1))?.status, 'failed');
  assert.deepEqual(resend.map((r) => r.requestId), ['r1r']);
});

test('after a 400 that named nobody and whose halves never went out, every device is planned anew (nothing to resend)', () => {
  const { recovered, resend } = resumeFrom([request('r1', [0, 1, 2, 3], { kind: 'split', httpStatus: 400, detail: 'invalid', items: [] })]);
  assert.equal(recovered.size, 0);
  assert.deepEqual(resend, []);
});

test('the plan sends the requests again first, under their IDs, and keeps their devices out of the fresh chunks', () => {
  const checks: RowCheck[] = Array.from({ length: 7 }, (_, i) => ({ ok: true, index: i, rowNumber: i + 2, customer: C, device: `D${i}`, policy: P }));
  const plan = planRows(checks, { chunkSize: 3 });
  const { resend } = resumeFrom([request('r9', [4, 5])]);
  const chunks = withResends(plan, resend);
  assert.deepEqual(chunks.map((c) => [c.requestId ?? 'new', c.items.map((i) => i.device)]), [
    ['r9', ['D4', 'D5']],
    ['new', ['D0', 'D1', 'D2']],
    ['new', ['D3']],
    ['new', ['D6']],
  ]);
});

test('a request whose devices are not all still to be sent is not sent again under its ID; its devices stay planned', () => {
  const checks: RowCheck[] = Array.from({ length: 3 }, (_, i) => ({ ok: true, index: i, rowNumber: i + 2, customer: C, device: `D${i}`, policy: P }));
  const plan = planRows(checks, { chunkSize: 3 });
  const chunks = withResends(plan, resumeFrom([request('r9', [2, 7])]).resend);
  assert.deepEqual(chunks.map((c) => [c.requestId ?? 'new', c.items.map((i) => i.device)]), [['new', ['D0', 'D1', 'D2']]]);
});
