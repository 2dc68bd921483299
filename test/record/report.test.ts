// The Markdown report is pasted into tickets: it must group problems so a reader sees kinds, not rows,
// name the rows of each kind, and never let a value break a table.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RowResult } from '../../src/model.js';
import { renderReport, type ReportFailure } from '../../src/record/report.js';
import { CUSTOMER, JOB, sampleSummary } from './sample.js';

function failure(row: number, result: Partial<RowResult> & Pick<RowResult, 'status'>): ReportFailure {
  return { row, customer: CUSTOMER, device: `DEV-${row}`, result: { row, detail: '', ...result } };
}

const failures: ReportFailure[] = [
  failure(4, { status: 'failed', errorCode: '808', detail: 'Device is assigned | elsewhere', httpStatus: 400 }),
  failure(9, { status: 'failed', errorCode: '808', detail: 'Device is assigned | elsewhere', httpStatus: 400 }),
  failure(5, { status: 'failed', errorCode: '808', detail: 'Device is assigned | elsewhere', httpStatus: 400 }),
  failure(11, { status: 'failed', detail: 'Service unavailable', httpStatus: 503 }),
  failure(7, { status: 'invalid', detail: 'customer must be a GUID\ngot <none>' }),
  failure(8, { status: 'not-sent', detail: 'not sent: the run was interrupted' }),
];

/** The table row that begins with `first`, split into its cells. */
function tableRow(markdown: string, first: string): string[] {
  const line = markdown.split('\n').find((l) => l.startsWith(`| ${first} |`));
  assert.ok(line, `a table row for ${first} in:\n${markdown}`);
  return line.slice(2, -2).split(/(?<!\\) \| /);
}

test('the title and first lines say what was done, where, and under which correlation ID', () => {
  const text = renderReport({ summary: sampleSummary(), failures });
  const summary = sampleSummary();
  assert.match(text, /^# device-policy apply: 2 of 6 rows accepted\n/);
  assert.ok(text.includes(summary.correlationId));
  assert.ok(text.includes(summary.endpoint));
  assert.ok(text.includes(summary.inputSha256.slice(0, 12)));
  assert.ok(!text.includes(summary.inputSha256), 'the SHA-256 is shortened');
  assert.ok(text.includes(summary.startedAt) && text.includes(summary.finishedAt));
  assert.ok(text.includes('`Devices`'), 'the sheet is named');
});

test('a dry run says nothing was sent', () => {
  const text = renderReport({ summary: sampleSummary({ dryRun: true }), failures: [] });
  assert.match(text, /\(dry run\)/);
  assert.match(text, /nothing sent/);
});

test('every status is counted, zero included', () => {
  const text = renderReport({ summary: sampleSummary(), failures });
  assert.deepEqual(tableRow(text, 'accepted'), ['accepted', '2']);
  assert.deepEqual(tableRow(text, 'planned'), ['planned', '0']);
  assert.deepEqual(tableRow(text, 'not-sent'), ['not-sent', '0']);
  assert.deepEqual(tableRow(text, 'total'), ['total', '6']);
});

test('failures are grouped by error code, with their rows in order and pipes escaped', () => {
  const text = renderReport({ summary: sampleSummary(), failures });
  assert.match(text, /## Failed rows, by error code \(4\)/);
  assert.deepEqual(tableRow(text, '808'), ['808', 'Device is assigned \\| elsewhere', '3', '4, 5, 9']);
  assert.deepEqual(tableRow(text, 'HTTP 503'), ['HTTP 503', 'Service unavailable', '1', '11']);
});

test('invalid and not-sent rows are grouped by reason; newlines and tags cannot break the table', () => {
  const text = renderReport({ summary: sampleSummary(), failures });
  assert.deepEqual(tableRow(text, 'customer must be a GUID got &lt;none>'), ['customer must be a GUID got &lt;none>', '1', '7']);
  assert.deepEqual(tableRow(text, 'not sent: the run was interrupted'), ['not sent: the run was interrupted', '1', '8']);
});

test('a long list of rows is cut after 50 with how many more', () => {
  const many = Array.from({ length: 120 }, (_, i) => failure(i + 2, { status: 'failed', errorCode: '600', detail: 'Bad request' }));
  const text = renderReport({ summary: sampleSummary(), failures: many });
  const [, , count, rows] = tableRow(text, '600');
  assert.equal(count, '120');
  assert.ok(rows?.startsWith('2, 3, 4, '));
  assert.ok(rows?.endsWith('51 and 70 more'), rows);
});

test('the per-customer table shows device outcomes once they are known', () => {
  const perCustomer = [{ customer: CUSTOMER, rows: 6, applied: 0, accepted: 2, failed: 2, invalid: 1, notSent: 0, requests: 2, devicesSucceeded: 1, devicesFailed: 1, devicesPending: 0 }];
  const summary = sampleSummary({ devices: { succeeded: 1, failed: 1, pending: 0 }, perCustomer });
  const deviceFailure = failure(3, { status: 'accepted', deviceStatus: 'failed', deviceError: '808 ZtdDeviceAssignedToOtherTenant: registered to another tenant' });
  const text = renderReport({ summary, failures: [deviceFailure] });
  assert.deepEqual(tableRow(text, CUSTOMER), [CUSTOMER, '6', '2', '2', '1', '2', '1', '1', '0']);
  assert.deepEqual(tableRow(text, 'succeeded'), ['succeeded', '1']);
  assert.match(text, /## Devices that failed \(1\)/);
  assert.deepEqual(tableRow(text, '808 ZtdDeviceAssignedToOtherTenant: registered to another tenant'),
    ['808 ZtdDeviceAssignedToOtherTenant: registered to another tenant', '1', '3']);
});

test('batch-job URIs are listed, or counted with the first few when there are many', () => {
  const few = renderReport({ summary: sampleSummary(), failures: [], batchJobUris: [JOB] });
  assert.ok(few.includes(`- \`${JOB}\``));
  const uris = Array.from({ length: 45 }, (_, i) => `${JOB}-${i}`);
  const many = renderReport({ summary: sampleSummary({ batchJobs: 45 }), failures: [], batchJobUris: uris });
  assert.match(many, /## Batch jobs \(45\)/);
  assert.equal(many.split('\n').filter((l) => l.startsWith('- `')).length, 10);
  assert.match(many, /and 35 more/);
  const counted = renderReport({ summary: sampleSummary(), failures: [] });
  assert.match(counted, /## Batch jobs \(1\)/);
});

test('a report with nothing wrong has no failure sections', () => {
  const text = renderReport({ summary: sampleSummary(), failures: [] });
  assert.doesNotMatch(text, /Failed rows|Invalid rows|not sent/i);
});
