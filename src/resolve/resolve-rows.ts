// Rows that name their device by serial number, product key or hardware hash, or their policy by name,
// turned into IDs against the customer's lists; and every policy ID checked against them (SPEC §2
// Resolution). Pure: the lists come in, verdicts come out. Fetching the lists is fetch-lists.ts.
import type { DeviceIdentifiers, LookupNeed, RowCheck } from '../model.js';
import { describeIdentifier, describeIdentifiers, lookupDetail } from '../validate/rules.js';
import { quote } from '../validate/messages.js';
import { closestNames, didYouMeanOf } from '../text/closest.js';
import { carriesPolicy, type DeviceIndex } from './device-index.js';
import type { SearchKey } from './keys.js';
import type { PolicyIndex } from './policy-index.js';

/** What was listed for one customer; a list that was not needed is absent. */
export interface CustomerLists {
  policies?: PolicyIndex;
  devices?: DeviceIndex;
  /** Why a needed list could not be had (the customer is unknown, access refused, …). */
  failure?: string;
  /**
   * The service refused this customer itself (404: not a customer of this partner; 403: no access to it),
   * so skipping the check would only move the refusal to the PATCH: the rows are not told to skip it.
   */
  refused?: boolean;
  /** The list whose listing failed (the other is not kept: the customer's rows wait on both). */
  failedList?: 'policies' | 'devices';
}

export interface ResolveSettings {
  /** Check every policy ID against the customer's policies (off with --no-check-policies). */
  checkPolicies: boolean;
  /**
   * Check every device ID against the customer's registered devices, and leave out devices that
   * already carry their policy (off with --no-verify-devices): the customer's devices are then listed
   * whenever any of its rows will be sent, not only when a row names a device by serial number or hash.
   */
  verifyDevices: boolean;
  /**
   * Set when no lookups are made at all (--offline, or a dry run without credentials): ends the Detail
   * of rows that needed one ("which --offline does not look up").
   */
  offline?: string;
}

/** The IDs resolution found for a row (the `Resolved Device ID` / `Resolved Policy ID` columns). */
export interface ResolvedIds {
  deviceId?: string;
  policyId?: string;
  /** The row's identifiers that found the device (for its Detail). */
  foundBy?: readonly SearchKey[];
}

/**
 * A row whose device none of the customer's device batches holds. Its check is invalid; registration
 * (--register) can upload the device from `find` and then assign `policyId`, when that resolved.
 */
export interface DeviceNotFound {
  index: number;
  rowNumber: number;
  customer: string;
  find: DeviceIdentifiers;
  /** The row's policy, when it is known (given as an ID, or found by name); undefined when that failed too. */
  policyId: string | undefined;
}

export interface Resolution {
  /** The verdicts that differ from the rows' checks, by row index: the rest stand as they are. */
  changed: Map<number, RowCheck>;
  /** By row index: what was looked up for it. */
  resolved: Map<number, ResolvedIds>;
  notFound: DeviceNotFound[];
  /** Whether the customer's device listing shows the device already carrying the policy. */
  alreadyApplied(customer: string, device: string, policy: string): boolean;
}

/** One customer's need for lists. */
export interface ListsNeeded {
  customer: string;
  policies: boolean;
  devices: boolean;
}

/**
 * Which lists each customer's rows need, customers in order of first appearance. Its policies are listed
 * with its devices, for a listed device may name its profile by name (SPEC §1).
 */
export function listsNeeded(checks: Iterable<RowCheck>, settings: Pick<ResolveSettings, 'checkPolicies' | 'verifyDevices'>): ListsNeeded[] {
  const { checkPolicies, verifyDevices } = settings;
  const needs = new Map<string, ListsNeeded>();
  const need = (customer: string): ListsNeeded => {
    let entry = needs.get(customer);
    if (entry === undefined) {
      entry = { customer, policies: false, devices: false };
      needs.set(customer, entry);
    }
    return entry;
  };
  for (const check of checks) {
    if (check.ok) {
      if (!checkPolicies && !verifyDevices) continue;
      const entry = need(check.customer);
      entry.policies = true;
      if (verifyDevices) entry.devices = true;
      continue;
    }
    const lookup = check.lookup;
    if (lookup === undefined) continue;
    const entry = need(lookup.customer);
    if (checkPolicies || 'name' in lookup.policy) entry.policies = true;
    if ('find' in lookup.device || verifyDevices) entry.devices = true;
    if (entry.devices) entry.policies = true;
  }
  return [...needs.values()];
}

