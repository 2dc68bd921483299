import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DeviceIdentifiers, Field, LookupNeed, MappedRow, RowCheck } from '../../src/model.js';
import { validateRow, type RowDefaults } from '../../src/validate/rules.js';
import { encodeHardwareHash } from '../../src/hardware-hash/encode.js';

const CUSTOMER = 'c7f3c849-129f-4b85-a96d-4f8e88b315a3';
const POLICY = '15a04610-9229-4e80-94e0-0e826a09c9e2';
const DEVICE = '9993-8627-3608-6844-6369-4361-72';
const NUMBER = 'stored as a number; digits may be lost: format the column as Text and re-enter';
const PF9_HASH = encodeHardwareHash({ serial: 'PF-9', manufacturer: 'LENOVO', model: '21HMCTO1WW' });
const PF9_DECLARED = Buffer.from(PF9_HASH.slice(0, 8), 'base64').readUInt16LE(2);
const OEM_HASH = encodeHardwareHash({ serial: 'To be filled by O.E.M.', manufacturer: 'Contoso', model: 'Mini PC' });

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

/** A row without a Device ID, its policy given, that searches by `find` (`searchedBy`: as the Detail words it). */
function searching(find: DeviceIdentifiers, searchedBy: string): RowCheck {
  return lookup({ find }, { id: POLICY }, `Device ID is missing; finding the device by ${searchedBy} needs the customer's Partner Center lists, which were not looked up`);
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
    name: 'braced upper-case GUIDs are normalized',
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
    name: 'a product key, a hash, a manufacturer and a model all travel with the lookup; the sheet\'s own manufacturer and model win over the hash\'s',
    row: row({ customer: CUSTOMER, productKey: '00330-80000-00000-AA123', hardwareHash: PF9_HASH, manufacturer: 'Contoso', model: 'Laptop 5', policy: POLICY }),
    expected: searching(
      { productKey: '00330-80000-00000-AA123', hardwareHash: PF9_HASH, serial: 'PF-9', serialFromHash: true, manufacturer: 'Contoso', model: 'Laptop 5' },
      `product key "00330-80000-00000-AA123" or hardware hash ending "…${PF9_HASH.slice(-16)}" (serial number "PF-9" inside it)`,
    ),
  },
  {
    name: 'a row with only a hash is searched by the serial number inside it, and registers with its manufacturer and model',
    row: row({ customer: CUSTOMER, hardwareHash: PF9_HASH, policy: POLICY }),
    expected: searching(
      { hardwareHash: PF9_HASH, serial: 'PF-9', serialFromHash: true, manufacturer: 'LENOVO', model: '21HMCTO1WW' },
      `hardware hash ending "…${PF9_HASH.slice(-16)}" (serial number "PF-9" inside it)`,
    ),
  },
  {
    name: 'a hash beside its own serial number (whatever the case) passes, the sheet\'s serial searched for',
    row: row({ customer: CUSTOMER, serial: 'pf-9', hardwareHash: PF9_HASH, policy: POLICY }),
    expected: searching(
      { serial: 'pf-9', hardwareHash: PF9_HASH, manufacturer: 'LENOVO', model: '21HMCTO1WW' },
      `serial number "pf-9" or hardware hash ending "…${PF9_HASH.slice(-16)}"`,
    ),
  },
  {
    name: 'a hash beside another device\'s serial number: both named, the row is not looked up',
    row: row({ customer: CUSTOMER, serial: 'PF-4', hardwareHash: PF9_HASH, policy: POLICY }),
    expected: invalid('the hardware hash is of device "PF-9", the sheet says "PF-4": the columns may be shifted'),
  },
  {
    name: 'a hash cut short, even beside a Device ID (the columns are not to be trusted)',
    row: row({ customer: CUSTOMER, device: DEVICE, hardwareHash: PF9_HASH.slice(0, 1200), policy: POLICY }),
    expected: invalid(`Hardware Hash ending "…${PF9_HASH.slice(1184, 1200)}" is cut short: 900 of ${PF9_DECLARED} bytes; copy the whole hash again (it runs to about 4,000 characters)`),
  },
  {
    name: 'text that is no hash, among the row\'s other problems in field order',
    row: row({ customer: 'acme', serial: 'PF-4', hardwareHash: 'not-a-hash-at-all', policy: POLICY }),
    expected: invalid('Customer ID "acme" is not a GUID; Hardware Hash "not-a-hash-at-all" is not a hardware hash: it holds "-", which base64 never does'),
  },
  {
    name: 'a hash cell holding a spreadsheet error is said once, as for any other cell',
    row: row({ customer: CUSTOMER, hardwareHash: '#N/A', policy: POLICY }),
    expected: invalid('Hardware Hash is the spreadsheet error #N/A (a formula that failed): fix the cell'),
  },
  {
    name: 'words typed where the hash should be are shown as typed',
    row: row({ customer: CUSTOMER, device: DEVICE, hardwareHash: 'hash to follow', policy: POLICY }),
    expected: invalid('Hardware Hash "hash to follow" is not a hardware hash: it does not begin with the "OA" of a hardware hash record'),
  },
  {
    name: 'a board\'s stock serial ("To be filled by O.E.M.") is neither held against the sheet nor searched for',
    row: row({ customer: CUSTOMER, serial: 'CHASSIS-LABEL-7', hardwareHash: OEM_HASH, policy: POLICY }),
    expected: searching(
      { serial: 'CHASSIS-LABEL-7', hardwareHash: OEM_HASH, manufacturer: 'Contoso', model: 'Mini PC' },
      `serial number "CHASSIS-LABEL-7" or hardware hash ending "…${OEM_HASH.slice(-16)}"`,
    ),
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
