import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PlannedOutcome, RowCheck } from '../../src/model.js';
import { planRows } from '../../src/plan/plan.js';
import { outcomesOf } from '../../src/plan/planned-rows.js';
import { keyHash } from '../../src/plan/device-groups.js';

const A = 'aaaaaaaa-0000-4000-8000-000000000001';
const B = 'bbbbbbbb-0000-4000-8000-000000000002';
const P1 = '11111111-0000-4000-8000-000000000001';
const P2 = '22222222-0000-4000-8000-000000000002';

// Data rows start under a header on row 1, so row index i is spreadsheet row i + 2.
function valid(index: number, customer: string, device: string, policy: string): RowCheck {
  return { ok: true, index, rowNumber: index + 2, customer, device, policy };
}

/** The part of an outcome a user sees in the results: status and Detail, or the row it repeats. */
function seen(outcome: PlannedOutcome): string {
  switch (outcome.status) {
    case 'planned':
    case 'kept':
    case 'unchanged':
      return `${outcome.status} ${outcome.device}`;
    case 'invalid':
      return `invalid: ${outcome.detail}`;
    case 'duplicate':
      return `duplicate of index ${outcome.duplicateOf}: ${outcome.detail}`;
  }
}

interface Case {
  name: string;
  checks: RowCheck[];
  kept?: number[];
  expected: string[];
}

const cases = [
  {
    name: 'a row that failed validation stays invalid with its detail',
    checks: [{ ok: false, index: 0, rowNumber: 2, detail: 'Customer ID "x" is not a GUID' }, valid(1, A, 'D1', P1)],
    expected: ['invalid: Customer ID "x" is not a GUID', 'planned D1'],
  },
  {
    name: 'repeats of a row are duplicates of the first, by its row number',
    checks: [valid(0, A, 'D1', P1), valid(1, A, 'D2', P1), valid(2, A, 'D1', P1), valid(3, A, 'D1', P1)],
    expected: ['planned D1', 'planned D2', 'duplicate of index 0: duplicate of row 2', 'duplicate of index 0: duplicate of row 2'],
  },
  {
    name: 'the same device under two customers is two devices',
    checks: [valid(0, A, 'D1', P1), valid(1, B, 'D1', P2)],
    expected: ['planned D1', 'planned D1'],
  },
  {
    name: 'device IDs are opaque: a different case is a different device',
    checks: [valid(0, A, 'ab-1', P1), valid(1, A, 'AB-1', P2)],
    expected: ['planned ab-1', 'planned AB-1'],
  },
  {
    name: 'surrounding spaces do not make a different device',
    checks: [valid(0, A, 'D1', P1), valid(1, A, ' D1 ', P1)],
    expected: ['planned D1', 'duplicate of index 0: duplicate of row 2'],
  },
  {
    name: 'one device with two policies makes every such row invalid, the first included',
    checks: [valid(0, A, 'D1', P1), valid(1, A, 'D2', P1), valid(2, A, 'D1', P2)],
    expected: [
      `invalid: device "D1" of customer ${A} is listed with 2 different policies: rows 2 (policy ${P1}), 4 (policy ${P2})`,
      'planned D2',
      `invalid: device "D1" of customer ${A} is listed with 2 different policies: rows 2 (policy ${P1}), 4 (policy ${P2})`,
    ],
  },
  {
    name: 'a conflict swallows duplicates too: no row of the device is sent',
    checks: [valid(0, A, 'D1', P1), valid(1, A, 'D1', P1), valid(2, A, 'D1', P2)],
    expected: [0, 1, 2].map(
      () =>
        `invalid: device "D1" of customer ${A} is listed with 2 different policies: ` +
        `rows 2 (policy ${P1}), 3 (policy ${P1}), 4 (policy ${P2})`,
    ),
  },
  {
    name: 'a row repeating one accepted earlier is its duplicate, and the kept row is not planned',
    checks: [valid(0, A, 'D1', P1), valid(1, A, 'D1', P1), valid(2, A, 'D2', P1)],
    kept: [0],
    expected: ['kept D1', 'duplicate of index 0: duplicate of row 2', 'planned D2'],
  },
  {
    name: 'an unsent copy above a kept row repeats the kept row rather than being sent again',
    checks: [valid(0, A, 'D1', P1), valid(1, A, 'D1', P1)],
    kept: [1],
    expected: ['duplicate of index 1: duplicate of row 3', 'kept D1'],
  },
  {
    name: 'a new policy for a device accepted earlier is a conflict; the kept row stays kept',
    checks: [valid(0, A, 'D1', P1), valid(1, A, 'D1', P2)],
    kept: [0],
    expected: [
      'kept D1',
      `invalid: device "D1" of customer ${A} is listed with 2 different policies: ` +
        `rows 2 (policy ${P1}, accepted earlier), 3 (policy ${P2})`,
    ],
  },
] satisfies Case[];

for (const c of cases) {
  test(c.name, () => {
    const plan = planRows(c.checks, { chunkSize: 100, ...(c.kept ? { kept: new Set(c.kept) } : {}) });
    const outcomes = outcomesOf(plan);
    assert.deepEqual(outcomes.map(seen), c.expected);
    const chunked = plan.chunks.flatMap((chunk) => chunk.items.map((item) => item.index));
    const planned = outcomes.filter((o) => o.status === 'planned').map((o) => o.index);
    assert.deepEqual(chunked.sort(), planned.sort(), 'exactly the planned rows are sent');
  });
}

