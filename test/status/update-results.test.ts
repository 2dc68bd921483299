import assert from 'node:assert/strict';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import type { RowResult } from '../../src/model.js';
import { readResultsFile, writeResultsFile, type ResultRow } from '../../src/record/results-file.js';
import { runStatus, StatusFileError } from '../../src/status/update-results.js';
import { tempDir } from '../helpers/paths.js';
import { busy, fakeApi, fakeClock, job, ok, other } from '../track/fake-api.js';
import { accepted, CUSTOMER, POLICY, summaryFor } from '../track/fixtures.js';

const J1 = `https://pc.test/v1/customers/${CUSTOMER}/batchJobStatus/j1`;
const HEADERS = ['Customer ID', 'Device ID', 'Policy ID', 'Notes'];

function sample(): ResultRow[] {
  const row = (n: number, device: string, result: RowResult): ResultRow => ({ input: [CUSTOMER, device, POLICY, `note ${n}; "quoted"`], result });
  return [
    row(2, 'dev-1', accepted(2, J1)),
    row(3, 'dev-2', accepted(3, J1)),
    row(4, 'not a device', { row: 4, status: 'invalid', detail: 'device is empty' }),
    row(5, 'dev-1', { ...accepted(5, J1), status: 'duplicate', detail: 'duplicate of row 2' }),
  ];
}

test('status on a JSON results file: outcomes filled, every other cell kept, summary updated', async (t) => {
  const file = join(tempDir(t), 'devices.results.json');
  const rows = sample();
  await writeResultsFile(file, { headers: HEADERS, rows, summary: summaryFor(rows) });
  const api = fakeApi({ [J1]: [job('finished_with_errors', [ok('dev-1'), other('dev-2')])] });
  const clock = fakeClock();

  const result = await runStatus({ file, api, wait: false, waitTimeoutMs: 1000, ...clock });
  assert.equal(result.exitCode, 1);
  assert.equal(result.written, true);
  assert.equal(api.calls.length, 1);

  const after = await readResultsFile(file);
  assert.deepEqual(after.headers, HEADERS);
  assert.deepEqual(after.rows.map((r) => r.input), rows.map((r) => r.input));
  const at = new Date(clock.now()).toISOString();
  assert.deepEqual(after.rows[0]?.result, {
    ...rows[0]?.result, status: 'applied', detail: 'applied: the service confirmed the device took the policy (batch job j1)',
    jobStatus: 'finished_with_errors', deviceStatus: 'succeeded', checkedAt: at,
  });
  assert.equal(after.rows[1]?.result.deviceStatus, 'failed');
  assert.equal(after.rows[1]?.result.status, 'failed');
  assert.match(after.rows[1]?.result.detail ?? '', /^808 ZtdDeviceAssignedToOtherTenant/);
  assert.match(after.rows[1]?.result.deviceError ?? '', /^808 ZtdDeviceAssignedToOtherTenant/);
  assert.deepEqual(after.rows[2]?.result, rows[2]?.result, 'a row without a batch job is left as it was');
  assert.equal(after.rows[3]?.result.deviceStatus, 'succeeded', 'the duplicate shares dev-1’s outcome');

  const s = after.summary;
  assert.ok(s);
  assert.deepEqual(s.devices, { succeeded: 1, failed: 1, pending: 0 });
  assert.deepEqual([s.byStatus.applied, s.byStatus.accepted, s.byStatus.failed, s.byStatus.duplicate], [1, 0, 1, 1], 'rows recounted by their new Status');
  assert.deepEqual([s.perCustomer[0]?.applied, s.perCustomer[0]?.accepted, s.perCustomer[0]?.failed], [1, 0, 1]);
  assert.equal(s.perCustomer[0]?.devicesFailed, 1);
  assert.equal(s.perCustomer[0]?.devicesSucceeded, 1);
  assert.equal(s.statusCheckedAt, at);
  assert.equal(s.startedAt, '2025-01-01T00:00:00.000Z', 'the run it describes is kept');
  assert.equal(s.correlationId, summaryFor(rows).correlationId);
  assert.equal(s.exitCode, 1);
});

