import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Field, LookupNeed, MappedRow, RowCheck } from '../../src/model.js';
import { validateRow, type RowDefaults } from '../../src/validate/rules.js';

const CUSTOMER = 'c7f3c849-129f-4b85-a96d-4f8e88b315a3';
const POLICY = '15a04610-9229-4e80-94e0-0e826a09c9e2';
const DEVICE = '9993-8627-3608-6844-6369-4361-72';
const NUMBER = 'stored as a number; digits may be lost: format the column as Text and re-enter';

function row(fields: Partial<Record<Field, string>>, numericFields: Field[] = []): MappedRow {
  return { index: 3, rowNumber: 5, fields, numericFields };
}

function ok(customer: string, device: string, policy: string): RowCheck {
  return { ok: true, index: 3, rowNumber: 5, customer, device, policy };
}

function invalid(detail: string): RowCheck {
  return { ok: false, index: 3, rowNumber: 5, detail };
}

function lookup(device: LookupNeed['device'], policy: LookupNeed['policy'], detail: string): RowCheck {
  return { ok: false, index: 3, rowNumber: 5, detail, lookup: { customer: CUSTOMER, device, policy } };
}

interface Case {
  name: string;
  row: MappedRow;
  defaults?: RowDefaults;
  expected: RowCheck;
}

