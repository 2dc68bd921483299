// Which rows count as already done, and what each row's result is, given the plan (pure: no I/O).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RowCheck, RowResult } from '../../src/model.js';
import { composeResults } from '../../src/apply/outcomes.js';
import { keptRows } from '../../src/journal/resume.js';
import type { InputScan } from '../../src/apply/scan-input.js';
import { ScannedRows } from '../../src/apply/scanned-rows.js';
import { planRows } from '../../src/plan/plan.js';
import { journalKey } from '../../src/journal/journal.js';

const C = 'c7f3c849-129f-4b85-a96d-4f8e88b315a3';
const P = '15a04610-9229-4e80-94e0-0e826a09c9e2';
const URI = 'https://api.partnercenter.microsoft.com/v1/customers/c7f3c849-129f-4b85-a96d-4f8e88b315a3/batchJobStatus/a15f3996-620a-4404-9f1f-4c2de78de0de';

interface Row {
  check: RowCheck;
  prior: RowResult | undefined;
}

function row(index: number, device: string, prior?: RowResult): Row {
  return { check: { ok: true, index, rowNumber: index + 2, customer: C, device, policy: P }, prior };
}

function scanOf(given: Row[]): InputScan {
  const rows = new ScannedRows();
  for (const r of given) rows.push(r.check, r.prior, C, r.check.ok ? r.check.device : '');
  // Only `rows` is read by keptRows and planning.
  return { rows } as unknown as InputScan;
}

const accepted = (row: number): RowResult => ({ row, status: 'accepted', detail: 'accepted (HTTP 202)', batchJobUri: URI, trackingId: 'a15f3996-620a-4404-9f1f-4c2de78de0de', httpStatus: 202 });

test('resuming from the journal keeps only the first row of a device; its copies stay duplicates', () => {
  const scan = scanOf([row(0, 'DEV-1'), row(1, 'DEV-2'), row(2, 'DEV-1')]);
  const journal = { recovered: new Map([[journalKey(C, 'DEV-1', P), accepted(2)]]) };
  const kept = keptRows(scan.rows, journal);
  assert.deepEqual([...kept.rows.keys()], [0]);
  assert.equal(kept.recovered, 1);

  const plan = planRows(scan.rows, { chunkSize: 10, kept: new Set(kept.rows.keys()) });
  const results = [...composeResults({ plan, dryRun: false, kept: kept.rows, sent: new Map([[1, accepted(3)]]), resolved: new Map() })];
  assert.deepEqual(results.map((r) => r.status), ['accepted', 'accepted', 'duplicate']);
  assert.equal(results[2]?.detail, 'duplicate of row 2');
  assert.equal(results[2]?.batchJobUri, URI, 'a duplicate shares its first row’s batch job');
});

test('a duplicate standing above the accepted row it repeats (results file fed back) still gets that row’s batch job', () => {
  // Row 2 is an unsent copy; row 3 was accepted in the earlier run.
  const scan = scanOf([row(0, 'DEV-1'), row(1, 'DEV-1', accepted(3))]);
  const kept = keptRows(scan.rows, undefined);
  assert.deepEqual([...kept.rows.keys()], [1]);
  assert.equal(kept.recovered, 0, 'a results file is not the journal');
  const plan = planRows(scan.rows, { chunkSize: 10, kept: new Set(kept.rows.keys()) });
  const results = [...composeResults({ plan, dryRun: false, kept: kept.rows, sent: new Map(), resolved: new Map() })];
  assert.deepEqual(results.map((r) => [r.row, r.status, r.batchJobUri]), [
    [2, 'duplicate', URI],
    [3, 'accepted', URI],
  ]);
  assert.equal(results[0]?.detail, 'duplicate of row 3');
});

test('a dry run says which request each planned row would go in', () => {
  const scan = scanOf([row(0, 'DEV-1'), row(1, 'DEV-2'), row(2, 'DEV-3')]);
  const plan = planRows(scan.rows, { chunkSize: 2 });
  const results = [...composeResults({ plan, dryRun: true, kept: new Map(), sent: new Map(), resolved: new Map() })];
  assert.deepEqual(results.map((r) => r.detail), [`would be sent in request ${C}#1`, `would be sent in request ${C}#1`, `would be sent in request ${C}#2`]);
  assert.ok(results.every((r) => r.status === 'planned'));
});

test('a results file fed back keeps applied, accepted and unchanged rows as they were and sends failed and not-sent rows again', () => {
  const earlier: Array<[string, RowResult]> = [
    ['DEV-1', { ...accepted(2), status: 'applied', detail: 'applied', deviceStatus: 'succeeded' }],
    ['DEV-2', accepted(3)],
    ['DEV-3', { row: 4, status: 'unchanged', detail: 'the device already has the policy' }],
    ['DEV-4', { ...accepted(5), status: 'failed', detail: '808', deviceStatus: 'failed' }],
    ['DEV-5', { row: 6, status: 'not-sent', detail: 'not sent' }],
    ['DEV-6', { row: 7, status: 'failed', detail: 'HTTP 403', httpStatus: 403 }],
    // Written before Status followed the device: accepted, but the device is known to have failed.
    ['DEV-7', { ...accepted(8), deviceStatus: 'failed', deviceError: '808' }],
  ];
  const scan = scanOf(earlier.map(([device, prior], i) => row(i, device, prior)));
  const kept = keptRows(scan.rows, undefined);
  assert.deepEqual([...kept.rows.keys()], [0, 1, 2]);
  const plan = planRows(scan.rows, { chunkSize: 10, kept: new Set(kept.rows.keys()) });
  assert.deepEqual(plan.chunks.flatMap((c) => c.items.map((item) => item.device)), ['DEV-4', 'DEV-5', 'DEV-6', 'DEV-7']);
  const results = [...composeResults({ plan, dryRun: false, kept: kept.rows, sent: new Map(), resolved: new Map() })];
  assert.deepEqual(results.slice(0, 3).map((r) => [r.status, r.detail]), [
    ['applied', 'applied'], ['accepted', 'accepted (HTTP 202)'], ['unchanged', 'the device already has the policy'],
  ]);
});
