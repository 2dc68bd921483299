// Rows' verdicts once the customer's lists are in (SPEC §2 Resolution): pure, so every message a user
// reads is checked here word for word.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LookupNeed, RowCheck } from '../../src/model.js';
import { DeviceIndex } from '../../src/resolve/device-index.js';
import { PolicyIndex } from '../../src/resolve/policy-index.js';
import { listsNeeded, resolveRows, type Resolution } from '../../src/resolve/resolve-rows.js';
import type { CustomerLists } from '../../src/resolve/customer-lists.js';
import { lookupDetail } from '../../src/validate/rules.js';

const C1 = 'c7f3c849-129f-4b85-a96d-4f8e88b315a3';
const C2 = '1ecedaec-f4fc-461a-a132-6c7861dfc534';
const C3 = '645dc068-4825-4028-8073-964c76321efe';
const C4 = '0f4b5c1e-2d7a-4e0b-9a55-3b2f6c8d1e42';
// Written out, not taken from the code: what a row of a customer the service refused tells the user.
const REFUSED = 'check the Customer ID, and that this partner manages the customer (the service would refuse the assignment too)';
const SALES = '15a04610-9229-4e80-94e0-0e826a09c9e2';
const KIOSK = '9ab79dc7-6858-4998-a1a0-c1e008d78b8c';
const ELSEWHERE = '75c17636-ae4f-4063-bbc3-4c225a5940f6';
const SHARED_A = '0c2b5a4e-6f1d-4e8a-9b3c-7d2e1f0a9b8c';
const SHARED_B = '5e4d3c2b-1a09-4f8e-8d7c-6b5a4f3e2d1c';
const ALL_POLICIES = '"Sales", "Kiosk", "Shared name", "shared NAME"';
const CHECK = { checkPolicies: true, verifyDevices: false } as const;

function devices(): DeviceIndex {
  const index = new DeviceIndex();
  index.addBatch([
    { id: 'dev-1', serialNumber: 'SN-1', policies: [{ key: 'o_o_b_e', value: SALES }] },
    { id: 'dev-2', serialNumber: 'SN-2', productKey: 'PK-2' },
  ]);
  // As the live service lists a profile assigned in the portal: by its name (SPEC §1).
  index.addBatch([
    { id: 'dev-5', serialNumber: 'SN-5', policies: [{ key: 'o_o_b_e', value: 'kiosk' }] },
    { id: 'dev-6', serialNumber: 'SN-6', policies: [{ key: 'o_o_b_e', value: null }] },
    { id: 'dev-7', serialNumber: 'SN-7', policies: [{ key: 'o_o_b_e', value: 'Shared Name' }] },
  ]);
  index.addBatch([
    { id: 'dev-3', serialNumber: 'SN-3' },
    { id: 'dev-4', serialNumber: 'SN-3' },
  ]);
  return index;
}

const LISTS = new Map<string, CustomerLists>([
  [C1, { policies: new PolicyIndex([{ id: SALES, name: 'Sales' }, { id: KIOSK, name: 'Kiosk' }, { id: SHARED_A, name: 'Shared name' }, { id: SHARED_B, name: 'shared NAME' }]), devices: devices() }],
  // The service refused the customer itself (not one of this partner's): skipping a check would not help.
  [C2, { failure: 'HTTP 404 CustomerNotFound: Customer 1ecedaec-… was not found.', refused: true }],
  // The service failed after the retries: the checks can be skipped, the lookups cannot.
  [C4, { failure: 'HTTP 503: Service Unavailable', failedList: 'devices' }],
]);

let next = 0;
function lookupRow(device: LookupNeed['device'], policy: LookupNeed['policy'], customer = C1): RowCheck {
  const index = next++;
  const lookup: LookupNeed = { customer, device, policy };
  return { ok: false, index, rowNumber: index + 2, detail: lookupDetail(lookup), lookup };
}
function idRow(device: string, policy: string, customer = C1): RowCheck {
  const index = next++;
  return { ok: true, index, rowNumber: index + 2, customer, device, policy };
}
/** Every row's check after resolution: the changed ones, the rest as they were. */
function verdicts(rows: readonly RowCheck[], r: Resolution): RowCheck[] {
  return rows.map((row) => r.changed.get(row.index) ?? row);
}
function detailOf(check: RowCheck | undefined): string {
  return check === undefined ? 'missing' : check.ok ? `ok ${check.device} ${check.policy}` : check.detail;
}

