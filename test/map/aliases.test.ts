import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ALIASES, fieldOfHeader, normalizeHeader } from '../../src/map/aliases.js';
import { FIELDS, type Field } from '../../src/model.js';

// SPEC §2 Input, copied by hand: the test must not read its expectations from the code it checks.
const SPEC_ALIASES: Record<Field, string[]> = {
  customer: ['Customer ID', 'Customer', 'Customer Tenant ID', 'Tenant ID', 'Tenant', 'Microsoft ID'],
  device: ['Device ID', 'Device', 'Partner Center Device ID'],
  policy: ['Policy ID', 'Policy', 'Configuration Policy ID', 'Profile ID', 'Autopilot Profile ID'],
  serial: ['Serial Number', 'Serial', 'Device Serial Number'],
  productKey: ['Product Key', 'Windows Product ID', 'Product ID', 'PKID'],
  hardwareHash: ['Hardware Hash', 'Hash'],
  policyName: ['Policy Name', 'Profile Name', 'Profile', 'Autopilot Profile', 'Deployment Profile'],
  manufacturer: ['Manufacturer name', 'Manufacturer', 'OEM'],
  model: ['Device model', 'Model'],
  batch: ['Group Tag', 'Group Name', 'Batch', 'Batch Name', 'Device Batch'],
  customerName: ['Customer Name', 'Company', 'Company Name', 'Organization'],
};

test('the aliases are exactly those of SPEC §2 Input, each naming its field', () => {
  assert.deepEqual(Object.fromEntries(FIELDS.map((f) => [f, [...ALIASES[f]].sort()])), Object.fromEntries(FIELDS.map((f) => [f, [...SPEC_ALIASES[f]].sort()])));
  assert.deepEqual([...FIELDS].sort(), Object.keys(SPEC_ALIASES).sort(), 'every field SPEC names, and no other');
  for (const [field, aliases] of Object.entries(SPEC_ALIASES)) {
    for (const alias of aliases) assert.equal(fieldOfHeader(alias), field, alias);
  }
});

// How vendors actually spell the headers: case, spaces, punctuation and stray whitespace are ignored.
const spellings: [string, Field | undefined][] = [
  ['customer_id', 'customer'],
  ['CUSTOMER-ID', 'customer'],
  ['CustomerID', 'customer'],
  [' Tenant ID ', 'customer'],
  ['Microsoft ID', 'customer'],
  ['device id:', 'device'],
  ['Partner Center Device ID', 'device'],
  ['Autopilot-Profile-ID', 'policy'],
  ['Configuration Policy Id', 'policy'],
  ['Serial No.', undefined],
  ['serial #', 'serial'],
  ['Device Serial Number', 'serial'],
  ['Windows Product ID', 'productKey'],
  ['Profile Name', 'policyName'],
  ['policy name', 'policyName'],
  ['Customer Name', 'customerName'],
  ['company name', 'customerName'],
  ['Kunde', undefined],
  ['Model', 'model'],
  ['Device model', 'model'],
  ['Manufacturer name', 'manufacturer'],
  ['Hardware Hash', 'hardwareHash'],
  ['PKID', 'productKey'],
  ['Autopilot Profile', 'policyName'],
  ['Deployment Profile', 'policyName'],
  ['Profile', 'policyName'],
  ['Group Tag', 'batch'],
  ['group_name', 'batch'],
  ['Device Batch', 'batch'],
];

for (const [header, field] of spellings) {
  test(`"${header}" → ${field ?? 'no field'}`, () => {
    assert.equal(fieldOfHeader(header), field);
  });
}

test('normalizeHeader keeps letters and digits of any script', () => {
  assert.equal(normalizeHeader('Gerät-ID (neu)'), 'gerätidneu');
  assert.equal(normalizeHeader('ＩＤ'), 'id', 'full-width letters fold');
});
