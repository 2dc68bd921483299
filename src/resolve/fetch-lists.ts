// The I/O half of resolution: each customer's policies, device batches and every page of every batch's
// devices, fetched once per run through the client (its retry and throttle policies), with the run's
// limits: `--concurrency` requests in flight overall, `--per-customer` for one customer.
import pLimit from 'p-limit';
import type { PartnerCenterApi } from '../partner-center/contract.js';
import { isPartnerCenterError, type PartnerCenterError } from '../partner-center/errors.js';
import { decideOnFailure } from '../send/failure-rules.js';
import { DeviceIndex } from './device-index.js';
import { PolicyIndex } from './policy-index.js';
import type { CustomerLists } from './customer-lists.js';
import type { ListsNeeded } from './resolve-rows.js';

export interface LookupProgress {
  customersDone: number;
  customersTotal: number;
  /** Device batches listed so far, and their devices. */
  batches: number;
  devices: number;
}

export interface FetchListsDeps {
  api: Pick<PartnerCenterApi, 'listPolicies' | 'listDeviceBatches' | 'listBatchDevices'>;
  /** The run's overall limit; each listing call (all pages of one collection) holds one slot, as a read. */
  limit: { run<T>(fn: () => Promise<T>, options: { read: true }): Promise<T>; succeeded(): void };
  perCustomer: number;
  onProgress(p: LookupProgress): void;
  /** Ctrl-C: reads are not worth finishing, so the page in flight is abandoned and no other is asked for. */
  signal?: AbortSignal | undefined;
  /** Told as each customer's lists are had (or have failed), before the others are: its rows can go on. */
  onCustomer?(customer: string, lists: CustomerLists): void;
  /** Lists asked for before (as the sheet was read, prefetchLists): used, and only what they lack is asked for. */
  prefetched?: ReadonlyMap<string, Prefetched>;
  /** The batches and devices those have listed, and go on counting in: the progress counts them too. */
  tally?: LookupProgress;
}

export interface Prefetched {
  need: ListsNeeded;
  lists: Promise<CustomerLists>;
}

/**
 * The lists each customer needs. A customer whose lists cannot be had (unknown customer, access
 * refused, the service failing after the retries) gets a `failure` that its rows report; a refused
 * sign-in or an unreachable endpoint concerns every customer and is thrown.
 */
export async function fetchLists(needs: readonly ListsNeeded[], deps: FetchListsDeps): Promise<Map<string, CustomerLists>> {
  const progress: LookupProgress = Object.assign(deps.tally ?? { batches: 0, devices: 0 }, { customersDone: 0, customersTotal: needs.length });
  deps.onProgress({ ...progress });
  const entries = await Promise.all(
    needs.map(async (need): Promise<[string, CustomerLists]> => {
      const early = deps.prefetched?.get(need.customer);
      const lists = early === undefined ? await fetchCustomer(need, deps, progress) : await withRest(early, need, deps, progress);
      deps.onCustomer?.(need.customer, lists);
      progress.customersDone++;
      deps.onProgress({ ...progress });
      return [need.customer, lists];
    }),
  );
  return new Map(entries);
}

/**
 * One customer's lists, asked for as soon as the sheet shows it needs them (as the sheet is read): the
 * promise is handled at once, so that a refusal waits for fetchLists without going unhandled.
 */
export function prefetchLists(need: ListsNeeded, deps: Omit<FetchListsDeps, 'onProgress' | 'onCustomer' | 'prefetched'>, tally: LookupProgress): Prefetched {
  const lists = fetchCustomer(need, { ...deps, onProgress: () => {} }, tally);
  lists.catch(() => {});
  return { need, lists };
}

/** What was prefetched, and what the whole sheet needs of the customer beyond it. */
async function withRest(early: Prefetched, need: ListsNeeded, deps: FetchListsDeps, progress: LookupProgress): Promise<CustomerLists> {
  const had = await early.lists;
  const rest = { customer: need.customer, policies: need.policies && !early.need.policies, devices: need.devices && !early.need.devices };
  if (had.failure !== undefined || (!rest.policies && !rest.devices)) return had;
  const more = await fetchCustomer(rest, deps, progress);
  return more.failure !== undefined ? more : { ...had, ...more };
}

