// Which rows need attention and how they group: rows failing the same way share a kind, whatever their
// own particulars (device ID, quoted value, GUIDs, row lists), and the words stay each row's own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RowResult } from '../../src/model.js';
import { attentionStatus, groupByReason, needsFix, reasonKind, reasonOf } from '../../src/report/attention.js';
import { plural } from '../../src/text/plural.js';

const row = (result: Partial<RowResult> & Pick<RowResult, 'status'>): RowResult => ({ row: 2, detail: '', ...result });

test('attention: invalid, failed, not sent, and pending devices; fixing: all of those but pending', () => {
  const cases: Array<[RowResult, string | undefined, boolean]> = [
    [row({ status: 'invalid' }), 'invalid', true],
    [row({ status: 'failed' }), 'failed', true],
    [row({ status: 'not-sent' }), 'not-sent', true],
    [row({ status: 'accepted', deviceStatus: 'pending' }), 'pending', false],
    [row({ status: 'accepted' }), undefined, false],
    [row({ status: 'applied', deviceStatus: 'succeeded' }), undefined, false],
    [row({ status: 'unchanged' }), undefined, false],
    [row({ status: 'duplicate', deviceStatus: 'failed' }), undefined, false],
  ];
  for (const [result, status, fix] of cases) {
    assert.equal(attentionStatus(result), status, JSON.stringify(result));
    assert.equal(needsFix(result), fix, JSON.stringify(result));
  }
});

test('the kind of a reason drops what is particular to the row', () => {
  const G = 'c7f3c849-129f-4b85-a96d-4f8e88b315a3';
  const cases: Array<[RowResult, string, string]> = [
    [row({ status: 'invalid', detail: 'Policy ID "abc" is not a GUID' }), 'D1', 'Policy ID is not a GUID'],
    [row({ status: 'invalid', detail: `device "D1" of customer ${G} is listed with 2 different policies: rows 4 (policy ${G}), 9 (policy ${G})` }), 'D1',
      'device of customer is listed with 2 different policies'],
    [row({ status: 'failed', httpStatus: 400, errorCode: '600', detail: 'Device DEV-77 is not valid' }), 'DEV-77', 'HTTP 400, code 600: Device is not valid'],
    [row({ status: 'failed', deviceStatus: 'failed', deviceError: '808 ZtdDeviceAssignedToOtherTenant — registered elsewhere. Ask them to release it.' }), 'D1',
      '808 ZtdDeviceAssignedToOtherTenant — registered elsewhere.'],
    [row({ status: 'accepted', deviceStatus: 'pending', jobStatus: 'processing' }), 'D1', "the device's outcome is not known yet (batch job processing)"],
    [row({ status: 'invalid', detail: 'customer has no policy named "Kiosk"; its policies are "Standard", "Shared"' }), 'D1',
      'customer has no policy named …; its policies are …'],
    // A value dropped mid-clause stands as "…" unless the word before it names it (number, customer).
    [row({ status: 'invalid', detail: `no device with serial number "SN-1" or hardware hash ending "…00ff3a9c1b2d4e5f" among customer ${G}'s 118 registered devices (in 2 device batches); check the value against the device, or register the device first` }), 'D1',
      "no device with serial number or hardware hash ending … among customer's 118 registered devices (in 2 device batches); check the value against the device, or register the device first"],
    [row({ status: 'invalid', detail: `customer ${G} has 2 policies named "Kiosk" (${G}, ${G}); give the Policy ID instead` }), 'D1',
      'customer has 2 policies named …; give the Policy ID instead'],
    [row({ status: 'invalid', detail: `serial number "SN-1" matches 2 devices of customer ${G}: ${G}, ${G}; give the row's Device ID to choose one` }), 'D1',
      "serial number matches 2 devices of customer: …; give the row's Device ID to choose one"],
    // A customer named by the sheet (report/customer-names.ts) keeps its name; its GUID goes with its parentheses.
    [row({ status: 'invalid', detail: `no device with serial number "SN-1" among customer Contoso Ltd (${G})'s 118 registered devices (in 2 device batches); check the value against the device, or register the device first` }), 'D1',
      "no device with serial number among customer Contoso Ltd's 118 registered devices (in 2 device batches); check the value against the device, or register the device first"],
    [row({ status: 'invalid', detail: `device DEV-77 is not one of customer Contoso Ltd (${G})'s 250 registered devices (in 1 device batch), so the service would refuse it` }), 'DEV-77',
      "device is not one of customer Contoso Ltd's 250 registered devices (in 1 device batch), so the service would refuse it"],
  ];
  for (const [result, device, kind] of cases) assert.equal(reasonKind(result, device), kind, result.detail);
  // The words themselves are the row's own, in full.
  assert.equal(reasonOf(cases[2]![0]), 'HTTP 400, code 600: Device DEV-77 is not valid');
});

test('groups: by status and kind, the largest first, rows in input order', () => {
  const rows = [
    { device: 'a', result: row({ row: 2, status: 'invalid', detail: 'Device ID is missing' }) },
    { device: 'b', result: row({ row: 3, status: 'invalid', detail: 'Policy ID "x" is not a GUID' }) },
    { device: 'c', result: row({ row: 4, status: 'invalid', detail: 'Policy ID "y" is not a GUID' }) },
    { device: 'd', result: row({ row: 5, status: 'applied' }) },
  ];
  const groups = groupByReason(rows, (r) => r);
  assert.deepEqual(groups.map((g) => [g.status, g.kind, g.rows.map((r) => r.result.row)]), [
    ['invalid', 'Policy ID is not a GUID', [3, 4]],
    ['invalid', 'Device ID is missing', [2]],
  ]);
});

test('plurals', () => {
  assert.equal(plural(1, 'request'), '1 request');
  assert.equal(plural(2, 'request'), '2 requests');
  assert.equal(plural(1200, 'retry', 'retries'), '1,200 retries');
});