test('status --wait on a CSV results file (no summary): the device column is found by alias, resolved IDs win', async (t) => {
  const file = join(tempDir(t), 'out.csv');
  const rows: ResultRow[] = [
    { input: [CUSTOMER, 'SN-1', 'vendor id'], result: accepted(2, J1, { resolvedDeviceId: 'dev-9' }) },
    { input: [CUSTOMER, 'SN-2', 'dev-2'], result: accepted(3, J1) },
  ];
  const headers = ['Tenant', 'Serial Number', 'Partner-Center Device ID'];
  await writeResultsFile(file, { headers, rows, summary: summaryFor(rows, {}), layout: { resolved: true } });
  const api = fakeApi({ [J1]: [job('queued', [busy('dev-9'), busy('dev-2')]), job('finished', [ok('dev-9'), ok('dev-2')])] });
  const clock = fakeClock();
  const progress: number[] = [];

  const result = await runStatus({ file, api, wait: true, waitTimeoutMs: 60_000, ...clock, onProgress: (p) => progress.push(p.succeeded) });
  assert.equal(result.exitCode, 0);
  assert.deepEqual(progress, [0, 2]);
  assert.deepEqual(clock.sleeps, [3000]);
  const after = await readResultsFile(file);
  assert.deepEqual(after.rows.map((r) => [r.input, r.result.deviceStatus, r.result.resolvedDeviceId]), [
    [rows[0]?.input, 'succeeded', 'dev-9'],
    [rows[1]?.input, 'succeeded', undefined],
  ]);
  assert.deepEqual(after.layout, { resolved: true });
});

test('nothing to track: exit 1 and the file is not rewritten', async (t) => {
  const file = join(tempDir(t), 'dry.results.json');
  const rows: ResultRow[] = [{ input: [CUSTOMER, 'dev-1', POLICY, ''], result: { row: 2, status: 'planned', detail: '' } }];
  await writeResultsFile(file, { headers: HEADERS, rows, summary: summaryFor(rows) });
  const before = await readFile(file, 'utf8');
  const mtime = (await stat(file)).mtimeMs;
  const result = await runStatus({ file, api: fakeApi({}), wait: true, waitTimeoutMs: 1000, ...fakeClock() });
  assert.equal(result.exitCode, 1);
  assert.equal(result.written, false);
  assert.equal(result.tracked, 0);
  assert.equal(await readFile(file, 'utf8'), before);
  assert.equal((await stat(file)).mtimeMs, mtime);
});

test('a results file with batch jobs but no device column is refused with the headers it has', async (t) => {
  const file = join(tempDir(t), 'odd.results.json');
  const rows: ResultRow[] = [{ input: [CUSTOMER, 'x'], result: accepted(2, J1) }];
  await writeResultsFile(file, { headers: ['Customer', 'Thing'], rows, summary: summaryFor(rows, {}) });
  await assert.rejects(runStatus({ file, api: fakeApi({}), wait: false, waitTimeoutMs: 1000, ...fakeClock() }), (e) => {
    assert.ok(e instanceof StatusFileError);
    assert.equal(e.code, 'no-device-column');
    assert.match(e.message, /"Customer", "Thing"/);
    return true;
  });
});

test('the device column the run recorded wins over aliases', async (t) => {
  const file = join(tempDir(t), 'mapped.results.json');
  const rows: ResultRow[] = [{ input: ['wrong', 'dev-1'], result: accepted(2, J1) }];
  await writeResultsFile(file, { headers: ['Device', 'Hardware Ref'], rows, summary: summaryFor(rows, { deviceColumn: 'Hardware Ref' }) });
  const api = fakeApi({ [J1]: [job('finished', [ok('dev-1')])] });
  const result = await runStatus({ file, api, wait: false, waitTimeoutMs: 1000, ...fakeClock() });
  assert.equal(result.exitCode, 0);
  assert.deepEqual(result.summary.devices, { succeeded: 1, failed: 0, pending: 0 });
});

