// apply's resolution step (SPEC §2 Resolution): which customers need which lists, fetching them through
// the run's connection with its limits, and the rows' verdicts. Rows kept from an earlier run are left
// as they are: nothing is looked up for them.
import type { Plan, RowCheck, RowChecks, RowResult } from '../model.js';
import { listsNeeded, resolveRows, type Resolution, type ResolveSettings } from '../resolve/resolve-rows.js';
import type { CustomerLists } from '../resolve/customer-lists.js';
import type { ProgressViews } from '../progress/views.js';
import type { ApplyOptions } from './options.js';
import type { Connection } from '../setup/connect.js';
import type { RowResults } from './row-results.js';
import type { AdaptiveLimit } from '../send/adaptive-limit.js';
import { deviceKey } from '../plan/device-groups.js';
import type { Prefetch } from './prefetch.js';

export interface LookUpDeps {
  options: Pick<ApplyOptions, 'offline' | 'checkPolicies' | 'verifyDevices' | 'concurrency' | 'perCustomer' | 'quiet'>;
  /** Undefined when no lookups can be made (--offline, or a dry run without credentials). */
  connection: Connection | undefined;
  /** Why there is no connection, ending the Detail of rows that needed a lookup. */
  offlineBecause: string | undefined;
  stderr: NodeJS.WriteStream;
  views: Pick<ProgressViews, 'lookup'>;
  /** Ctrl-C: the lookups stop, and so does the run. */
  signal: AbortSignal | undefined;
  /** The run's limit, shared with sending; without it the lookups have one of their own. */
  limit?: AdaptiveLimit;
  /**
   * Told of each customer as soon as its own checks are done (at once for one that needs no list):
   * whether they leave every one of its rows as it was read, so that its chunks as planned from the
   * sheet stand and may go before the other customers' lists are in.
   */
  onChecked?(customer: string, changesNothing: boolean): void;
  /** Lists asked for as the sheet was read (prefetch.ts). */
  prefetch?: Pick<Prefetch, 'prefetched' | 'tally' | 'lookupsBefore'>;
}

export interface LookUpReport {
  resolution: Resolution;
  /** Per customer: what was listed (the register stage adds the devices it creates to `devices`). */
  lists: Map<string, CustomerLists>;
  /** Listing requests made (each page once, retries not counted). */
  lookups: number;
  /** Set when the lookups met a refused sign-in or an unreachable endpoint: nothing can be sent either. */
  stop: LookupStop | undefined;
  /** With `stop`: the rows that needed a lookup the run never made (not-sent, so the same command retries them). */
  unlooked: number[];
}

export interface LookupStop {
  reason: string;
  /** The endpoint never answered (DNS, refused, TLS): exit 2, as for sending. */
  unreachable: boolean;
}

export async function lookUp(checks: RowChecks, kept: ReadonlySet<number>, deps: LookUpDeps): Promise<LookUpReport> {
  const settings: ResolveSettings = {
    checkPolicies: deps.options.checkPolicies,
    verifyDevices: deps.options.verifyDevices,
    ...(deps.offlineBecause === undefined ? {} : { offline: deps.offlineBecause }),
  };
  // Kept rows keep the outcome an earlier run recorded, whatever the lists say today.
  const open: Iterable<RowCheck> = kept.size === 0 ? checks : { [Symbol.iterator]: () => openRows(checks, kept) };
  const needs = listsNeeded(open, settings).filter((n) => n.policies || n.devices);
  const { connection } = deps;
  const checked = deps.onChecked === undefined ? undefined : customerChecks(checks, open, needs, settings, deps.onChecked);
  let lists = new Map<string, CustomerLists>();
  let lookups = 0;
  let stop: LookupStop | undefined;
  if (connection !== undefined && settings.offline === undefined && needs.length > 0) {
    // Loaded only when something is looked up: an offline run never needs them.
    const [{ createAdaptiveLimit }, { fetchLists, RunStopped }] = await Promise.all([import('../send/adaptive-limit.js'), import('../resolve/fetch-lists.js')]);
    const before = deps.prefetch?.lookupsBefore ?? connection.stats.lookups;
    // Without the run's limit, one of the lookups' own, wired to the client here.
    const limit = deps.limit ?? createAdaptiveLimit({ max: deps.options.concurrency });
    const unsubscribe = deps.limit === undefined ? connection.onThrottle((retryAfterMs) => limit.throttled(retryAfterMs)) : undefined;
    const unwrap = deps.limit === undefined ? connection.wrapRetryWaits((wait) => limit.whileWaiting(wait)) : undefined;
    const progress = deps.views.lookup(deps.options.quiet, deps.stderr);
    try {
      lists = await fetchLists(needs, {
        api: connection.api,
        limit,
        perCustomer: deps.options.perCustomer,
        onProgress: (p) => progress.update(p),
        signal: deps.signal,
        ...(deps.prefetch === undefined ? {} : { prefetched: deps.prefetch.prefetched, tally: deps.prefetch.tally }),
        ...(checked === undefined ? {} : { onCustomer: checked }),
      });
    } catch (error) {
      if (!(error instanceof RunStopped)) throw error;
      stop = { reason: error.reason, unreachable: error.unreachable };
    } finally {
      progress.stop();
      unwrap?.();
      unsubscribe?.();
    }
    lookups = connection.stats.lookups - before;
  }
  // Rows that needed a lookup say why there was none; the run sends nothing (see run.ts).
  if (stop !== undefined) settings.offline = `which could not be looked up: ${stop.reason}`;
  const resolution = resolveRows(open, lists, settings);
  const unlooked: number[] = [];
  if (stop !== undefined) for (const c of open) if (!c.ok && c.lookup !== undefined) unlooked.push(c.index);
  return { resolution, lists, lookups, stop, unlooked };
}