async function fetchCustomer(need: ListsNeeded, deps: FetchListsDeps, progress: LookupProgress): Promise<CustomerLists> {
  const perCustomer = pLimit(deps.perCustomer);
  const { signal } = deps;
  const options = signal === undefined ? {} : { signal };
  const call = <T>(fn: () => Promise<T>): Promise<T> =>
    perCustomer(() =>
      deps.limit.run(async () => {
        if (signal?.aborted === true) throw new RunStopped('interrupted', false);
        const value = await fn();
        deps.limit.succeeded();
        return value;
      }, { read: true }),
    );
  const { api } = deps;
  const { customer } = need;
  // Which list an error came from, so that the rows can say which could not be had.
  let failedList: 'policies' | 'devices' | undefined;
  const listing = <T>(list: 'policies' | 'devices', promise: Promise<T>): Promise<T> =>
    promise.catch((error: unknown) => {
      failedList ??= list;
      throw error;
    });
  try {
    const [policies, devices] = await Promise.all([
      need.policies ? listing('policies', call(() => api.listPolicies(customer, options)).then((list) => new PolicyIndex(list))) : undefined,
      need.devices ? listing('devices', listDevices(customer, api, call, progress, deps)) : undefined,
    ]);
    return { ...(policies === undefined ? {} : { policies }), ...(devices === undefined ? {} : { devices }) };
  } catch (error) {
    if (error instanceof RunStopped || !isPartnerCenterError(error)) throw error;
    // The same rules as sending's: what stops sending stops the lookups, for every customer.
    const decision = decideOnFailure(error, { devices: 0, aborted: false });
    if (decision.action === 'stop') throw new RunStopped(decision.reason, decision.unreachable === true, error);
    if (decision.action === 'interrupted') throw new RunStopped('interrupted', false, error);
    // 404 and 403 are about the customer itself, not this moment: sending would be refused the same way.
    const refused = error.kind === 'http' && (error.status === 404 || error.status === 403);
    return { failure: describeFailure(error), ...(failedList === undefined ? {} : { failedList }), ...(refused ? { refused } : {}) };
  }
}

async function listDevices(
  customer: string,
  api: FetchListsDeps['api'],
  call: <T>(fn: () => Promise<T>) => Promise<T>,
  progress: LookupProgress,
  deps: FetchListsDeps,
): Promise<DeviceIndex> {
  const options = deps.signal === undefined ? {} : { signal: deps.signal };
  const batches = await call(() => api.listDeviceBatches(customer, options));
  const index = new DeviceIndex();
  await Promise.all(
    // A batch without an ID cannot be asked for its devices; the service always gives one.
    batches.filter((batch) => typeof batch.id === 'string' && batch.id !== '').map(async (batch) => {
      // The batch's count bounds the pages followed: a service naming pages forever is not followed forever.
      const devices = await call(() => api.listBatchDevices(customer, batch.id, { ...options, expectedCount: batch.devicesCount }));
      index.addBatch(devices, batch.id);
      progress.batches++;
      progress.devices += devices.length;
      deps.onProgress({ ...progress });
    }),
  );
  return index;
}

/** The lookups met what no request of this run can get past: a refused sign-in, an unreachable endpoint. */
export class RunStopped extends Error {
  override readonly name = 'RunStopped';
  constructor(
    readonly reason: string,
    /** The endpoint never answered (DNS, refused, TLS). */
    readonly unreachable: boolean,
    cause?: PartnerCenterError,
  ) {
    super(reason, { cause });
  }
}

function describeFailure(error: PartnerCenterError): string {
  if (error.kind === 'http') {
    const code = error.code === undefined ? '' : ` ${error.code}`;
    return `HTTP ${error.status ?? '?'}${code}: ${error.description ?? error.message}`;
  }
  return error.message;
}
