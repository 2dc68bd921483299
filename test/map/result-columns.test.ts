import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { inspectHeaders, priorResult, recordedRow } from '../../src/map/result-columns.js';
import { RESULT_COLUMNS } from '../../src/results/columns.js';
import type { RowResult } from '../../src/model.js';

describe('inspectHeaders', () => {
  test('an ordinary input keeps every column; one named like a result column is renamed', () => {
    const shape = inspectHeaders(['Customer ID', 'Device ID', 'Policy ID', 'Status', 'Notes']);
    assert.equal(shape.isResultsFile, false);
    assert.deepEqual(shape.keep, [0, 1, 2, 3, 4]);
    assert.deepEqual(shape.outputHeaders, ['Customer ID', 'Device ID', 'Policy ID', 'Status (input)', 'Notes']);
    assert.deepEqual(shape.priorColumns, {});
  });

  test('a results file: result columns dropped (to be replaced), their positions known', () => {
    const headers = ['Customer ID', 'Device ID', 'Policy ID', 'Status (input)', ...RESULT_COLUMNS, 'Resolved Device ID'];
    const shape = inspectHeaders(headers);
    assert.equal(shape.isResultsFile, true);
    assert.deepEqual(shape.keep, [0, 1, 2, 3]);
    assert.deepEqual(shape.outputHeaders, ['Customer ID', 'Device ID', 'Policy ID', 'Status (input)']);
    assert.equal(shape.priorColumns.Row, 4);
    assert.equal(shape.priorColumns['Batch Job URI'], 7);
    assert.equal(shape.priorColumns['Resolved Device ID'], 4 + RESULT_COLUMNS.length);
  });

  test('a failures file (Row, Status, Detail, the input columns, Results File) is recognised, its rows keep their numbers', () => {
    const headers = ['Row', 'Status', 'Detail', 'Customer ID', 'Device ID', 'Policy ID', 'Results File'];
    const shape = inspectHeaders(headers);
    assert.equal(shape.isResultsFile, true);
    assert.deepEqual(shape.outputHeaders, ['Customer ID', 'Device ID', 'Policy ID']);
    const prior = priorResult(['17', 'failed', '808 ZtdDeviceAssignedToOtherTenant', 'c', 'd', 'p', 'devices.results.xlsx'], shape.priorColumns);
    assert.deepEqual(prior, { row: 17, status: 'failed', detail: '808 ZtdDeviceAssignedToOtherTenant', resultsFile: 'devices.results.xlsx' });
    // A vendor sheet that starts with those words is not one: only our exact frame is.
    assert.equal(inspectHeaders(['Row', 'Status', 'Detail', 'Customer ID', 'Device ID', 'Policy ID']).isResultsFile, false);
  });

  test('a failures file of the earlier layout (the input columns, then Row, Status, Detail) is recognised too', () => {
    const headers = ['Customer ID', 'Device ID', 'Policy ID', 'Row', 'Status', 'Detail'];
    const shape = inspectHeaders(headers);
    assert.equal(shape.isResultsFile, true);
    assert.deepEqual(shape.outputHeaders, ['Customer ID', 'Device ID', 'Policy ID']);
    const prior = priorResult(['c', 'd', 'p', '17', 'failed', '808 ZtdDeviceAssignedToOtherTenant'], shape.priorColumns);
    assert.deepEqual(prior, { row: 17, status: 'failed', detail: '808 ZtdDeviceAssignedToOtherTenant' });
    // A vendor sheet with those words in the middle is not one: only our exact tail is.
    assert.equal(inspectHeaders(['Customer ID', 'Row', 'Status', 'Detail', 'Device ID', 'Policy ID']).isResultsFile, false);
  });

  test('a row whose Status was cleared still names its row of the original sheet', () => {
    const shape = inspectHeaders(['Row', 'Status', 'Detail', 'Customer ID', 'Results File']);
    assert.equal(recordedRow(['12', '', '', 'c', 'r.xlsx'], shape.priorColumns), 12);
    assert.equal(priorResult(['12', '', '', 'c', 'r.xlsx'], shape.priorColumns), undefined);
    assert.equal(recordedRow(['twelve', 'failed', '', 'c', 'r.xlsx'], shape.priorColumns), undefined);
  });

  test('lower-case look-alikes from a vendor are not a results file', () => {
    const shape = inspectHeaders(['Customer ID', 'Device ID', 'Policy ID', 'row', 'status', 'detail', 'batch job uri']);
    assert.equal(shape.isResultsFile, false);
    assert.deepEqual(shape.keep.length, 7);
  });
});

describe('priorResult', () => {
  const headers = ['Customer ID', 'Device ID', 'Policy ID', ...RESULT_COLUMNS];
  const { priorColumns } = inspectHeaders(headers);
  const cellsOf = (values: Record<string, string>): string[] => headers.map((h) => values[h] ?? '');

  test('rebuilds the result recorded for an accepted row', () => {
    const cells = cellsOf({
      Row: '7',
      Status: 'accepted',
      'Batch Job URI': 'https://api.partnercenter.microsoft.com/v1/customers/c/batchJobStatus/t',
      'Tracking ID': 't',
      'HTTP Status': '202',
      'Request ID': 'r',
      'Sent At': '2024-03-05T09:30:00.000Z',
      'Device Status': 'succeeded',
    });
    assert.deepEqual(priorResult(cells, priorColumns), {
      row: 7,
      status: 'accepted',
      detail: '',
      batchJobUri: 'https://api.partnercenter.microsoft.com/v1/customers/c/batchJobStatus/t',
      trackingId: 't',
      httpStatus: 202,
      requestId: 'r',
      sentAt: '2024-03-05T09:30:00.000Z',
      deviceStatus: 'succeeded',
    } satisfies RowResult);
  });

  test('keeps the Detail of an invalid row', () => {
    assert.deepEqual(priorResult(cellsOf({ Row: '12', Status: 'invalid', Detail: 'policy ID "x" is not a GUID' }), priorColumns), {
      row: 12,
      status: 'invalid',
      detail: 'policy ID "x" is not a GUID',
    } satisfies RowResult);
  });

  test('no recorded outcome: empty or unknown Status, or no row number', () => {
    assert.equal(priorResult(cellsOf({ Row: '3' }), priorColumns), undefined);
    assert.equal(priorResult(cellsOf({ Row: '3', Status: 'maybe' }), priorColumns), undefined);
    assert.equal(priorResult(cellsOf({ Row: 'three', Status: 'accepted' }), priorColumns), undefined);
  });

  test('ignores an unparsable HTTP status and an unknown device status', () => {
    const result = priorResult(cellsOf({ Row: '3', Status: 'failed', 'HTTP Status': 'n/a', 'Device Status': 'weird' }), priorColumns);
    assert.deepEqual(result, { row: 3, status: 'failed', detail: '' } satisfies RowResult);
  });
});
