// Rows' verdicts once the customer's lists are in (SPEC §2 Resolution): pure, so every message a user
// reads is checked here word for word.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LookupNeed, RowCheck } from '../../src/model.js';
import { DeviceIndex } from '../../src/resolve/device-index.js';
import { PolicyIndex } from '../../src/resolve/policy-index.js';
import { listsNeeded, resolveRows, type CustomerLists, type Resolution } from '../../src/resolve/resolve-rows.js';
import { lookupDetail } from '../../src/validate/rules.js';

const C1 = 'c7f3c849-129f-4b85-a96d-4f8e88b315a3';
const C2 = '1ecedaec-f4fc-461a-a132-6c7861dfc534';
const SALES = '15a04610-9229-4e80-94e0-0e826a09c9e2';
const KIOSK = '9ab79dc7-6858-4998-a1a0-c1e008d78b8c';
const ELSEWHERE = '75c17636-ae4f-4063-bbc3-4c225a5940f6';

function devices(): DeviceIndex {
  const index = new DeviceIndex();
  index.addBatch([
    { id: 'dev-1', serialNumber: 'SN-1', policies: [{ Key: 'o_o_b_e', Value: SALES }] },
    { id: 'dev-2', serialNumber: 'SN-2', productKey: 'PK-2' },
  ]);
  index.addBatch([
    { id: 'dev-3', serialNumber: 'SN-3' },
    { id: 'dev-4', serialNumber: 'SN-3' },
  ]);
  return index;
}

const LISTS = new Map<string, CustomerLists>([
  [C1, { policies: new PolicyIndex([{ id: SALES, name: 'Sales' }, { id: KIOSK, name: 'Kiosk' }]), devices: devices() }],
  [C2, { failure: 'HTTP 404 CustomerNotFound: Customer 1ecedaec-… was not found.' }],
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
  const r = resolveRows(rows, LISTS, { checkPolicies: true });
  assert.deepEqual(verdicts(rows, r).map(detailOf), [`ok dev-2 ${KIOSK}`, `ok dev-2 ${KIOSK}`, `ok dev-1 ${SALES}`]);
  assert.deepEqual([...r.resolved.values()], [{ deviceId: 'dev-2', policyId: KIOSK }, { deviceId: 'dev-2' }]);
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
  ];
  const r = resolveRows(rows, LISTS, { checkPolicies: true });
  assert.deepEqual(verdicts(rows, r).map(detailOf), [
    `no device with serial number "NOPE-1" among customer ${C1}'s 4 registered devices (in 2 device batches); check the value against the device, or register the device first`,
    `serial number "SN-3" matches 2 devices of customer ${C1}: dev-3, dev-4; give the row's Device ID to choose one`,
    `the row names different devices of customer ${C1}: serial number "SN-1" finds dev-1; product key "PK-2" finds dev-2; correct the row or give its Device ID`,
    `customer ${C1} has no policy named "Marketing"; its policies are "Sales", "Kiosk"`,
    `policy ${ELSEWHERE} is not one of customer ${C1}'s policies, so the service would refuse it; its policies are "Sales", "Kiosk"`,
    `could not look up customer ${C2}'s devices: HTTP 404 CustomerNotFound: Customer 1ecedaec-… was not found.; ` +
      `could not look up customer ${C2}'s policies: HTTP 404 CustomerNotFound: Customer 1ecedaec-… was not found.`,
    `could not look up customer ${C2}'s policies: HTTP 404 CustomerNotFound: Customer 1ecedaec-… was not found.; --no-check-policies sends without the check`,
  ]);
  // Only the row no listing holds is one registration could help (its policy is known).
  assert.deepEqual(r.notFound.map((n) => [n.rowNumber, n.find, n.policyId]), [[rows[0]?.rowNumber, { serial: 'NOPE-1' }, SALES]]);
});

test('resolution: without the policy check, a policy ID the customer lacks goes through', () => {
  const rows = [idRow('dev-1', ELSEWHERE), lookupRow({ find: { serial: 'SN-2' } }, { id: ELSEWHERE })];
  const r = resolveRows(rows, LISTS, { checkPolicies: false });
  assert.deepEqual(verdicts(rows, r).map(detailOf), [`ok dev-1 ${ELSEWHERE}`, `ok dev-2 ${ELSEWHERE}`]);
});

test('resolution offline: rows that need a lookup say so; the others pass unchecked', () => {
  const rows = [lookupRow({ find: { serial: 'SN-2' } }, { name: 'Sales' }), idRow('dev-1', ELSEWHERE)];
  const r = resolveRows(rows, new Map(), { checkPolicies: true, offline: 'which --offline does not look up' });
  assert.deepEqual(verdicts(rows, r).map(detailOf), [
    'Device ID is missing; finding the device by serial number "SN-2", and Policy ID is missing; finding the policy named "Sales" ' +
      "needs the customer's Partner Center lists, which --offline does not look up",
    `ok dev-1 ${ELSEWHERE}`,
  ]);
  assert.equal(r.resolved.size, 0);
});

test('lists needed: policies for every customer checked or named; devices only where a row names one by serial, key or hash', () => {
  const rows = [idRow('dev-1', SALES), lookupRow({ id: 'dev-1' }, { name: 'Sales' }, C2), lookupRow({ find: { hardwareHash: 'h' } }, { id: SALES }, C2)];
  assert.deepEqual(listsNeeded(rows, true), [
    { customer: C1, policies: true, devices: false },
    { customer: C2, policies: true, devices: true },
  ]);
  assert.deepEqual(listsNeeded(rows, false), [
    { customer: C2, policies: true, devices: true },
  ]);
});