test('resolution: serials, product keys and policy names become IDs; the Resolved columns say which', () => {
  const rows = [lookupRow({ find: { serial: 'sn-2' } }, { name: 'KIOSK' }), lookupRow({ find: { productKey: 'pk-2' } }, { id: KIOSK }), idRow('dev-1', SALES)];
  const r = resolveRows(rows, LISTS, CHECK);
  assert.deepEqual(verdicts(rows, r).map(detailOf), [`ok dev-2 ${KIOSK}`, `ok dev-2 ${KIOSK}`, `ok dev-1 ${SALES}`]);
  assert.deepEqual([...r.resolved.values()], [{ deviceId: 'dev-2', policyId: KIOSK, foundBy: ['serial'] }, { deviceId: 'dev-2', foundBy: ['productKey'] }]);
  assert.equal(r.alreadyApplied(C1, 'dev-1', SALES.toUpperCase()), true);
  assert.equal(r.alreadyApplied(C1, 'dev-2', KIOSK), false);
  assert.equal(r.alreadyApplied(C2, 'dev-1', SALES), false, 'a customer whose devices were not listed has nothing unchanged');
});

test('resolution: every row that cannot be resolved says why, in words a user can act on', () => {
  const rows = [
    lookupRow({ find: { serial: 'NOPE-1' } }, { id: SALES }),
    lookupRow({ find: { serial: 'SN-3' } }, { id: SALES }),
    lookupRow({ find: { serial: 'SN-1', productKey: 'PK-2' } }, { id: SALES }),
    lookupRow({ id: 'dev-1' }, { name: 'Marketing' }),
    idRow('dev-1', ELSEWHERE),
    lookupRow({ find: { serial: 'SN-1' } }, { name: 'Sales' }, C2),
    idRow('dev-9', SALES, C2),
    lookupRow({ find: { serial: 'SN-1' } }, { name: 'Sales' }, C4),
    idRow('dev-9', SALES, C4),
  ];
  const r = resolveRows(rows, LISTS, CHECK);
  assert.deepEqual(verdicts(rows, r).map(detailOf), [
    `no device with serial number "NOPE-1" among customer ${C1}'s 7 registered devices (in 3 device batches); check the value against the device, or register the device first`,
    `serial number "SN-3" matches 2 devices of customer ${C1}: dev-3, dev-4; give the row's Device ID to choose one`,
    `the row names different devices of customer ${C1}: serial number "SN-1" finds dev-1; product key "PK-2" finds dev-2; correct the row or give its Device ID`,
    `customer ${C1} has no policy named "Marketing"; its policies are ${ALL_POLICIES}`,
    `policy ${ELSEWHERE} is not one of customer ${C1}'s policies, so the service would refuse it; its policies are ${ALL_POLICIES}`,
    `could not look up customer ${C2}'s policies and devices: HTTP 404 CustomerNotFound: Customer 1ecedaec-… was not found.; ${REFUSED}`,
    `could not look up customer ${C2}'s policies: HTTP 404 CustomerNotFound: Customer 1ecedaec-… was not found.; ${REFUSED}`,
    `could not look up customer ${C4}'s devices: HTTP 503: Service Unavailable`,
    `could not look up customer ${C4}'s devices: HTTP 503: Service Unavailable; --no-check-policies sends without the check`,
  ]);
  // Only the row no listing holds is one registration could help (its policy is known).
  assert.deepEqual(r.notFound.map((n) => [n.rowNumber, n.find, n.policyId]), [[rows[0]?.rowNumber, { serial: 'NOPE-1' }, SALES]]);
});

test('resolution: without the policy check, a policy ID the customer lacks goes through', () => {
  const rows = [idRow('dev-1', ELSEWHERE), lookupRow({ find: { serial: 'SN-2' } }, { id: ELSEWHERE })];
  const r = resolveRows(rows, LISTS, { checkPolicies: false, verifyDevices: false });
  assert.deepEqual(verdicts(rows, r).map(detailOf), [`ok dev-1 ${ELSEWHERE}`, `ok dev-2 ${ELSEWHERE}`]);
});

test('resolution offline: rows that need a lookup say so; the others pass unchecked', () => {
  const rows = [lookupRow({ find: { serial: 'SN-2' } }, { name: 'Sales' }), idRow('dev-1', ELSEWHERE)];
  const r = resolveRows(rows, new Map(), { ...CHECK, offline: 'which --offline does not look up' });
  assert.deepEqual(verdicts(rows, r).map(detailOf), [
    'Device ID is missing; finding the device by serial number "SN-2", and Policy ID is missing; finding the policy named "Sales" ' +
      "needs the customer's Partner Center lists, which --offline does not look up",
    `ok dev-1 ${ELSEWHERE}`,
  ]);
  assert.equal(r.resolved.size, 0);
});

