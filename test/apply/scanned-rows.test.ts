// The scan's compact store of rows: every check, text and earlier result comes back exactly as given,
// however many rows (its buffers grow), whatever the text (non-ASCII, a lone surrogate).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RowCheck, RowResult } from '../../src/model.js';
import { ScannedRows } from '../../src/apply/scanned-rows.js';

const C = 'c7f3c849-129f-4b85-a96d-4f8e88b315a3';
const P = '15a04610-9229-4e80-94e0-0e826a09c9e2';

test('checks, texts and earlier results come back exactly, across buffer growth', () => {
  const rows = new ScannedRows();
  const given: Array<{ check: RowCheck; prior: RowResult | undefined; customerText: string; deviceText: string }> = [];
  const odd = ['Gerät-Ä-001', '设备-🎉', 'lone \ud800 surrogate', '', 'x'.repeat(5000)];
  for (let i = 0; i < 5000; i++) {
    const device = i < odd.length ? (odd[i] ?? '') : `DEV-${i}-${'é'.repeat(i % 7)}`;
    const check: RowCheck = i % 3 === 2
      ? { ok: false, index: i, rowNumber: i + 5, detail: `bad row ${i}`, ...(i % 2 === 0 ? { lookup: { customer: C, device: { find: { serial: `SN${i}` } }, policy: { id: P } } } : {}) }
      : { ok: true, index: i, rowNumber: i + 5, customer: C, device, policy: P };
    const prior: RowResult | undefined = i % 10 === 0 ? { row: i + 5, status: 'accepted', detail: 'accepted' } : undefined;
    const customerText = check.ok ? C : `customer ${i % 4}`;
    const deviceText = check.ok ? device : `serial ${device}`;
    rows.push(check, prior, customerText, deviceText);
    given.push({ check, prior, customerText, deviceText });
  }
  assert.equal(rows.length, given.length);
  given.forEach((g, i) => {
    assert.deepEqual(rows.at(i), g.check, `row ${i}'s check`);
    assert.equal(rows.deviceText(i), g.deviceText, `row ${i}'s device`);
    assert.equal(rows.customerText(i), g.customerText, `row ${i}'s customer`);
    assert.equal(rows.rowNumber(i), g.check.rowNumber);
    assert.equal(rows.isValid(i), g.check.ok);
    assert.deepEqual(rows.prior(i), g.prior);
  });
  assert.deepEqual([...rows].map((c) => c.index), given.map((_, i) => i), 'iterates every row in order');
  assert.equal(rows.at(given.length), undefined);
});

test('a check replaced after the scan (resolution) is the one given back; the row keeps its own texts', () => {
  const rows = new ScannedRows();
  rows.push({ ok: false, index: 0, rowNumber: 2, detail: 'needs a lookup' }, undefined, C, 'SN-1');
  rows.push({ ok: true, index: 1, rowNumber: 3, customer: C, device: 'D2', policy: P }, undefined, C, 'D2');
  rows.set(0, { ok: true, index: 0, rowNumber: 2, customer: C, device: 'D1', policy: P });
  rows.set(1, { ok: false, index: 1, rowNumber: 3, detail: 'policy not found' });
  assert.deepEqual(rows.at(0), { ok: true, index: 0, rowNumber: 2, customer: C, device: 'D1', policy: P });
  assert.equal(rows.deviceText(0), 'SN-1', 'the device as the row names it');
  assert.equal(rows.isValid(0), true);
  assert.equal(rows.isValid(1), false);
  assert.equal(rows.customerText(1), C);
  assert.throws(() => rows.set(2, { ok: false, index: 2, rowNumber: 4, detail: '' }), RangeError);
  assert.throws(() => rows.push({ ok: false, index: 5, rowNumber: 7, detail: '' }, undefined, '', ''), RangeError);
});
