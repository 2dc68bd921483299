// Fetching the lists through an injected API: each list once, the run's limits kept, a customer's own
// failure kept to its rows, and what stops sending stopping the lookups too.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fetchLists, RunStopped, type FetchListsDeps } from '../../src/resolve/fetch-lists.js';
import { createAdaptiveLimit } from '../../src/send/adaptive-limit.js';
import { PartnerCenterError } from '../../src/partner-center/errors.js';
import type { ConfigurationPolicy, Device, DeviceBatch } from '../../src/partner-center/wire.js';
import type { ListOptions } from '../../src/partner-center/contract.js';

const C1 = 'c7f3c849-129f-4b85-a96d-4f8e88b315a3';
const C2 = '1ecedaec-f4fc-461a-a132-6c7861dfc534';

/** Answers once released, so a test sees how many calls were in flight at once. */
type ListingCalls = FetchListsDeps['api'];

class ListingApi implements ListingCalls {
  readonly calls: string[] = [];
  inFlight = 0;
  maxInFlight = 0;
  readonly maxByCustomer = new Map<string, number>();
  private readonly byCustomer = new Map<string, number>();

  constructor(private readonly fail: (call: string) => PartnerCenterError | undefined = () => undefined) {}

  private async answer<T>(customer: string, call: string, value: T): Promise<T> {
    this.calls.push(call);
    this.inFlight++;
    const mine = (this.byCustomer.get(customer) ?? 0) + 1;
    this.byCustomer.set(customer, mine);
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    this.maxByCustomer.set(customer, Math.max(this.maxByCustomer.get(customer) ?? 0, mine));
    // A turn of the event loop, so that calls the limits allow do overlap.
    await new Promise((resolve) => setImmediate(resolve));
    this.inFlight--;
    this.byCustomer.set(customer, (this.byCustomer.get(customer) ?? 1) - 1);
    const error = this.fail(call);
    if (error !== undefined) throw error;
    return value;
  }

  listPolicies(customer: string): Promise<ConfigurationPolicy[]> {
    return this.answer(customer, `${customer} policies`, [{ id: '15a04610-9229-4e80-94e0-0e826a09c9e2', name: 'Sales' }]);
  }

  listDeviceBatches(customer: string): Promise<DeviceBatch[]> {
    return this.answer(customer, `${customer} batches`, Array.from({ length: 6 }, (_, i) => ({ id: `batch ${i}`, devicesCount: 10 + i })));
  }

  /** By batch: the count each listing of its devices was given. */
  readonly expected = new Map<string, number | undefined>();

  listBatchDevices(customer: string, batchId: string, options?: ListOptions): Promise<Device[]> {
    this.expected.set(batchId, options?.expectedCount);
    return this.answer(customer, `${customer} ${batchId}`, [{ id: `${customer.slice(0, 4)}-${batchId}`, serialNumber: `SN ${batchId}` }]);
  }
}

function deps(api: ListingApi, concurrency: number, perCustomer: number): FetchListsDeps {
  // Slow start's rounds at once rather than a couple of milliseconds apart: the fake answers take turns, not time.
  return { api, limit: createAdaptiveLimit({ max: concurrency, initial: concurrency, slowStartGapMs: 0 }), perCustomer, onProgress: () => {} };
}

function httpError(status: number, code: string, description: string): PartnerCenterError {
  return new PartnerCenterError({ kind: 'http', status, code, description, message: `HTTP ${status}`, method: 'GET', url: 'https://api.partnercenter.microsoft.com/v1/customers/x/policies' });
}

test('fetch lists: every list once per customer, within --concurrency overall and --per-customer each', async () => {
  const api = new ListingApi();
  const lists = await fetchLists(
    [
      { customer: C1, policies: true, devices: true },
      { customer: C2, policies: true, devices: false },
    ],
    deps(api, 3, 2),
  );
  assert.equal(api.calls.length, 1 + 1 + 6 + 1);
  assert.equal(new Set(api.calls).size, api.calls.length, 'nothing asked twice');
  assert.ok(api.maxInFlight <= 3 && api.maxInFlight >= 2, `max in flight ${api.maxInFlight}`);
  assert.equal(api.maxByCustomer.get(C1), 2, 'the per-customer limit is used, not only kept');
  assert.equal(lists.get(C1)?.devices?.size, 6);
  assert.equal(lists.get(C1)?.devices?.batches, 6);
  assert.equal(lists.get(C2)?.devices, undefined, 'devices are listed only where a row needs them');
  assert.equal(lists.get(C2)?.policies?.has('15a04610-9229-4e80-94e0-0e826a09c9e2'), true);
});

// The per-customer limit is reached exactly, whatever it is: a limit ignored (or fixed at some number)
// would show here, where an upper bound alone would not catch it.
for (const perCustomer of [1, 2, 3]) {
  test(`fetch lists: --per-customer ${perCustomer} has exactly ${perCustomer} of a customer's listings in flight at most`, async () => {
    const api = new ListingApi();
    await fetchLists([{ customer: C1, policies: true, devices: true }], deps(api, 8, perCustomer));
    assert.equal(api.maxByCustomer.get(C1), perCustomer);
    assert.equal(api.calls.length, 1 + 1 + 6);
  });
}

test('fetch lists: a batch\'s device count goes with the listing of its devices, to bound its pages', async () => {
  const api = new ListingApi();
  await fetchLists([{ customer: C1, policies: false, devices: true }], deps(api, 4, 2));
  assert.deepEqual([...api.expected.values()].sort(), [10, 11, 12, 13, 14, 15]);
});

test("fetch lists: a customer the service does not know gets a failure its rows report; the others are listed", async () => {
  const api = new ListingApi((call) => (call.startsWith(C2) ? httpError(404, 'CustomerNotFound', `Customer ${C2} was not found.`) : undefined));
  const lists = await fetchLists(
    [
      { customer: C1, policies: true, devices: false },
      { customer: C2, policies: true, devices: true },
    ],
    deps(api, 4, 2),
  );
  assert.equal(lists.get(C2)?.failure, `HTTP 404 CustomerNotFound: Customer ${C2} was not found.`);
  assert.ok(lists.get(C1)?.policies);
});

test('fetch lists: a refused sign-in stops the lookups for every customer, with the words sending uses', async () => {
  const api = new ListingApi(() => httpError(401, '401', 'Unauthorized'));
  await assert.rejects(
    fetchLists([{ customer: C1, policies: true, devices: true }], deps(api, 4, 2)),
    (error: unknown) => error instanceof RunStopped && /^sign-in was refused/.test(error.reason) && !error.unreachable,
  );
});