export function resolveRows(checks: Iterable<RowCheck>, lists: ReadonlyMap<string, CustomerLists>, settings: ResolveSettings): Resolution {
  const resolved = new Map<number, ResolvedIds>();
  const notFound: DeviceNotFound[] = [];
  const changed = new Map<number, RowCheck>();
  const verdict = (check: RowCheck): RowCheck => {
    if (check.ok) {
      if (settings.offline !== undefined) return check;
      const customerLists = lists.get(check.customer);
      const needs = [settings.checkPolicies && 'policies', settings.verifyDevices && 'devices'].filter((n): n is Needed => n !== false);
      if (customerLists?.failure !== undefined && needs.length > 0) {
        return { ok: false, index: check.index, rowNumber: check.rowNumber, detail: customerFailed(check.customer, needs, customerLists, true) };
      }
      const problems = [
        settings.checkPolicies ? policyProblem(check.customer, check.policy, customerLists) : undefined,
        settings.verifyDevices ? deviceProblem(check.customer, check.device, customerLists) : undefined,
      ].filter((p) => p !== undefined);
      return problems.length === 0 ? check : { ok: false, index: check.index, rowNumber: check.rowNumber, detail: problems.join('; ') };
    }
    const lookup = check.lookup;
    if (lookup === undefined) return check;
    const { index, rowNumber } = check;
    if (settings.offline !== undefined) return { ok: false, index, rowNumber, detail: lookupDetail(lookup, settings.offline) };
    const customerLists = lists.get(lookup.customer);
    if (customerLists?.failure !== undefined) {
      // Nothing of this customer's could be listed: one sentence, not one per list the row needed.
      const needs: Needed[] = 'find' in lookup.device || settings.verifyDevices ? ['policies', 'devices'] : ['policies'];
      return { ok: false, index, rowNumber, detail: customerFailed(lookup.customer, needs, customerLists, false) };
    }
    const device = resolveDevice(lookup, customerLists, settings.verifyDevices);
    const policy = resolvePolicy(lookup, customerLists, settings.checkPolicies);
    const ids: ResolvedIds = {};
    if ('find' in lookup.device && device.ok) {
      ids.deviceId = device.id;
      if (device.by !== undefined) ids.foundBy = device.by;
    }
    if ('name' in lookup.policy && policy.ok) ids.policyId = policy.id;
    if (ids.deviceId !== undefined || ids.policyId !== undefined) resolved.set(index, ids);
    if (!device.ok && device.notFound && 'find' in lookup.device) {
      notFound.push({ index, rowNumber, customer: lookup.customer, find: lookup.device.find, policyId: policy.ok ? policy.id : undefined });
    }
    if (device.ok && policy.ok) return { ok: true, index, rowNumber, customer: lookup.customer, device: device.id, policy: policy.id };
    const detail = [device, policy].flatMap((r) => (r.ok ? [] : [r.problem])).join('; ');
    return { ok: false, index, rowNumber, detail };
  };
  for (const check of checks) {
    const after = verdict(check);
    if (after !== check) changed.set(check.index, after);
  }
  return { changed, resolved, notFound, alreadyApplied: (customer, device, policy) => alreadyCarries(lists.get(customer), device, policy) };
}

/**
 * Whether the customer's listing shows the device carrying the policy, by its ID or by its name. A name
 * that several of the customer's policies share does not say which one the device has: it is sent.
 */
function alreadyCarries(lists: CustomerLists | undefined, deviceId: string, policyId: string): boolean {
  const device = lists?.devices?.lookUp(deviceId);
  if (device === undefined) return false;
  const policies = lists?.policies;
  const names = policies === undefined ? [] : policies.namesOf(policyId).filter((name) => policies.find(name).kind === 'found');
  return carriesPolicy(device, policyId, names);
}

type Found = { ok: true; id: string; by?: readonly SearchKey[] } | { ok: false; problem: string; notFound?: boolean };

function resolveDevice(lookup: LookupNeed, lists: CustomerLists | undefined, verifyDevices: boolean): Found {
  if ('id' in lookup.device) {
    const problem = verifyDevices ? deviceProblem(lookup.customer, lookup.device.id, lists) : undefined;
    return problem === undefined ? { ok: true, id: lookup.device.id } : { ok: false, problem };
  }
  const find = lookup.device.find;
  const index = lists?.devices;
  if (index === undefined) return { ok: false, problem: unavailable(lookup.customer, 'devices', lists) };
  const match = index.find(find);
  const customer = lookup.customer;
  switch (match.kind) {
    case 'found':
      return { ok: true, id: match.deviceId, by: match.by };
    case 'not-found':
      return { ok: false, notFound: true, problem: notFoundDetail(find, customer, index) };
    case 'ambiguous':
      return {
        ok: false,
        problem:
          `${describeIdentifiers(find)} matches ${match.deviceIds.length} devices of customer ${customer}: ` +
          `${listIds(match.deviceIds)}; give the row's Device ID to choose one`,
      };
    case 'conflicting': {
      const found = match.found.map((hit) => `${describeIdentifier(hit.by, find[hit.by] ?? '')} finds ${listIds(hit.deviceIds)}`);
      return { ok: false, problem: `the row names different devices of customer ${customer}: ${found.join('; ')}; correct the row or give its Device ID` };
    }
  }
}

