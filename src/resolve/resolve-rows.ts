// Rows that name their device by serial number, product key or hardware hash, or their policy by name,
// turned into IDs against the customer's lists; and every policy ID checked against them (SPEC §2
// Resolution). Pure: the lists come in, verdicts come out. Fetching the lists is fetch-lists.ts.
import type { DeviceIdentifiers, LookupNeed, RowCheck } from '../model.js';
import { describeIdentifier, describeIdentifiers, lookupDetail } from '../validate/rules.js';
import { quote } from '../validate/messages.js';
import { closestNames, didYouMeanOf } from '../text/closest.js';
import type { CustomerLists } from './customer-lists.js';
import { carriesPolicy } from './device-index.js';
import type { SearchKey } from './keys.js';
import { customerFailed, deviceProblem, itsPolicies, listIds, notFoundDetail, policyProblem, unavailable, type Needed } from './problems.js';

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
  const needs = new Map<string, ListsNeeded>();
  for (const check of checks) {
    const row = rowNeeds(check, settings);
    if (row === undefined) continue;
    const entry = needs.get(row.customer);
    if (entry === undefined) needs.set(row.customer, row);
    else {
      entry.policies ||= row.policies;
      entry.devices ||= row.devices;
    }
  }
  return [...needs.values()];
}

/** What one row needs listed; undefined when nothing (no checks asked for, or invalid by its own cells). */
export function rowNeeds(check: RowCheck, settings: Pick<ResolveSettings, 'checkPolicies' | 'verifyDevices'>): ListsNeeded | undefined {
  const { checkPolicies, verifyDevices } = settings;
  if (check.ok) {
    if (!checkPolicies && !verifyDevices) return undefined;
    return { customer: check.customer, policies: true, devices: verifyDevices };
  }
  const lookup = check.lookup;
  if (lookup === undefined) return undefined;
  const devices = 'find' in lookup.device || verifyDevices;
  return { customer: lookup.customer, policies: checkPolicies || 'name' in lookup.policy || devices, devices };
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
