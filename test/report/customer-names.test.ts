// Customers by name in Detail (issue 22): the GUID kept beside the name, only where the sheet names the
// customer, and a Detail already named left as it is (results files are read back and written again).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withCustomerNames } from '../../src/report/customer-names.js';

const C = 'c7f3c849-129f-4b85-a96d-4f8e88b315a3';
const names = new Map([[C, 'Contoso Ltd']]);

test('"customer GUID" reads "customer Name (GUID)"; other customers, other GUIDs and no names leave it as it was', () => {
  const cases: Array<[string, string]> = [
    [`no device with serial "S1" among customer ${C}'s 3 registered devices`, `no device with serial "S1" among customer Contoso Ltd (${C})'s 3 registered devices`],
    // Braces and capitals as a sheet may have them: the same customer.
    [`customer {${C.toUpperCase()}} has no policy named "x"`, `customer Contoso Ltd ({${C.toUpperCase()}}) has no policy named "x"`],
    ['customer 1ecedaec-f4fc-461a-a132-6c7861dfc534 has no policy named "x"', 'customer 1ecedaec-f4fc-461a-a132-6c7861dfc534 has no policy named "x"'],
    [`policy ${C} is not a customer's`, `policy ${C} is not a customer's`],
    ['Policy ID is not a GUID', 'Policy ID is not a GUID'],
  ];
  for (const [detail, expected] of cases) assert.equal(withCustomerNames(detail, names), expected, detail);
  const named = withCustomerNames(cases[0]?.[0] ?? '', names);
  assert.equal(withCustomerNames(named, names), named, 'naming twice changes nothing');
  assert.equal(withCustomerNames(cases[0]?.[0] ?? '', new Map()), cases[0]?.[0]);
});
