// The Markdown report is pasted into tickets: its first line counts devices, it names customers by name
// and failed devices by ID and serial, groups rows by reason without lending one row's words to another,
// and no value can break a table.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RowResult } from '../../src/model.js';
import { renderReport, type AttentionRow } from '../../src/report/report.js';
import { CUSTOMER, JOB, sampleSummary } from '../record/sample.js';

const OTHER = '1ecedaec-f4fc-461a-a132-6c7861dfc534';

function attention(row: number, result: Partial<RowResult> & Pick<RowResult, 'status'>, customer = CUSTOMER): AttentionRow {
  return { row, customer, device: `DEV-${row}`, serial: `SN-${row}`, result: { row, detail: '', ...result } };
}

const OTHER_TENANT = '808 ZtdDeviceAssignedToOtherTenant — the device is registered to another tenant. That tenant must deregister it.';
const rows: AttentionRow[] = [
  attention(4, { status: 'failed', deviceStatus: 'failed', deviceError: OTHER_TENANT, detail: OTHER_TENANT, batchJobUri: JOB }),
  attention(9, { status: 'failed', deviceStatus: 'failed', deviceError: OTHER_TENANT, detail: OTHER_TENANT, batchJobUri: JOB }, OTHER),
  attention(5, { status: 'failed', errorCode: '600', detail: 'Device DEV-5 is not | valid', httpStatus: 400 }),
  attention(6, { status: 'failed', errorCode: '600', detail: 'Device DEV-6 is not | valid', httpStatus: 400 }),
  attention(7, { status: 'invalid', detail: 'Policy ID "x" is not a GUID' }),
  attention(10, { status: 'invalid', detail: 'Policy ID "<y>" is not a GUID' }),
  attention(8, { status: 'not-sent', detail: 'not sent: the run was interrupted' }),
  attention(11, { status: 'accepted', deviceStatus: 'pending', jobStatus: 'processing', batchJobUri: JOB }),
];

const named = sampleSummary({
  byStatus: { ...sampleSummary().byStatus, applied: 5, accepted: 1, failed: 4, invalid: 2, 'not-sent': 1 },
  perCustomer: [
    { customer: CUSTOMER, name: 'Contoso Ltd', rows: 8, applied: 3, accepted: 1, failed: 3, invalid: 2, notSent: 1, requests: 2 },
    { customer: OTHER, name: 'Fabrikam | Inc', rows: 5, applied: 2, accepted: 0, failed: 1, invalid: 0, notSent: 0, requests: 1 },
  ],
});

/** The table row that begins with `first`, split into its cells. */
function tableRow(markdown: string, first: string): string[] {
  const line = markdown.split('\n').find((l) => l.startsWith(`| ${first} |`));
  assert.ok(line, `a table row for ${first} in:\n${markdown}`);
  return line.slice(2, -2).split(/(?<!\\) \| /);
}

