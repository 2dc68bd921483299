// What was listed for one customer (fetch-lists.ts fetches, resolve-rows.ts decides by it): its own
// module, so that the resolution, its words (problems.ts) and the fetching all import it and not each other.
import type { DeviceIndex } from './device-index.js';
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