const cases = [
  {
    name: 'a well-formed row passes with its values',
    row: row({ customer: CUSTOMER, device: DEVICE, policy: POLICY }),
    expected: ok(CUSTOMER, DEVICE, POLICY),
  },
  {
    name: 'braced upper-case GUIDs are normalised',
    row: row({ customer: `{${CUSTOMER.toUpperCase()}}`, device: DEVICE, policy: POLICY.toUpperCase() }),
    expected: ok(CUSTOMER, DEVICE, POLICY),
  },
  {
    name: 'surrounding spaces are trimmed',
    row: row({ customer: ` ${CUSTOMER} `, device: ` ${DEVICE}\t`, policy: POLICY }),
    expected: ok(CUSTOMER, DEVICE, POLICY),
  },
  {
    name: '--customer and --policy fill absent or empty cells',
    row: row({ customer: '', device: DEVICE }),
    defaults: { customer: CUSTOMER.toUpperCase(), policy: `{${POLICY}}` },
    expected: ok(CUSTOMER, DEVICE, POLICY),
  },
  {
    name: 'a cell wins over the default',
    row: row({ customer: CUSTOMER, device: DEVICE, policy: POLICY }),
    defaults: { customer: 'c0000000-0000-0000-0000-000000000000' },
    expected: ok(CUSTOMER, DEVICE, POLICY),
  },
  {
    name: 'a customer that is not a GUID is named with its value',
    row: row({ customer: 'acme-corp', device: DEVICE, policy: POLICY }),
    expected: invalid('Customer ID "acme-corp" is not a GUID'),
  },
  {
    name: 'a bad --policy default says where it came from (the CLI refuses it first; the library may not)',
    row: row({ customer: CUSTOMER, device: DEVICE }),
    defaults: { policy: 'stan\u0007dard' },
    expected: invalid('Policy ID "stan\\u0007dard" (from --policy) is neither a GUID nor a policy name'),
  },
  {
    name: 'missing customer and policy',
    row: row({ device: DEVICE }),
    expected: invalid('Customer ID is missing (empty cell and no --customer); Policy ID is missing (empty cell and no --policy)'),
  },
  {
    name: 'missing device',
    row: row({ customer: CUSTOMER, device: '  ', policy: POLICY }),
    expected: invalid('Device ID is missing (no Device ID, serial number, product key or hardware hash)'),
  },
  {
    name: 'a device of 256 characters is allowed',
    row: row({ customer: CUSTOMER, device: 'x'.repeat(256), policy: POLICY }),
    expected: ok(CUSTOMER, 'x'.repeat(256), POLICY),
  },
  {
    name: 'a device of 257 characters is refused, the value shortened in the message',
    row: row({ customer: CUSTOMER, device: 'x'.repeat(257), policy: POLICY }),
    expected: invalid(`Device ID "${'x'.repeat(80)}…" is 257 characters long; at most 256 are allowed`),
  },
  {
    name: 'a control character inside a device ID is shown and named',
    row: row({ customer: CUSTOMER, device: 'AB\tCD', policy: POLICY }),
    expected: invalid('Device ID "AB\\tCD" contains a control character (U+0009)'),
  },
  {
    name: 'a C1 control character is refused too',
    row: row({ customer: CUSTOMER, device: 'AB\u0085CD', policy: POLICY }),
    expected: invalid('Device ID "AB\u0085CD" contains a control character (U+0085)'),
  },
  {
    name: 'a device cell the workbook stored as a number',
    row: row({ customer: CUSTOMER, device: '1234567890123456', policy: POLICY }, ['device']),
    expected: invalid(`Device ID ${NUMBER}`),
  },
  {
    name: 'a device in scientific notation',
    row: row({ customer: CUSTOMER, device: '1.23457E+15', policy: POLICY }),
    expected: invalid(`Device ID ${NUMBER}`),
  },
  {
    name: 'scientific notation with a short mantissa',
    row: row({ customer: CUSTOMER, device: '9.99E+17', policy: POLICY }),
    expected: invalid(`Device ID ${NUMBER}`),
  },
  {
    name: 'scientific notation from a European locale',
    row: row({ customer: CUSTOMER, device: '1,23457E+15', policy: POLICY }),
    expected: invalid(`Device ID ${NUMBER}`),
  },
  {
    name: 'an opaque ID that merely holds an E is not taken for a number',
    row: row({ customer: CUSTOMER, device: '12E4', policy: POLICY }),
    expected: ok(CUSTOMER, '12E4', POLICY),
  },
  {
    name: 'a customer stored as a number gets the number message, not "not a GUID"',
    row: row({ customer: '4.5E+21', device: DEVICE, policy: POLICY }),
    expected: invalid(`Customer ID ${NUMBER}`),
  },
  {
    name: 'a policy cell stored as a number',
    row: row({ customer: CUSTOMER, device: DEVICE, policy: '15042' }, ['policy']),
    expected: invalid(`Policy ID ${NUMBER}`),
  },
  {
    name: 'every problem of a row is reported, in field order',
    row: row({ customer: 'acme', device: '1.5E+15', policy: 'std' }),
    expected: invalid(
      `Customer ID "acme" is not a GUID; Device ID ${NUMBER}; Policy ID "std" is not a GUID; ` +
        'to name a policy rather than give its ID, head the column Policy Name (or --map policyName=COLUMN)',
    ),
  },
  {
    name: 'a serial number without a device ID asks for a lookup, and says why it is invalid if none is made',
    row: row({ customer: CUSTOMER, serial: 'PF3ABC12', policy: POLICY }),
    expected: lookup({ find: { serial: 'PF3ABC12' } }, { id: POLICY },
      'Device ID is missing; finding the device by serial number "PF3ABC12" needs the customer\'s Partner Center lists, which were not looked up'),
  },
  {
    name: 'a product key, a hash, a manufacturer and a model all travel with the lookup',
    row: row({ customer: CUSTOMER, productKey: '00330-80000-00000-AA123', hardwareHash: 'T0Fn AgEAHAAAAAoA', manufacturer: 'Contoso', model: 'Laptop 5', policy: POLICY }),
    expected: lookup({ find: { productKey: '00330-80000-00000-AA123', hardwareHash: 'T0Fn AgEAHAAAAAoA', manufacturer: 'Contoso', model: 'Laptop 5' } }, { id: POLICY },
      'Device ID is missing; finding the device by product key "00330-80000-00000-AA123" or hardware hash "T0FnAgEAHAAAAAoA" needs the customer\'s Partner Center lists, which were not looked up'),
  },
  {
    name: 'a policy name without a policy ID asks for a lookup',
    row: row({ customer: CUSTOMER, device: DEVICE, policyName: 'Standard OOBE' }),
    expected: lookup({ id: DEVICE }, { name: 'Standard OOBE' },
      'Policy ID is missing; finding the policy named "Standard OOBE" needs the customer\'s Partner Center lists, which were not looked up'),
  },
  {
    name: "the row's own policy name wins over --policy, which stands in only for rows without one",
    row: row({ customer: CUSTOMER, device: DEVICE, policyName: 'Standard OOBE' }),
    defaults: { policy: POLICY },
    expected: lookup({ id: DEVICE }, { name: 'Standard OOBE' },
      'Policy ID is missing; finding the policy named "Standard OOBE" needs the customer\'s Partner Center lists, which were not looked up'),
  },
  {
    name: '--policy given as a name asks for a lookup',
    row: row({ customer: CUSTOMER, device: DEVICE }),
    defaults: { policy: '  Sales Laptops ' },
    expected: lookup({ id: DEVICE }, { name: 'Sales Laptops' },
      'Policy ID is missing; finding the policy named "Sales Laptops" needs the customer\'s Partner Center lists, which were not looked up'),
  },
  {
    name: 'a serial number that Excel stored as a number is refused rather than searched for',
    row: row({ customer: CUSTOMER, serial: '1.23457E+11', policy: POLICY }),
    expected: invalid(`Serial Number ${NUMBER}`),
  },
  {
    name: 'a row with no device ID, serial, product key or hash says what it lacks',
    row: row({ customer: CUSTOMER, manufacturer: 'Contoso', policy: POLICY }),
    expected: invalid('Device ID is missing (no Device ID, serial number, product key or hardware hash)'),
  },
  {
    name: 'a device ID wins over a serial number: nothing to look up',
    row: row({ customer: CUSTOMER, device: DEVICE, serial: 'PF3ABC12', policy: POLICY }),
    expected: ok(CUSTOMER, DEVICE, POLICY),
  },
  {
    name: 'a policy cell that is a name gets a hint about the Policy Name column',
    row: row({ customer: CUSTOMER, device: DEVICE, policy: 'Sales Laptops' }),
    expected: invalid('Policy ID "Sales Laptops" is not a GUID; to name a policy rather than give its ID, head the column Policy Name (or --map policyName=COLUMN)'),
  },
] satisfies Case[];

for (const c of cases) {
  test(c.name, () => {
    assert.deepEqual(validateRow(c.row, c.defaults ?? {}), c.expected);
  });
}
