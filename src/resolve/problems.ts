// Why a row could not be resolved or checked against its customer's lists, in words a user acts on:
// what was looked for, among what, and what to do (check the value, register the device, give the ID,
// or skip the check). resolve-rows.ts decides; this file only says.
import type { DeviceIdentifiers } from '../model.js';
import { describeIdentifiers } from '../validate/rules.js';
import type { CustomerLists } from './customer-lists.js';
import type { DeviceIndex } from './device-index.js';
import type { PolicyIndex } from './policy-index.js';

/** A device not found among the customer's registered devices: how many were searched, in how many batches. */
export function notFoundDetail(find: DeviceIdentifiers, customer: string, index: DeviceIndex): string {
  if (index.size === 0) {
    return `no device with ${describeIdentifiers(find)}: customer ${customer} has no registered devices (${plural(index.batches, 'device batch', 'device batches')}); register the device first`;
  }
  return (
    `no device with ${describeIdentifiers(find)} among customer ${customer}'s ${plural(index.size, 'registered device', 'registered devices')} ` +
    `(in ${plural(index.batches, 'device batch', 'device batches')}); check the value against the device, or register the device first`
  );
}

/** Why a policy ID will be refused for this customer; undefined when it is one of theirs. */
export function policyProblem(customer: string, policyId: string, lists: CustomerLists | undefined): string | undefined {
  const policies = lists?.policies;
  if (policies === undefined) return `${unavailable(customer, 'policies', lists)}; --no-check-policies sends without the check`;
  if (policies.has(policyId)) return undefined;
  return `policy ${policyId} is not one of customer ${customer}'s policies, so the service would refuse it; ${itsPolicies(policies)}`;
}

/**
 * Why a device ID will be refused for this customer (SPEC §2 Resolution): it is not among the devices its
 * batches list. Undefined when it is one of theirs.
 */
export function deviceProblem(customer: string, deviceId: string, lists: CustomerLists | undefined): string | undefined {
  const index = lists?.devices;
  if (index === undefined) return `${unavailable(customer, 'devices', lists)}; --no-verify-devices sends without the check`;
  if (index.lookUp(deviceId) !== undefined) return undefined;
  return (
    `device ${deviceId} is not one of customer ${customer}'s ${plural(index.size, 'registered device', 'registered devices')} ` +
    `(in ${plural(index.batches, 'device batch', 'device batches')}), so the service would refuse it; check the ID against Partner Center, or register the device first`
  );
}

export function unavailable(customer: string, what: 'devices' | 'policies', lists: CustomerLists | undefined): string {
  const why = lists?.failure ?? 'they were not listed';
  return `could not look up customer ${customer}'s ${what}: ${why}`;
}

export type Needed = 'policies' | 'devices';

/**
 * A customer whose lists could not be had (the service refused it, or failed after the retries). With
 * `checksOnly` the row needed the lists only to check its IDs, so skipping the checks is a way on —
 * unless the service refused the customer itself.
 */
export function customerFailed(customer: string, needs: readonly Needed[], lists: CustomerLists, checksOnly: boolean): string {
  const what = `could not look up customer ${customer}'s ${lists.failedList ?? needs.join(' and ')}: ${lists.failure ?? 'they were not listed'}`;
  if (lists.refused === true) return `${what}${REFUSED_ADVICE}`;
  if (!checksOnly) return what;
  const options = needs.map((n) => (n === 'policies' ? '--no-check-policies' : '--no-verify-devices'));
  return `${what}; ${options.join(' and ')} ${options.length === 1 ? 'sends without the check' : 'send without the checks'}`;
}

const REFUSED_ADVICE = '; check the Customer ID, and that this partner manages the customer (the service would refuse the assignment too)';

const NAMES_SHOWN = 20;

export function itsPolicies(policies: PolicyIndex): string {
  const { names } = policies;
  if (names.length === 0) return 'it has no policies';
  const shown = names.slice(0, NAMES_SHOWN).map((n) => JSON.stringify(n)).join(', ');
  const more = names.length > NAMES_SHOWN ? ` and ${names.length - NAMES_SHOWN} more` : '';
  return `its policies are ${shown}${more}`;
}

const IDS_SHOWN = 10;

export function listIds(ids: readonly string[]): string {
  const shown = ids.slice(0, IDS_SHOWN).join(', ');
  return ids.length > IDS_SHOWN ? `${shown} and ${ids.length - IDS_SHOWN} more` : shown;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
