import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import type { RowResult } from '../../src/model.js';
import { readResultsFile, writeResultsFile, type ResultRow } from '../../src/record/results-file.js';
import { runStatus, StatusFileError } from '../../src/track/status-command.js';
import { tempDir } from '../helpers/paths.js';
import { busy, fakeApi, fakeClock, job, ok, other } from './fake-api.js';
import { accepted, CUSTOMER, POLICY, summaryFor } from './fixtures.js';

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
  assert.deepEqual(after.rows[0]?.result, { ...rows[0]?.result, jobStatus: 'finished_with_errors', deviceStatus: 'succeeded', checkedAt: at });
  assert.equal(after.rows[1]?.result.deviceStatus, 'failed');
  assert.match(after.rows[1]?.result.deviceError ?? '', /^808 ZtdDeviceAssignedToOtherTenant/);
  assert.deepEqual(after.rows[2]?.result, rows[2]?.result, 'a row without a batch job is left as it was');
  assert.equal(after.rows[3]?.result.deviceStatus, 'succeeded', 'the duplicate shares dev-1’s outcome');

  const s = after.summary;
  assert.ok(s);
  assert.deepEqual(s.devices, { succeeded: 1, failed: 1, pending: 0 });
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
  await writeResultsFile(file, { headers, rows, summary: summaryFor(rows, {}), resolvedColumns: true });
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
  assert.equal(after.resolvedColumns, true);
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
