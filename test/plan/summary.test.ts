import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RowCheck } from '../../src/model.js';
import { planRows } from '../../src/plan/plan.js';
import { summarisePlan } from '../../src/plan/summary.js';

const A = 'aaaaaaaa-0000-4000-8000-000000000001';
const B = 'bbbbbbbb-0000-4000-8000-000000000002';
const P = '11111111-0000-4000-8000-000000000001';

test('the plan summary counts rows by status, customers to send to and requests', () => {
  const checks = [
    { ok: true, index: 0, rowNumber: 2, customer: A, device: 'D1', policy: P },
    { ok: true, index: 1, rowNumber: 3, customer: A, device: 'D2', policy: P },
    { ok: true, index: 2, rowNumber: 4, customer: A, device: 'D3', policy: P },
    { ok: true, index: 3, rowNumber: 5, customer: A, device: 'D1', policy: P },
    { ok: false, index: 4, rowNumber: 6, detail: 'bad' },
    { ok: true, index: 5, rowNumber: 7, customer: B, device: 'D9', policy: P },
  ] satisfies RowCheck[];
  const summary = summarisePlan(planRows(checks, { chunkSize: 2, kept: new Set([5]) }));
  assert.deepEqual(summary, {
    rows: 6,
    byStatus: { planned: 3, invalid: 1, duplicate: 1, kept: 1, unchanged: 0 },
    customers: 1,
    requests: 2,
    perCustomer: [{ customer: A, devices: 3, requests: 2 }],
  });
});
