// Lookups started as the sheet is read (issue 25): a customer's lists are asked for when the first of
// its rows that needs them is read, through the run's limit, so that they are in, or on their way, when
// the sheet is done rather than asked for only then. look-up.ts takes them (fetch-lists.ts asks only
// for what the whole sheet needs beyond them). Rows kept from an earlier run need nothing.
import type { RowCheck } from '../model.js';
import { prefetchLists, type FetchListsDeps, type LookupProgress, type Prefetched } from '../resolve/fetch-lists.js';
import { rowNeeds, type ResolveSettings } from '../resolve/resolve-rows.js';

export interface Prefetch {
  /** Each row as it is read (scanInput's `onRow`). */
  onRow(check: RowCheck, kept: boolean): void;
  readonly prefetched: ReadonlyMap<string, Prefetched>;
  /** Device batches and devices they have listed so far (fetchLists goes on counting in it). */
  readonly tally: LookupProgress;
  /** The connection's count of lookups before the first of them, for the run's `lookups`. */
  readonly lookupsBefore: number;
}

export function startPrefetch(
  settings: Pick<ResolveSettings, 'checkPolicies' | 'verifyDevices'>,
  deps: Omit<FetchListsDeps, 'onProgress' | 'onCustomer' | 'prefetched'>,
  lookupsBefore: number,
): Prefetch {
  const prefetched = new Map<string, Prefetched>();
  const tally: LookupProgress = { customersDone: 0, customersTotal: 0, batches: 0, devices: 0 };
  return {
    onRow(check, kept) {
      if (kept) return;
      const need = rowNeeds(check, settings);
      if (need === undefined || prefetched.has(need.customer) || !(need.policies || need.devices)) return;
      prefetched.set(need.customer, prefetchLists(need, deps, tally));
    },
    prefetched,
    tally,
    lookupsBefore,
  };
}
