import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEVICE_STATUSES } from '../../src/model.js';
import { emptyDevices } from '../../src/results/counts.js';
import { countDevices } from '../../src/results/counts.js';

test('one counter for tracking, its totals and the summary: per status, per known customer; unknown is pending', () => {
  const { total, perCustomer } = countDevices([
    { status: 'succeeded', customer: 'c1' },
    { status: 'failed', customer: 'c1' },
    { status: undefined, customer: 'c2' },
    { status: 'succeeded' },
  ]);
  assert.deepEqual(total, { succeeded: 2, failed: 1, pending: 1 });
  assert.deepEqual([...perCustomer], [['c1', { succeeded: 1, failed: 1, pending: 0 }], ['c2', { succeeded: 0, failed: 0, pending: 1 }]]);
  assert.deepEqual(countDevices([]).total, emptyDevices());
  // Every device status has a count, in the order the Summary sheet and the report list them.
  assert.deepEqual(Object.keys(emptyDevices()), [...DEVICE_STATUSES]);
});
