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

test('a 300k-row plan is exactly right', () => {
  const checks = Array.from({ length: ROWS }, (_, i) => check(i));
  const plan = planRows(checks, { chunkSize: 100 });

  const counts = { planned: 0, invalid: 0, duplicate: 0, kept: 0, unchanged: 0 };
  for (const outcome of plan.outcomes) counts[outcome.status]++;
  const expected = { planned: 0, invalid: 0, duplicate: 0, kept: 0, unchanged: 0 };
  for (let i = 0; i < ROWS; i++) expected[expectedStatus(i)]++;
  assert.deepEqual(counts, expected);
  assert.equal(plan.outcomes.length, ROWS);
  plan.outcomes.forEach((outcome, i) => assert.equal(outcome.index, i));

  // Every planned row sent once, under its customer, in input order, in chunks of at most 100.
  const seen = new Set<number>();
  const lastIndex = new Map<string, number>();
  for (const chunk of plan.chunks) {
    assert.ok(chunk.items.length >= 1 && chunk.items.length <= 100);
    for (const item of chunk.items) {
      assert.ok(!seen.has(item.index));
      seen.add(item.index);
      const outcome = plan.outcomes[item.index];
      assert.equal(outcome?.status === 'planned' ? outcome.customer : undefined, chunk.customer);
      assert.ok(item.index > (lastIndex.get(chunk.customer) ?? -1));
      lastIndex.set(chunk.customer, item.index);
    }
  }
  assert.equal(seen.size, counts.planned);
  const firstSeen = new Set<string>();
  for (const c of checks) if (c.ok && expectedStatus(c.index) === 'planned') firstSeen.add(c.customer);
  assert.deepEqual(plan.customers, [...firstSeen]);
  const perCustomer = new Map<string, number>();
  for (const o of plan.outcomes) if (o.status === 'planned') perCustomer.set(o.customer, (perCustomer.get(o.customer) ?? 0) + 1);
  const expectedChunks = [...perCustomer.values()].reduce((sum, rows) => sum + Math.ceil(rows / 100), 0);
  assert.equal(plan.chunks.length, expectedChunks);
});
