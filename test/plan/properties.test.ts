// Properties of validate → plan over random sheets (fast-check): whatever the rows, each gets exactly
// one outcome, chunks hold one customer and at most --chunk-size devices, every planned row is in
// exactly one chunk, and a duplicate points at a row that is sent (or was, in an earlier run).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { MappedRow } from '../../src/model.js';
import { planRows } from '../../src/plan/plan.js';
import { outcomesOf } from '../../src/plan/planned-rows.js';
import { validateRow } from '../../src/validate/rules.js';

// Few values, so that duplicates, conflicts and shared customers are common; some of them invalid.
const CUSTOMERS = ['c7f3c849-129f-4b85-a96d-4f8e88b315a3', '{1ECEDAEC-F4FC-461A-A132-6C7861DFC534}', '645dc068-4825-4028-8073-964c76321efe', 'not-a-guid', '', '#REF!'];
const DEVICES = ['DEV-1', 'DEV-2', 'dev-1', ' DEV-3 ', '', '9.99386E+15', 'x'.repeat(300), 'DEV\u00074'];
const POLICIES = ['15a04610-9229-4e80-94e0-0e826a09c9e2', '9ab79dc7-6858-4998-a1a0-c1e008d78b8c', '#N/A', ''];

const row = fc.record({
  customer: fc.constantFrom(...CUSTOMERS),
  device: fc.oneof(fc.constantFrom(...DEVICES), fc.string({ maxLength: 12 })),
  policy: fc.constantFrom(...POLICIES),
  numericDevice: fc.boolean(),
});

const sheet = fc.record({
  rows: fc.array(row, { maxLength: 120 }),
  chunkSize: fc.integer({ min: 1, max: 7 }),
  keptShare: fc.double({ min: 0, max: 0.5, noNaN: true }),
  seed: fc.integer(),
});

test('validate → plan: one outcome per row, chunks of one customer within the size, duplicates of rows that are sent', () => {
  fc.assert(
    fc.property(sheet, ({ rows, chunkSize, keptShare, seed }) => {
      const checks = rows.map((r, index) => {
        const mapped: MappedRow = {
          index,
          rowNumber: index + 2,
          fields: { customer: r.customer, device: r.device, policy: r.policy },
          numericFields: r.numericDevice && /^\d+$/.test(r.device) ? ['device'] : [],
        };
        return validateRow(mapped, {});
      });
      // Some valid rows were accepted by an earlier run.
      const kept = new Set(checks.filter((c, i) => c.ok && ((seed + i * 7919) % 100) / 100 < keptShare).map((c) => c.index));
      const plan = planRows(checks, { chunkSize, kept });

      assert.equal(plan.rows, rows.length);
      outcomesOf(plan).forEach((o, i) => assert.equal(o.index, i, 'outcomes in row order, one per row'));
      const inChunks = new Map<number, number>();
      for (const chunk of plan.chunks) {
        assert.ok(chunk.items.length >= 1 && chunk.items.length <= chunkSize, `chunk of ${chunk.items.length}`);
        for (const item of chunk.items) {
          const o = plan.outcome(item.index);
          assert.ok(o?.status === 'planned', 'only planned rows are chunked');
          assert.equal(o.customer, chunk.customer, 'a chunk holds one customer');
          inChunks.set(item.index, (inChunks.get(item.index) ?? 0) + 1);
        }
        // A request never names a device twice.
        assert.equal(new Set(chunk.items.map((i) => i.device)).size, chunk.items.length);
      }
      for (const o of outcomesOf(plan)) {
        const check = checks[o.index];
        assert.ok(check !== undefined);
        switch (o.status) {
          case 'planned':
            assert.equal(inChunks.get(o.index), 1, 'a planned row is in exactly one chunk');
            break;
          case 'kept':
            assert.ok(kept.has(o.index) && !inChunks.has(o.index));
            break;
          case 'invalid':
            assert.ok(!inChunks.has(o.index) && o.detail !== '');
            break;
          case 'duplicate': {
            const target = plan.outcome(o.duplicateOf);
            assert.ok(o.duplicateOf < o.index || kept.has(o.duplicateOf), 'a duplicate points at an earlier row, or a kept one');
            assert.ok(target?.status === 'planned' || target?.status === 'kept', `the original is sent or kept, not ${target?.status}`);
            assert.ok(check.ok && target.customer === check.customer && target.device === check.device && target.policy === check.policy);
            assert.match(o.detail, new RegExp(`duplicate of row ${target.rowNumber}$`));
            break;
          }
        }
      }
    }),
    { numRuns: 300 },
  );
});