test('a conflict among many rows names the first 20 and counts the rest', () => {
  const checks = Array.from({ length: 25 }, (_, i) => valid(i, A, 'D1', i % 2 === 0 ? P1 : P2));
  const first = planRows(checks, { chunkSize: 10 }).outcome(0);
  assert.equal(first?.status, 'invalid');
  assert.match(first.status === 'invalid' ? first.detail : '', /rows 2 \(policy .*\), .*21 \(policy [^)]*\) and 5 more$/);
});

/** Two device IDs of customer A that the planner files under the same 32-bit hash (a birthday search). */
function collidingDevices(): [string, string] {
  const seen = new Map<number, string>();
  for (let i = 0; ; i++) {
    const device = `DEV-${i}`;
    const hash = keyHash(A, device);
    const earlier = seen.get(hash);
    if (earlier !== undefined) return [earlier, device];
    seen.set(hash, device);
  }
}

test('two devices whose IDs share a hash stay two devices, each with its own duplicates and conflicts', () => {
  const [d1, d2] = collidingDevices();
  const checks = [
    valid(0, A, d1, P1),
    valid(1, A, d2, P1),
    valid(2, A, d2, P1),
    valid(3, A, d1, P2),
    valid(4, A, d2, P1),
  ];
  const plan = planRows(checks, { chunkSize: 10 });
  assert.deepEqual(outcomesOf(plan).map((o) => o.status), ['invalid', 'planned', 'duplicate', 'invalid', 'duplicate']);
  const conflict = plan.outcome(0);
  assert.match(conflict.status === 'invalid' ? conflict.detail : '', new RegExp(`^device "${d1}" .* rows 2 \\(policy .*\\), 5 \\(policy .*\\)$`));
  assert.deepEqual([2, 4].map((i) => plan.outcome(i)).map((o) => (o.status === 'duplicate' ? o.duplicateOf : -1)), [1, 1]);
});

test('planned rows keep their normalized values in the chunk', () => {
  const plan = planRows([valid(0, A, ' D1 ', P1)], { chunkSize: 5 });
  assert.deepEqual(plan.chunks, [{ id: `${A}#1`, customer: A, items: [{ index: 0, rowNumber: 2, device: 'D1', policy: P1 }] }]);
});

test('chunks group rows by customer in order of first appearance, rows in input order', () => {
  const C = 'cccccccc-0000-4000-8000-000000000003';
  const checks = [
    { ok: false, index: 0, rowNumber: 2, detail: 'bad' },
    valid(1, B, 'B1', P1),
    valid(2, A, 'A1', P1),
    valid(3, B, 'B2', P1),
    valid(4, C, 'C1', P1),
    valid(5, A, 'A2', P1),
    valid(6, B, 'B3', P1),
  ] satisfies RowCheck[];
  const plan = planRows(checks, { chunkSize: 2 });
  assert.deepEqual(plan.customers, [B, A, C]);
  assert.deepEqual(
    plan.chunks.map((chunk) => [chunk.id, chunk.items.map((item) => item.device)]),
    [
      [`${B}#1`, ['B1', 'B2']],
      [`${B}#2`, ['B3']],
      [`${A}#1`, ['A1', 'A2']],
      [`${C}#1`, ['C1']],
    ],
  );
});

test('a customer whose rows are all invalid, kept or duplicates has no chunks', () => {
  const plan = planRows([valid(0, A, 'D1', P1), valid(1, B, 'D1', P1), valid(2, B, 'D1', P1)], {
    chunkSize: 10,
    kept: new Set([1]),
  });
  assert.deepEqual(plan.customers, [A]);
  assert.deepEqual(plan.chunks.map((c) => c.id), [`${A}#1`]);
});

const boundaries = [
  { rows: 5, chunkSize: 1, sizes: [1, 1, 1, 1, 1] },
  { rows: 6, chunkSize: 3, sizes: [3, 3] },
  { rows: 7, chunkSize: 3, sizes: [3, 3, 1] },
  { rows: 3, chunkSize: 100, sizes: [3] },
  { rows: 0, chunkSize: 100, sizes: [] },
] satisfies Array<{ rows: number; chunkSize: number; sizes: number[] }>;

for (const { rows, chunkSize, sizes } of boundaries) {
  test(`${rows} rows in chunks of ${chunkSize} → sizes [${sizes.join(', ')}]`, () => {
    const checks = Array.from({ length: rows }, (_, i) => valid(i, A, `D${i}`, P1));
    const plan = planRows(checks, { chunkSize });
    assert.deepEqual(plan.chunks.map((c) => c.items.length), sizes);
    assert.deepEqual(plan.chunks.map((c) => c.id), sizes.map((_, n) => `${A}#${n + 1}`));
    assert.deepEqual(plan.chunks.flatMap((c) => c.items.map((i) => i.index)), checks.map((c) => c.index));
  });
}

const badSizes = [0, -1, 1.5, Number.NaN] satisfies number[];
for (const chunkSize of badSizes) {
  test(`chunk size ${chunkSize} is refused`, () => {
    assert.throws(() => planRows([], { chunkSize }), RangeError);
  });
}