test('status keeps what the summary says of the apply run (finishedAt…); only statusCheckedAt, the counts and the exit code move', async (t) => {
  const file = join(tempDir(t), 'times.results.json');
  const rows = sample().filter((r) => r.result.status !== 'invalid');
  const recorded = summaryFor(rows);
  assert.equal(recorded.exitCode, 0, 'apply had every row accepted');
  await writeResultsFile(file, { headers: HEADERS, rows, summary: recorded });
  const api = fakeApi({ [J1]: [job('finished_with_errors', [ok('dev-1'), other('dev-2')])] });
  const clock = fakeClock(Date.UTC(2025, 5, 1));
  const result = await runStatus({ file, api, wait: false, waitTimeoutMs: 1000, ...clock });
  assert.equal(result.exitCode, 1, 'status itself exits 1: a device failed');
  const s = (await readResultsFile(file)).summary;
  // The exit code follows the rows, as apply's would for the file as it now stands.
  assert.deepEqual(s, { ...recorded, exitCode: 1, statusCheckedAt: new Date(clock.now()).toISOString(), devices: { succeeded: 1, failed: 1, pending: 0 },
    byStatus: { ...recorded.byStatus, accepted: 0, applied: 1, failed: 1 },
    perCustomer: recorded.perCustomer.map((c) => ({ ...c, accepted: 0, applied: 1, failed: 1, devicesSucceeded: 1, devicesFailed: 1, devicesPending: 0 })) });
  assert.deepEqual(result.summary, s);
});

// apply --map device="HW Ref" on a sheet that also has "Device" (the model) and "Device ID" (the vendor's
// own ID): the CSV results record nothing about which column was sent.
const MAPPED_HEADERS = ['Customer ID', 'Device', 'Device ID', 'HW Ref'];
async function mappedCsv(t: { after(fn: () => void): void }): Promise<string> {
  const file = join(tempDir(t), 'mapped.csv');
  const rows: ResultRow[] = [
    { input: [CUSTOMER, 'Surface Pro', 'V-1', 'dev-1'], result: accepted(2, J1) },
    { input: [CUSTOMER, 'Surface Go', 'V-2', 'dev-2'], result: accepted(3, J1) },
  ];
  await writeResultsFile(file, { headers: MAPPED_HEADERS, rows, summary: summaryFor(rows, {}) });
  return file;
}

test('--map device=COLUMN picks the device column of a results file that does not record it (CSV)', async (t) => {
  const file = await mappedCsv(t);
  const api = fakeApi({ [J1]: [job('finished', [ok('dev-1'), other('dev-2')])] });
  const result = await runStatus({ file, api, columns: { device: 'hw ref' }, wait: false, waitTimeoutMs: 1000, ...fakeClock() });
  assert.deepEqual(result.summary.devices, { succeeded: 1, failed: 1, pending: 0 });
  const after = await readResultsFile(file);
  assert.match(after.rows[1]?.result.deviceError ?? '', /^808/);
});

test('several headers that could be the device column and no --map: refused, naming them and the fix', async (t) => {
  const file = await mappedCsv(t);
  const api = fakeApi({ [J1]: [job('finished', [ok('dev-1'), ok('dev-2')])] });
  await assert.rejects(runStatus({ file, api, wait: false, waitTimeoutMs: 1000, ...fakeClock() }), (e) => {
    assert.ok(e instanceof StatusFileError);
    assert.equal(e.code, 'ambiguous-column');
    assert.match(e.message, /"Device" \(column B\) and "Device ID" \(column C\)/);
    assert.match(e.message, /--map device=COLUMN/);
    return true;
  });
  assert.equal(api.calls.length, 0, 'nothing asked before the columns are settled');
});

test('a --map column the file does not have is refused with the headers it has', async (t) => {
  const file = await mappedCsv(t);
  await assert.rejects(
    runStatus({ file, api: fakeApi({}), columns: { device: 'Serial' }, wait: false, waitTimeoutMs: 1000, ...fakeClock() }),
    (e) => e instanceof StatusFileError && e.code === 'unknown-column' && /"Customer ID", "Device", "Device ID", "HW Ref"/.test(e.message),
  );
});

