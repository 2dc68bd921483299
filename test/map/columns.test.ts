import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { headerCheck, headerPredicate, mapColumns, missingFields, parseMapOptions, toMappedRow } from '../../src/map/columns.js';
import { isInputError } from '../../src/read/errors.js';

const FILE = 'devices.xlsx';

describe('parseMapOptions', () => {
  test('reads field=Column pairs, field names forgiving, columns trimmed', () => {
    assert.deepEqual(parseMapOptions(['device=Serial No', 'product-key = Win Key', 'policyname=Profil']), {
      device: 'Serial No',
      productKey: 'Win Key',
      policyName: 'Profil',
    });
  });

  test('keeps an = inside the column name', () => {
    assert.deepEqual(parseMapOptions(['customer=Tenant=ID']), { customer: 'Tenant=ID' });
  });

  const bad = [
    { value: 'device', says: /FIELD=COLUMN/ },
    { value: 'device=', says: /FIELD=COLUMN/ },
    { value: '=Device', says: /FIELD=COLUMN/ },
    { value: 'gadget=Device', says: /unknown field "gadget"; fields are customer, device, policy, serial, productKey, hardwareHash, policyName, manufacturer, model, batch, customerName/ },
  ];
  for (const b of bad) {
    test(`refuses ${JSON.stringify(b.value)}`, () => {
      assert.throws(() => parseMapOptions([b.value]), (e: unknown) => isInputError(e) && e.code === 'bad-option' && b.says.test(e.message));
    });
  }

  test('refuses one field mapped twice', () => {
    assert.throws(() => parseMapOptions(['device=A', 'device=B']), { code: 'bad-option', message: /device column twice/ });
  });
});

describe('mapColumns', () => {
  test('maps aliases to their columns, leaving other columns unmapped', () => {
    assert.deepEqual(mapColumns(['Kunde', 'Customer Tenant ID', 'Device ID', 'Autopilot Profile ID', 'Serial Number', 'Bemerkung'], {}, FILE), {
      customer: 1,
      device: 2,
      policy: 3,
      serial: 4,
    });
  });

  test('two columns for one field: duplicate-column naming both, with their letters', () => {
    assert.throws(
      () => mapColumns(['Customer ID', 'Device', 'Policy ID', 'Device ID'], {}, FILE),
      (e: unknown) => {
        assert.ok(isInputError(e));
        assert.equal(e.code, 'duplicate-column');
        assert.ok(e.message.startsWith(`${FILE}: `));
        assert.match(e.message, /"Device" \(column B\) and "Device ID" \(column D\) both hold the device field/);
        return true;
      },
    );
  });

  test('the same header twice is caught too', () => {
    assert.throws(() => mapColumns(['Customer ID', 'Device ID', 'Policy ID', 'Device ID'], {}, FILE), {
      code: 'duplicate-column',
      message: /"Device ID" \(column B\) and "Device ID" \(column D\)/,
    });
  });

  test('repeated headers that map to no field stay separate columns', () => {
    assert.deepEqual(mapColumns(['Customer ID', 'Device ID', 'Policy ID', 'Notes', 'Notes'], {}, FILE), { customer: 0, device: 1, policy: 2 });
  });

  test('--map wins over aliases without a conflict', () => {
    const headers = ['Customer ID', 'Device', 'Device ID', 'Policy ID'];
    assert.deepEqual(mapColumns(headers, { device: 'Device ID' }, FILE), { customer: 0, device: 2, policy: 3 });
  });

  test('--map can take a column another field would claim by alias', () => {
    const headers = ['Customer ID', 'Serial Number', 'Policy ID'];
    assert.deepEqual(mapColumns(headers, { device: 'serial number' }, FILE), { customer: 0, device: 1, policy: 2 });
  });

  test('--map matches headers the forgiving way', () => {
    assert.deepEqual(mapColumns(['Kunde', 'Gerät-ID', 'Profil'], { customer: 'KUNDE', device: 'gerät id', policy: 'Profil' }, FILE), {
      customer: 0,
      device: 1,
      policy: 2,
    });
  });

  test('--map naming an absent column: unknown-column listing the headers', () => {
    assert.throws(() => mapColumns(['Customer ID', 'Device ID', 'Policy ID'], { serial: 'Serial No' }, FILE), (e: unknown) => {
      assert.ok(isInputError(e));
      assert.equal(e.code, 'unknown-column');
      assert.match(e.message, /--map serial="Serial No": no such column\. Headers found: "Customer ID", "Device ID", "Policy ID"/);
      return true;
    });
  });
});

