import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isInputError } from '../../src/read/errors.js';
import { chooseColumn, statusColumns, type ColumnChoice, type ColumnSources } from '../../src/map/device-columns.js';
import { customerKey } from '../../src/validate/guid.js';

test('the device column: --map, then the recorded header, then an alias only when exactly one header is one', () => {
  const headers = ['Customer ID', 'Device', 'Device ID', 'HW Ref'];
  const cases: Array<[string, readonly string[], ColumnSources, ColumnChoice]> = [
    ['--map, exact', headers, { mapped: 'HW Ref' }, { kind: 'found', index: 3 }],
    ['--map, forgiving', headers, { mapped: 'hw-ref', recorded: 'Device' }, { kind: 'found', index: 3 }],
    ['--map beats the record', headers, { mapped: 'Device', recorded: 'HW Ref' }, { kind: 'found', index: 1 }],
    ['--map unknown', headers, { mapped: 'Serial' }, { kind: 'unknown-map', wanted: 'Serial' }],
    ['recorded', headers, { recorded: 'HW Ref' }, { kind: 'found', index: 3 }],
    ['two aliases, nothing recorded', headers, {}, { kind: 'ambiguous', candidates: [1, 2] }],
    ['recorded header since renamed: aliases', headers, { recorded: 'Hardware' }, { kind: 'ambiguous', candidates: [1, 2] }],
    ['one alias', ['Customer ID', 'Partner Center Device ID'], {}, { kind: 'found', index: 1 }],
    ['no alias', ['Customer ID', 'Thing'], {}, { kind: 'none' }],
  ];
  for (const [name, h, sources, expected] of cases) assert.deepEqual(chooseColumn(h, 'device', sources), expected, name);
  assert.deepEqual(chooseColumn(['Tenant', 'Customer ID'], 'customer', {}), { kind: 'ambiguous', candidates: [0, 1] });
});

test('status --map takes device and customer; any other field is refused', () => {
  assert.deepEqual(statusColumns({ device: 'HW Ref', customer: 'Tenant Ref' }), { device: 'HW Ref', customer: 'Tenant Ref' });
  assert.throws(() => statusColumns({ policy: 'Profile' }), (e) => isInputError(e) && /takes device and customer; got policy="Profile"/.test(e.message));
});

test('customers are keyed as apply keys them: the canonical GUID, else the trimmed text', () => {
  assert.equal(customerKey(' {C7F3C849-129F-4B85-A96D-4F8E88B315A3} '), 'c7f3c849-129f-4b85-a96d-4f8e88b315a3');
  assert.equal(customerKey(' Contoso '), 'Contoso');
});