/** The lines of the section under `heading`, up to the next heading of any level. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`${heading}\n`);
  assert.ok(start >= 0, `a section "${heading}" in:\n${markdown}`);
  const rest = markdown.slice(start + heading.length + 1);
  const next = rest.search(/^#{2,3} /m);
  return next < 0 ? rest : rest.slice(0, next);
}

test('the first line counts devices applied / failed / pending / not sent / invalid', () => {
  const text = renderReport({ summary: named, attention: rows });
  assert.equal(text.split('\n')[0], '# 5 devices applied, 4 failed, 1 pending, 1 not sent, 2 invalid');
  const dry = renderReport({ summary: sampleSummary({ dryRun: true, byStatus: { ...sampleSummary().byStatus, planned: 3, invalid: 1 } }), attention: [] });
  assert.equal(dry.split('\n')[0], '# 3 devices would be sent, 1 invalid');
  assert.match(dry, /nothing sent/);
});

test('the facts below it say what was done, where, and under which correlation ID; plurals are right', () => {
  const summary = sampleSummary({ requests: 1 });
  const text = renderReport({ summary, attention: [], files: [['Rows to fix', 'fix.csv']] });
  assert.ok(text.includes(summary.correlationId) && text.includes(summary.endpoint));
  assert.ok(text.includes(summary.inputSha256.slice(0, 12)) && !text.includes(summary.inputSha256), 'the SHA-256 is shortened');
  assert.ok(text.includes(summary.startedAt) && text.includes(summary.finishedAt));
  assert.ok(text.includes('`Devices`'), 'the sheet is named');
  assert.match(text, /6 rows, 1 request to/);
  assert.match(text, /- Rows to fix: `fix\.csv`/);
});

test('customers are named by the names the input gives, beside their IDs', () => {
  const text = renderReport({ summary: named, attention: rows });
  assert.deepEqual(tableRow(text, 'Contoso Ltd'), ['Contoso Ltd', CUSTOMER, '8', '3', '1', '3', '2', '1', '2']);
  assert.deepEqual(tableRow(text, 'Fabrikam \\| Inc').slice(0, 2), ['Fabrikam \\| Inc', OTHER]);
});

test('every row needing attention is listed under its reason with device, serial, customer name and status', () => {
  const text = renderReport({ summary: named, attention: rows });
  assert.match(text, /## Needs attention \(8 rows\)/);
  const devices = section(text, '### failed: 808 ZtdDeviceAssignedToOtherTenant — the device is registered to another tenant. (2 rows)');
  // Both rows share their words: said once, in full.
  assert.ok(devices.includes(OTHER_TENANT));
  assert.deepEqual(tableRow(devices, '4'), ['4', 'DEV-4', 'SN-4', 'Contoso Ltd', 'failed']);
  assert.deepEqual(tableRow(devices, '9'), ['9', 'DEV-9', 'SN-9', 'Fabrikam \\| Inc', 'failed']);
  const pending = section(text, '### pending: the device\'s outcome is not known yet (batch job processing) (1 row)');
  assert.deepEqual(tableRow(pending, '11'), ['11', 'DEV-11', 'SN-11', 'Contoso Ltd', 'pending']);
  const notSent = section(text, '### not-sent: not sent: the run was interrupted (1 row)');
  assert.deepEqual(tableRow(notSent, '8'), ['8', 'DEV-8', 'SN-8', 'Contoso Ltd', 'not-sent']);
});

test('rows of one kind whose words differ each keep their own words, escaped so they cannot break the table', () => {
  const text = renderReport({ summary: named, attention: rows });
  // The service named each device: one kind of refusal, two different descriptions.
  const refused = section(text, '### failed: HTTP 400, code 600: Device is not \\| valid (2 rows)');
  assert.deepEqual(tableRow(refused, '5'), ['5', 'DEV-5', 'SN-5', 'Contoso Ltd', 'failed', 'HTTP 400, code 600: Device DEV-5 is not \\| valid']);
  assert.deepEqual(tableRow(refused, '6').at(-1), 'HTTP 400, code 600: Device DEV-6 is not \\| valid');
  const invalid = section(text, '### invalid: Policy ID is not a GUID (2 rows)');
  assert.deepEqual(tableRow(invalid, '7').at(-1), 'Policy ID "x" is not a GUID');
  assert.deepEqual(tableRow(invalid, '10').at(-1), 'Policy ID "&lt;y>" is not a GUID');
});

test('without a serial column there is no Serial column; a customer without a name keeps its ID', () => {
  const plain = rows.map((r) => ({ ...r, serial: undefined }));
  const text = renderReport({ summary: sampleSummary(), attention: plain });
  const invalid = section(text, '### invalid: Policy ID is not a GUID (2 rows)');
  assert.deepEqual(tableRow(invalid, '7').slice(0, 4), ['7', 'DEV-7', CUSTOMER, 'invalid']);
});

test('a large group lists 500 rows and counts the rest', () => {
  const many = Array.from({ length: 620 }, (_, i) => attention(i + 2, { status: 'invalid', detail: 'Device ID is missing' }));
  const text = renderReport({ summary: sampleSummary(), attention: many });
  const group = section(text, '### invalid: Device ID is missing (620 rows)');
  assert.equal(group.split('\n').filter((l) => /^\| \d+ \|/.test(l)).length, 500);
  assert.match(group, /and 120 more rows of this kind/);
});

test('every status is counted, zero included', () => {
  const text = renderReport({ summary: sampleSummary(), attention: [] });
  assert.deepEqual(tableRow(text, 'accepted'), ['accepted', '2']);
  assert.deepEqual(tableRow(text, 'applied'), ['applied', '0']);
  assert.deepEqual(tableRow(text, 'total'), ['total', '6']);
});

test('batch-job URIs are listed, or counted with the first few when there are many', () => {
  const few = renderReport({ summary: sampleSummary(), attention: [], batchJobUris: [JOB] });
  assert.ok(few.includes(`- \`${JOB}\``));
  const uris = Array.from({ length: 45 }, (_, i) => `${JOB}-${i}`);
  const many = renderReport({ summary: sampleSummary({ batchJobs: 45 }), attention: [], batchJobUris: uris });
  assert.match(many, /## Batch jobs \(45\)/);
  assert.equal(many.split('\n').filter((l) => l.startsWith('- `')).length, 10);
  assert.match(many, /and 35 more/);
});

test('a report with nothing wrong has no attention section; rows that are fine are not listed', () => {
  const fine = attention(3, { status: 'applied', deviceStatus: 'succeeded' });
  const text = renderReport({ summary: sampleSummary(), attention: [fine] });
  assert.doesNotMatch(text, /Needs attention/);
});