describe('missingFields', () => {
  test('nothing missing for customer + device + policy', () => {
    assert.deepEqual(missingFields({ customer: 0, device: 1, policy: 2 }, {}), []);
  });

  test('serial, product key or hash stand in for the device, policy name for the policy', () => {
    assert.deepEqual(missingFields({ customer: 0, serial: 1, policyName: 2 }, {}), []);
    assert.deepEqual(missingFields({ customer: 0, productKey: 1, policy: 2 }, {}), []);
    assert.deepEqual(missingFields({ customer: 0, hardwareHash: 1, policy: 2 }, {}), []);
  });

  test('--customer and --policy stand in for their columns', () => {
    assert.deepEqual(missingFields({ device: 0 }, { customer: 'c', policy: 'p' }), []);
  });

  test('an empty default does not count', () => {
    assert.equal(missingFields({ device: 0, policy: 1 }, { customer: '  ' }).length, 1);
  });

  test('says what each missing field could be', () => {
    const missing = missingFields({}, {});
    assert.equal(missing.length, 3);
    assert.match(missing[0] ?? '', /customer column \("Customer ID".*\) or --customer/);
    assert.match(missing[1] ?? '', /device column .* serial number, product key or hardware hash column/);
    assert.match(missing[2] ?? '', /policy column .*policy name column .* or --policy/);
    // Two headers each, not every alias: all three must fit in a message a person reads to the end.
    assert.ok(missing.join('; ').length < 300, missing.join('; '));
  });
});

describe('headerPredicate / headerCheck', () => {
  const isHeader = headerPredicate({}, {});
  test('accepts a header with the required columns, whatever else it holds', () => {
    assert.equal(isHeader(['Model', 'Customer ID', 'Device ID', 'Policy ID', '']), true);
  });
  test('rejects title rows and data rows', () => {
    assert.equal(isHeader(['Shipment 4711 — device list']), false);
    assert.equal(isHeader(['c7f3c849-129f-4b85-a96d-4f8e88b315a3', '9993-8627', '15a04610-9229-4e80-94e0-0e826a09c9e2']), false);
  });
  test('accepts a header with two device columns, so that mapColumns can name them', () => {
    assert.equal(isHeader(['Customer ID', 'Device', 'Device ID', 'Policy ID']), true);
  });
  test('requires the --map columns', () => {
    const check = headerCheck({ device: 'Gerät' }, { customer: 'c', policy: 'p' });
    assert.equal(check.isHeader(['Gerät']), true);
    assert.equal(check.isHeader(['Device ID']), false);
    assert.deepEqual(check.missing(['Device ID']), ['the column "Gerät" given by --map']);
  });
});

describe('toMappedRow', () => {
  test('takes trimmed text per field, omits empty cells, flags number-stored fields', () => {
    const row = { rowNumber: 12, cells: ['  c  ', '9.99386E+15', '', 'PF3'], numericColumns: [1] };
    assert.deepEqual(toMappedRow(row, 7, { customer: 0, device: 1, policy: 2, serial: 3 }), {
      index: 7,
      rowNumber: 12,
      fields: { customer: 'c', device: '9.99386E+15', serial: 'PF3' },
      numericFields: ['device'],
    });
  });
});