/**
 * For `onChecked`: returns what fetchLists calls with each customer's lists, which resolves that
 * customer's own rows against them. Customers needing no list are told at once if no customer does,
 * else with the first lists in (the sheet is walked then, the lookups on their way meanwhile).
 */
function customerChecks(
  checks: RowChecks,
  open: Iterable<RowCheck>,
  needs: readonly { customer: string }[],
  settings: ResolveSettings,
  onChecked: (customer: string, changesNothing: boolean) => void,
): (customer: string, lists: CustomerLists) => void {
  // Row indexes by customer, once: resolving a customer's rows must not walk the whole sheet each time.
  let rowsOf: Map<string, number[]> | undefined;
  const index = (): Map<string, number[]> => {
    const rows = new Map<string, number[]>();
    for (const check of open) {
      const customer = check.ok ? check.customer : check.lookup?.customer;
      if (customer === undefined) continue;
      const own = rows.get(customer);
      if (own === undefined) rows.set(customer, [check.index]);
      else own.push(check.index);
    }
    const looked = new Set(needs.map((n) => n.customer));
    for (const customer of rows.keys()) if (!looked.has(customer)) onChecked(customer, true);
    return rows;
  };
  if (needs.length === 0) rowsOf = index();
  return (customer, lists) => {
    rowsOf ??= index();
    const own = (rowsOf.get(customer) ?? []).flatMap((i) => checks.at(i) ?? []);
    const resolution = resolveRows(own, new Map([[customer, lists]]), settings);
    const unchanged = own.every((c) => !c.ok || !resolution.alreadyApplied(c.customer, deviceKey(c.device), c.policy));
    onChecked(customer, resolution.changed.size === 0 && unchanged);
  };
}

/** The rows' checks but those of `kept`, made one at a time as they are read. */
function* openRows(checks: Iterable<RowCheck>, kept: ReadonlySet<number>): Generator<RowCheck> {
  for (const check of checks) if (!kept.has(check.index)) yield check;
}

/** What sending would have reported had it met the stop itself: every planned row not sent, and why. */
export function stoppedBeforeSending(plan: Pick<Plan, 'chunks'>, stop: LookupStop): { sent: Map<number, RowResult>; stoppedBecause: string; unreachable: string | undefined } {
  const sent = new Map<number, RowResult>();
  const detail = `not sent: ${stop.reason}`;
  for (const chunk of plan.chunks) for (const item of chunk.items) sent.set(item.index, { row: item.rowNumber, status: 'not-sent', detail });
  return { sent, stoppedBecause: stop.reason, unreachable: stop.unreachable ? stop.reason : undefined };
}

/** Rows whose lookup a stopped run never made are not-sent, like the rows it never sent. */
export function markUnlooked(results: RowResults, report: Pick<LookUpReport, 'stop' | 'unlooked'>): void {
  if (report.stop === undefined) return;
  const detail = `not sent: ${report.stop.reason} (before its lookup was made)`;
  for (const index of report.unlooked) {
    if (index < results.length) results.set(index, { row: results.at(index).row, status: 'not-sent', detail });
  }
}
