// A 300k-row sheet is within what the tool must handle (issue 2): the plan must still be exactly right.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RowCheck } from '../../src/model.js';
import { planRows } from '../../src/plan/plan.js';

const ROWS = 300_000;
const CUSTOMERS = Array.from({ length: 20 }, (_, i) => `${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`);
const P1 = '11111111-0000-4000-8000-000000000001';
const P2 = '22222222-0000-4000-8000-000000000002';

// Every 1000th row repeats the row before it; every 1000th row from 500 gives the row before it a
// second policy; every 997th row failed validation.
function check(i: number): RowCheck {
  if (i % 997 === 0) return { ok: false, index: i, rowNumber: i + 2, detail: 'bad' };
  const source = i % 1000 === 1 || i % 1000 === 501 ? i - 1 : i;
  const customer = CUSTOMERS[source % CUSTOMERS.length] ?? '';
  const policy = i % 1000 === 501 ? P2 : P1;
  return { ok: true, index: i, rowNumber: i + 2, customer, device: `DEV-${source}`, policy };
}

const valid = (i: number): boolean => i >= 0 && i < ROWS && i % 997 !== 0;

// Worked out from the generator above, independently of the planner.
function expectedStatus(i: number): 'planned' | 'invalid' | 'duplicate' {
  if (!valid(i)) return 'invalid';
  switch (i % 1000) {
    case 1:
      return valid(i - 1) ? 'duplicate' : 'planned';
    case 500:
      return valid(i + 1) ? 'invalid' : 'planned';
    case 501:
      return valid(i - 1) ? 'invalid' : 'planned';
    default:
      return 'planned';
  }
}

test('a 300k-row plan is exactly right, row by row and chunk by chunk', () => {
  const checks = Array.from({ length: ROWS }, (_, i) => check(i));
  const plan = planRows(checks, { chunkSize: 100 });
  assert.equal(plan.rows, ROWS);

  // Each row against what the generator says it must be; mismatches are collected so a failure lists
  // the first rows that are wrong rather than stopping at a total.
  const wrong: string[] = [];
  for (let i = 0; i < ROWS && wrong.length < 10; i++) {
    const o = plan.outcome(i);
    const c = checks[i];
    const status = expectedStatus(i);
    if (o === undefined || c === undefined || o.index !== i || o.rowNumber !== i + 2 || o.status !== status) {
      wrong.push(`row ${i}: ${o?.status} (index ${o?.index}), expected ${status}`);
    } else if (o.status === 'duplicate' && (o.duplicateOf !== i - 1 || o.detail !== `duplicate of row ${i + 1}`)) {
      wrong.push(`row ${i}: duplicate of ${o.duplicateOf} "${o.detail}", expected of ${i - 1}`);
    } else if (o.status === 'planned' && c.ok && (o.customer !== c.customer || o.device !== c.device || o.policy !== c.policy)) {
      wrong.push(`row ${i}: planned ${o.customer} ${o.device} ${o.policy}`);
    } else if (o.status === 'invalid' && c.ok && !o.detail.includes(`DEV-${i % 1000 === 500 ? i : i - 1}`)) {
      wrong.push(`row ${i}: conflict detail "${o.detail}" does not name the device`);
    }
  }
  assert.deepEqual(wrong, []);

  // The chunks, worked out independently: each customer's planned rows in input order, cut every 100,
  // customers in order of first appearance.
  const byCustomer = new Map<string, number[]>();
  for (let i = 0; i < ROWS; i++) {
    const c = checks[i];
    if (c?.ok !== true || expectedStatus(i) !== 'planned') continue;
    const rows = byCustomer.get(c.customer);
    if (rows === undefined) byCustomer.set(c.customer, [i]);
    else rows.push(i);
  }
  const expectedChunks: Array<[string, number[]]> = [];
  for (const [customer, rows] of byCustomer) {
    for (let start = 0; start < rows.length; start += 100) expectedChunks.push([customer, rows.slice(start, start + 100)]);
  }
  assert.deepEqual(plan.customers, [...byCustomer.keys()]);
  assert.equal(plan.chunks.length, expectedChunks.length);
  plan.chunks.forEach((chunk, n) => {
    const [customer, rows] = expectedChunks[n] ?? ['', []];
    assert.equal(chunk.customer, customer, `chunk ${n}`);
    assert.deepEqual(chunk.items.map((item) => item.index), rows, `chunk ${n}`);
  });
});