test('lists needed: without device checks, policies for every customer checked or named; devices only where a row names one by serial, key or hash', () => {
  const rows = [idRow('dev-1', SALES), lookupRow({ id: 'dev-1' }, { name: 'Sales' }, C2), lookupRow({ find: { hardwareHash: 'h' } }, { id: SALES }, C2)];
  assert.deepEqual(listsNeeded(rows, { checkPolicies: true, verifyDevices: false }), [
    { customer: C1, policies: true, devices: false },
    { customer: C2, policies: true, devices: true },
  ]);
  assert.deepEqual(listsNeeded(rows, { checkPolicies: false, verifyDevices: false }), [
    { customer: C2, policies: true, devices: true },
  ]);
});

test('lists needed: with device checks, every customer with a row to send has its devices and policies listed', () => {
  const rows = [idRow('dev-1', SALES), lookupRow({ id: 'dev-1' }, { id: SALES }, C2), idRow('dev-9', SALES, C3)];
  assert.deepEqual(listsNeeded(rows, { checkPolicies: false, verifyDevices: true }), [
    { customer: C1, policies: true, devices: true },
    { customer: C2, policies: true, devices: true },
    { customer: C3, policies: true, devices: true },
  ]);
});

test('device checks: an ID the customer does not have is invalid before sending; one it has passes, whatever the case', () => {
  const rows = [idRow('dev-1', SALES), idRow('DEV-2', KIOSK), idRow('dev-404', SALES), lookupRow({ id: 'dev-405' }, { name: 'Sales' }), idRow('dev-1', SALES, C2), idRow('dev-1', SALES, C4)];
  const r = resolveRows(rows, LISTS, { checkPolicies: true, verifyDevices: true });
  assert.deepEqual(verdicts(rows, r).map(detailOf), [
    `ok dev-1 ${SALES}`,
    `ok DEV-2 ${KIOSK}`,
    `device dev-404 is not one of customer ${C1}'s 7 registered devices (in 3 device batches), so the service would refuse it; check the ID against Partner Center, or register the device first`,
    `device dev-405 is not one of customer ${C1}'s 7 registered devices (in 3 device batches), so the service would refuse it; check the ID against Partner Center, or register the device first`,
    `could not look up customer ${C2}'s policies and devices: HTTP 404 CustomerNotFound: Customer 1ecedaec-… was not found.; ${REFUSED}`,
    `could not look up customer ${C4}'s devices: HTTP 503: Service Unavailable; --no-check-policies and --no-verify-devices send without the checks`,
  ]);
  // Without the check the same rows go to the service, which has the last word.
  const unchecked = resolveRows(rows, LISTS, { checkPolicies: false, verifyDevices: false });
  assert.deepEqual(verdicts(rows, unchecked).map((c) => c.ok), [true, true, true, true, true, true]);
});

// A row moving a device from one profile to another must be sent: only its own policy, by ID or by name,
// makes it unchanged (a planted bug treating any profile as "already set" passed the whole suite once).
const carrying: Array<[string, string, string, boolean]> = [
  ['listed with profile A (Sales, by ID), the row asks for B (Kiosk)', 'dev-1', KIOSK, false],
  ['listed with B by its ID, in another case', 'dev-1', SALES.toUpperCase(), true],
  ['listed with B by name, in another case', 'dev-5', KIOSK, true],
  ['listed by name with A, the row asks for B', 'dev-5', SALES, false],
  ['listed with a null value (no profile)', 'dev-6', SALES, false],
  ['listed with no policies at all', 'dev-2', SALES, false],
  ['listed by a name two of the customer\'s policies share: which one is not known', 'dev-7', SHARED_A, false],
  ['a device ID in another case than listed', 'DEV-5', KIOSK, true],
  ['a device the listing does not have', 'dev-404', SALES, false],
];
for (const [name, device, policy, unchanged] of carrying) {
  test(`already applied: ${name} → ${unchanged ? 'unchanged' : 'sent'}`, () => {
    const r = resolveRows([], LISTS, CHECK);
    assert.equal(r.alreadyApplied(C1, device, policy), unchanged);
  });
}
