import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeDeviceError, findKnownDeviceError } from '../../src/track/device-errors.js';

test('808 names the error, keeps the service words, and says the other tenant must deregister', () => {
  const text = describeDeviceError({ status: 'finished_with_errors', errorCode: 808, errorDescription: 'Device is already assigned to another tenant' });
  assert.match(text, /^808 ZtdDeviceAssignedToOtherTenant: Device is already assigned to another tenant — /);
  assert.match(text, /another tenant.*must deregister/);
});

test('a description that only repeats the name is not said twice', () => {
  const text = describeDeviceError({ status: 'finished_with_errors', errorCode: '808', errorDescription: 'ZtdDeviceAssignedToOtherTenant' });
  assert.match(text, /^808 ZtdDeviceAssignedToOtherTenant — the device is registered to another tenant/);
});

test('806 is matched by its number; ZtdDeviceNotFound by its name in the code or the description', () => {
  assert.match(describeDeviceError({ status: 'failed', errorCode: '806', errorDescription: 'Already assigned' }),
    /^806 ZtdDeviceAlreadyAssigned: Already assigned — .*already/);
  assert.match(describeDeviceError({ status: 'failed', errorCode: 'ZtdDeviceNotFound', errorDescription: 'Device not found' }),
    /^ZtdDeviceNotFound: Device not found — .*not among the customer’s registered Autopilot devices.*[Uu]pload it first/);
  assert.match(describeDeviceError({ status: 'failed', errorCode: '600', errorDescription: 'ZtdDeviceNotFound for this tenant' }),
    /^600 ZtdDeviceNotFound: ZtdDeviceNotFound for this tenant — /);
});

test('unknown codes keep the code and the service description, with no invented advice', () => {
  assert.equal(describeDeviceError({ status: 'failed', errorCode: '999', errorDescription: 'Something odd' }), '999: Something odd');
  assert.equal(describeDeviceError({ status: 'finished_with_errors', errorCode: null, errorDescription: null }),
    'finished_with_errors: the service gave no error description');
});

test('the table can be searched with another table (easy to extend)', () => {
  const table = [{ name: 'ZtdPolicyMissing', codes: ['901'], explanation: 'x' }];
  assert.equal(findKnownDeviceError(901, null, table)?.name, 'ZtdPolicyMissing');
  assert.equal(findKnownDeviceError('808', null, table), undefined);
});