test('per-customer device counts use the customer column apply recorded, or --map customer', async (t) => {
  const OTHER = '645dc068-4825-4028-8073-964c76321efe';
  const J2 = `https://pc.test/v1/customers/${OTHER}/batchJobStatus/j2`;
  // "Tenant" is an alias of the customer field but here holds a display name; "Tenant Ref" is the GUID.
  const headers = ['Tenant', 'Tenant Ref', 'Device ID'];
  const rows: ResultRow[] = [
    { input: ['Contoso', `{${CUSTOMER.toUpperCase()}}`, 'dev-1'], result: accepted(2, J1) },
    { input: ['Fabrikam', OTHER, 'dev-2'], result: accepted(3, J2) },
  ];
  const perCustomer = [CUSTOMER, OTHER].map((customer) => ({ customer, rows: 1, applied: 0, accepted: 1, failed: 0, invalid: 0, notSent: 0, requests: 1 }));
  const answers = { [J1]: [job('finished', [ok('dev-1')])], [J2]: [job('finished_with_errors', [other('dev-2')])] };
  const counts = (s: { perCustomer: Array<{ devicesSucceeded?: number; devicesFailed?: number }> }) =>
    s.perCustomer.map((c) => [c.devicesSucceeded, c.devicesFailed]);

  const recorded = join(tempDir(t), 'recorded.results.json');
  await writeResultsFile(recorded, { headers, rows, summary: { ...summaryFor(rows, { deviceColumn: 'Device ID', customerColumn: 'Tenant Ref' }), perCustomer } });
  const byRecord = await runStatus({ file: recorded, api: fakeApi(answers), wait: false, waitTimeoutMs: 1000, ...fakeClock() });
  assert.deepEqual(counts(byRecord.summary), [[1, 0], [0, 1]]);

  const unrecorded = join(tempDir(t), 'unrecorded.results.json');
  await writeResultsFile(unrecorded, { headers, rows, summary: { ...summaryFor(rows), perCustomer } });
  const byMap = await runStatus({ file: unrecorded, api: fakeApi(answers), columns: { customer: 'Tenant Ref' }, wait: false, waitTimeoutMs: 1000, ...fakeClock() });
  assert.deepEqual(counts(byMap.summary), [[1, 0], [0, 1]]);
});

test('headers match as apply matches them: a full-width "Ｄｅｖｉｃｅ ＩＤ" (NFKC) is the device column', async (t) => {
  const file = join(tempDir(t), 'wide.csv');
  const rows: ResultRow[] = [{ input: [CUSTOMER, 'dev-1'], result: accepted(2, J1) }];
  await writeResultsFile(file, { headers: ['Customer ID', 'Ｄｅｖｉｃｅ ＩＤ'], rows, summary: summaryFor(rows, {}) });
  const result = await runStatus({ file, api: fakeApi({ [J1]: [job('finished', [ok('dev-1')])] }), wait: false, waitTimeoutMs: 1000, ...fakeClock() });
  assert.deepEqual(result.summary.devices, { succeeded: 1, failed: 0, pending: 0 });
});

test('a JSON results file whose summary is {} is tracked as one without a summary, not a crash', async (t) => {
  const file = join(tempDir(t), 'hand.json');
  const row = { ...accepted(2, J1), input: { 'Customer ID': CUSTOMER, 'Device ID': 'dev-1' } };
  await writeFile(file, JSON.stringify({ summary: {}, rows: [row] }));
  const result = await runStatus({ file, api: fakeApi({ [J1]: [job('finished', [ok('dev-1')])] }), wait: false, waitTimeoutMs: 1000, ...fakeClock() });
  assert.equal(result.exitCode, 0);
  assert.deepEqual(result.summary.devices, { succeeded: 1, failed: 0, pending: 0 });
  assert.equal((await readResultsFile(file)).rows[0]?.result.deviceStatus, 'succeeded');
});