function notFoundDetail(find: DeviceIdentifiers, customer: string, index: DeviceIndex): string {
  if (index.size === 0) {
    return `no device with ${describeIdentifiers(find)}: customer ${customer} has no registered devices (${plural(index.batches, 'device batch', 'device batches')}); register the device first`;
  }
  return (
    `no device with ${describeIdentifiers(find)} among customer ${customer}'s ${plural(index.size, 'registered device', 'registered devices')} ` +
    `(in ${plural(index.batches, 'device batch', 'device batches')}); check the value against the device, or register the device first`
  );
}

function resolvePolicy(lookup: LookupNeed, lists: CustomerLists | undefined, checkPolicies: boolean): Found {
  const customer = lookup.customer;
  if ('id' in lookup.policy) {
    const problem = checkPolicies ? policyProblem(customer, lookup.policy.id, lists) : undefined;
    return problem === undefined ? { ok: true, id: lookup.policy.id } : { ok: false, problem };
  }
  const name = lookup.policy.name;
  const policies = lists?.policies;
  if (policies === undefined) return { ok: false, problem: unavailable(customer, 'policies', lists) };
  const match = policies.find(name);
  switch (match.kind) {
    case 'found':
      return { ok: true, id: match.policyId };
    case 'unknown':
      return { ok: false, problem: `customer ${customer} has no policy named ${quote(name)}${didYouMeanOf(closestNames(name, policies.names))}; ${itsPolicies(policies)}` };
    case 'ambiguous':
      return {
        ok: false,
        problem: `customer ${customer} has ${match.policyIds.length} policies named ${quote(name)} (${match.policyIds.join(', ')}); give the Policy ID instead`,
      };
  }
}

/** Why a policy ID will be refused for this customer; undefined when it is one of theirs. */
function policyProblem(customer: string, policyId: string, lists: CustomerLists | undefined): string | undefined {
  const policies = lists?.policies;
  if (policies === undefined) return `${unavailable(customer, 'policies', lists)}; --no-check-policies sends without the check`;
  if (policies.has(policyId)) return undefined;
  return `policy ${policyId} is not one of customer ${customer}'s policies, so the service would refuse it; ${itsPolicies(policies)}`;
}

/**
 * Why a device ID will be refused for this customer (SPEC §2 Resolution): it is not among the devices its
 * batches list. Undefined when it is one of theirs.
 */
function deviceProblem(customer: string, deviceId: string, lists: CustomerLists | undefined): string | undefined {
  const index = lists?.devices;
  if (index === undefined) return `${unavailable(customer, 'devices', lists)}; --no-verify-devices sends without the check`;
  if (index.lookUp(deviceId) !== undefined) return undefined;
  return (
    `device ${deviceId} is not one of customer ${customer}'s ${plural(index.size, 'registered device', 'registered devices')} ` +
    `(in ${plural(index.batches, 'device batch', 'device batches')}), so the service would refuse it; check the ID against Partner Center, or register the device first`
  );
}

function unavailable(customer: string, what: 'devices' | 'policies', lists: CustomerLists | undefined): string {
  const why = lists?.failure ?? 'they were not listed';
  return `could not look up customer ${customer}'s ${what}: ${why}`;
}

type Needed = 'policies' | 'devices';

/**
 * A customer whose lists could not be had (the service refused it, or failed after the retries). With
 * `checksOnly` the row needed the lists only to check its IDs, so skipping the checks is a way on —
 * unless the service refused the customer itself.
 */
function customerFailed(customer: string, needs: readonly Needed[], lists: CustomerLists, checksOnly: boolean): string {
  const what = `could not look up customer ${customer}'s ${lists.failedList ?? needs.join(' and ')}: ${lists.failure ?? 'they were not listed'}`;
  if (lists.refused === true) return `${what}${REFUSED_ADVICE}`;
  if (!checksOnly) return what;
  const options = needs.map((n) => (n === 'policies' ? '--no-check-policies' : '--no-verify-devices'));
  return `${what}; ${options.join(' and ')} ${options.length === 1 ? 'sends without the check' : 'send without the checks'}`;
}

const REFUSED_ADVICE = '; check the Customer ID, and that this partner manages the customer (the service would refuse the assignment too)';

const NAMES_SHOWN = 20;

function itsPolicies(policies: PolicyIndex): string {
  const { names } = policies;
  if (names.length === 0) return 'it has no policies';
  const shown = names.slice(0, NAMES_SHOWN).map((n) => JSON.stringify(n)).join(', ');
  const more = names.length > NAMES_SHOWN ? ` and ${names.length - NAMES_SHOWN} more` : '';
  return `its policies are ${shown}${more}`;
}

const IDS_SHOWN = 10;

function listIds(ids: readonly string[]): string {
  const shown = ids.slice(0, IDS_SHOWN).join(', ');
  return ids.length > IDS_SHOWN ? `${shown} and ${ids.length - IDS_SHOWN} more` : shown;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
