// Which field a header no alias names probably means (the `--map` to suggest): abbreviations spelt out,
// typos, aliases with words around them; and no suggestion where it would be a guess.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { likelyField, mapOption } from '../../src/map/suggest.js';
import { mapHint } from '../../src/map/columns.js';
import { unusedColumns, unusedColumnsLines } from '../../src/map/unused-columns.js';
import type { Field } from '../../src/model.js';

test('headers vendors write for a field get that field', () => {
  const cases: Array<[string, Field]> = [
    ['Serial No.', 'serial'],
    ['Serial No', 'serial'],
    ['S/N', 'serial'],
    ['SN', 'serial'],
    ['Serail Number', 'serial'],
    ['Autopilot Profile Name', 'policyName'],
    ['Windows Autopilot Profile', 'policyName'],
    ['Cust ID', 'customer'],
    ['Customer Tennant ID', 'customer'],
    ['Dev ID', 'device'],
    ['HW Hash', 'hardwareHash'],
    ['Hardware Hash Value', 'hardwareHash'],
    ['Prod. Key', 'productKey'],
    ['Mfr', 'manufacturer'],
    ['Manuf.', 'manufacturer'],
    ['Company Name Long', 'customerName'],
  ];
  for (const [header, field] of cases) assert.equal(likelyField(header)?.field, field, header);
});

test('no suggestion for a header an alias names already, for other columns, or where it would be a guess', () => {
  for (const header of ['Serial Number', 'Device ID', 'customer_id', 'Asset Tag', 'PO Number', 'Order Number', 'Device Name', 'Cash', 'Notes', 'Ship Date', '', '   ', 'Model Number']) {
    assert.equal(likelyField(header), undefined, header);
  }
});

test('the option is written to paste into a shell', () => {
  assert.equal(mapOption('serial', 'Serial No.'), '--map serial="Serial No."');
  assert.equal(mapOption('policyName', 'Profile "A"'), '--map policyName="Profile \\"A\\""');
});

test('a header row lacking fields is told the --map its own headers need, and only for what it lacks', () => {
  const headers = ['Customer ID', 'Serial No.', 'Autopilot Profile Name', 'Asset Tag'];
  assert.equal(
    mapHint(headers, { customer: 0 }, {}, {}),
    '"Serial No." may be the serial number; "Autopilot Profile Name" may be the profile name: add --map serial="Serial No." --map policyName="Autopilot Profile Name"',
  );
  // --policy stands in for the policy column: the profile-name column is no longer lacking.
  assert.equal(mapHint(headers, { customer: 0 }, {}, { policy: 'Kiosk' }), '"Serial No." may be the serial number: add --map serial="Serial No."');
  assert.equal(mapHint(['Customer ID', 'Device ID', 'Policy ID', 'Serial No.'], { customer: 0, device: 1, policy: 2 }, {}, {}), '');
  assert.equal(mapHint(['Customer ID', 'Asset Tag'], { customer: 0 }, {}, {}), '');
});

test('unused columns: every column not read, by header; a likely field no column gives comes with its --map', () => {
  const headers = ['Customer ID', 'Device ID', 'Policy ID', 'Asset Tag', '', 'PO Number', 'Serial No.', 'Autopilot Profile Name'];
  const unused = unusedColumns(headers, [0, 1, 2, 3, 4, 5, 6, 7], { customer: 0, device: 1, policy: 2 }, {});
  assert.deepEqual(unused.headers, ['Asset Tag', 'PO Number', 'Serial No.', 'Autopilot Profile Name']);
  // A profile name beside a Policy ID is no help: only the serial is suggested.
  assert.equal(
    unusedColumnsLines(unused),
    'not used: "Asset Tag", "PO Number", "Serial No.", "Autopilot Profile Name" (kept in the results as they are)\n' +
      '  "Serial No." may be the serial number: to read it, add --map serial="Serial No."\n',
  );
  assert.equal(unusedColumnsLines(unusedColumns(['Customer ID', 'Device ID', 'Policy ID'], [0, 1, 2], { customer: 0, device: 1, policy: 2 }, {})), '');
});
