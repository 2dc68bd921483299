import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ALIASES, fieldOfHeader, normaliseHeader } from '../../src/map/aliases.js';
import { FIELDS, type Field } from '../../src/model.js';

test('every alias of SPEC §2 names its field', () => {
  for (const field of FIELDS) {
    for (const alias of ALIASES[field]) assert.equal(fieldOfHeader(alias), field, alias);
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
  ['Kunde', undefined],
  ['Model', 'model'],
  ['Device model', 'model'],
  ['Manufacturer name', 'manufacturer'],
  ['Hardware Hash', 'hardwareHash'],
  ['PKID', 'productKey'],
  ['Autopilot Profile', 'policyName'],
  ['Deployment Profile', 'policyName'],
  ['Profile', 'policyName'],
];

for (const [header, field] of spellings) {
  test(`"${header}" → ${field ?? 'no field'}`, () => {
    assert.equal(fieldOfHeader(header), field);
  });
}

test('normaliseHeader keeps letters and digits of any script', () => {
  assert.equal(normaliseHeader('Gerät-ID (neu)'), 'gerätidneu');
  assert.equal(normaliseHeader('ＩＤ'), 'id', 'full-width letters fold');
});
