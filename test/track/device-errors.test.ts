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

// SPEC §1: a draft Microsoft page lists these; the support articles confirm only 806 and 808, so the
// explanation says where the code comes from. Codes may come as numbers or as text.
const drafted: Array<[string | number, string, RegExp]> = [
  [807, 'ZtdDeviceIsNotRegistered', /not registered for Autopilot with this customer.*Register it first/],
  ['809', 'ZtdProfileIsNotRegistered', /profile is not one of this customer’s profiles/],
  [812, 'ZtdDeviceNotFound', /not among the customer’s registered Autopilot devices/],
];
for (const [code, name, explains] of drafted) {
  test(`${code} is ${name}, explained, and marked as reported by Microsoft's draft documentation`, () => {
    const text = describeDeviceError({ status: 'finished_with_errors', errorCode: code, errorDescription: name });
    assert.ok(text.startsWith(`${code} ${name} — `), text);
    assert.match(text, explains);
    assert.match(text, /\(The code is as Microsoft's draft documentation reports it\.\)$/);
  });
}

test('806 and 808, confirmed by the support articles, carry no draft note', () => {
  for (const code of ['806', '808']) assert.doesNotMatch(describeDeviceError({ status: 'failed', errorCode: code, errorDescription: null }), /draft/);
});
