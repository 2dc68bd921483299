import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PolicyIndex } from '../../src/resolve/policy-index.js';

const policies = new PolicyIndex([
  { id: '15A04610-9229-4E80-94E0-0E826A09C9E2', name: 'Sales Laptops' },
  { id: '9ab79dc7-6858-4998-a1a0-c1e008d78b8c', name: 'Kiosk' },
  { id: '2c769539-6b0b-47e7-b097-d0d7b7746bf3', name: 'kiosk ' },
]);

test('policy index: names match whatever their case and surrounding spaces; IDs come back lower case', () => {
  assert.deepEqual(policies.find('  SALES laptops'), { kind: 'found', policyId: '15a04610-9229-4e80-94e0-0e826a09c9e2' });
});

test('policy index: an unknown name and a name two policies share', () => {
  assert.deepEqual(policies.find('Sales'), { kind: 'unknown' });
  assert.deepEqual(policies.find('KIOSK'), { kind: 'ambiguous', policyIds: ['9ab79dc7-6858-4998-a1a0-c1e008d78b8c', '2c769539-6b0b-47e7-b097-d0d7b7746bf3'] });
});

test('policy index: an ID check ignores case; the names are kept as the customer wrote them', () => {
  assert.equal(policies.has('15a04610-9229-4e80-94e0-0e826a09c9e2'), true);
  assert.equal(policies.has('75c17636-ae4f-4063-bbc3-4c225a5940f6'), false);
  assert.deepEqual(policies.names, ['Sales Laptops', 'Kiosk', 'kiosk ']);
});
