// An in-memory PartnerCenterApi for the scheduler's tests: it records every request, tracks how many
// are in flight (overall and per customer), and answers through a function each test supplies.
import type { DeviceAssignment, PartnerCenterApi, RequestOptions, UpdateResult } from '../../src/partner-center/contract.js';
import { PartnerCenterError, type PartnerCenterErrorInit } from '../../src/partner-center/errors.js';

export interface FakeCall {
  customer: string;
  devices: string[];
  requestId: string;
  signal: AbortSignal | undefined;
}

export type Answer = (call: FakeCall) => Promise<UpdateResult> | UpdateResult;

export class FakeApi implements PartnerCenterApi {
  readonly calls: FakeCall[] = [];
  inFlight = 0;
  maxInFlight = 0;
  readonly inFlightByCustomer = new Map<string, number>();
  readonly maxByCustomer = new Map<string, number>();
  private readonly waiters: Array<{ count: number; resolve: () => void }> = [];

  constructor(private readonly answer: Answer = accept) {}

  async updateDevicePolicies(customer: string, devices: DeviceAssignment[], options: RequestOptions): Promise<UpdateResult> {
    const call = { customer, devices: devices.map((d) => d.deviceId), requestId: options.requestId, signal: options.signal };
    this.calls.push(call);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const mine = (this.inFlightByCustomer.get(customer) ?? 0) + 1;
    this.inFlightByCustomer.set(customer, mine);
    this.maxByCustomer.set(customer, Math.max(this.maxByCustomer.get(customer) ?? 0, mine));
    for (const waiter of this.waiters.filter((w) => this.calls.length >= w.count)) waiter.resolve();
    try {
      return await this.answer(call);
    } finally {
      this.inFlight--;
      this.inFlightByCustomer.set(customer, (this.inFlightByCustomer.get(customer) ?? 1) - 1);
    }
  }

  /** Resolves once `count` requests have been made. */
  requestsMade(count: number): Promise<void> {
    if (this.calls.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  createDeviceBatch(): never {
    throw new Error('not used by the scheduler');
  }
  addDevicesToBatch(): never {
    throw new Error('not used by the scheduler');
  }
  getBatchJobStatus(): never {
    throw new Error('not used by the scheduler');
  }
  listPolicies(): never {
    throw new Error('not used by the scheduler');
  }
  listDeviceBatches(): never {
    throw new Error('not used by the scheduler');
  }
  listBatchDevices(): never {
    throw new Error('not used by the scheduler');
  }
}

export function accept(call: FakeCall): UpdateResult {
  const trackingId = `job-${call.requestId}`;
  return {
    batchJobUri: `https://pc.test/v1/customers/${call.customer}/batchJobStatus/${trackingId}`,
    trackingId,
    status: 202,
    requestId: call.requestId,
    correlationId: 'corr-1',
  };
}

export function pcError(init: Omit<PartnerCenterErrorInit, 'method' | 'url' | 'message'> & { message?: string }): PartnerCenterError {
  return new PartnerCenterError({
    method: 'PATCH',
    url: 'https://pc.test/v1/customers/x/DevicePolicyUpdates',
    ...init,
    message: init.message ?? `failed (${init.kind} ${init.status ?? ''})`,
  });
}

/** Lets every pending callback and microtask run: no clock involved. */
export async function settle(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** A promise and the means to resolve it from outside. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** Request IDs that read in order: req-1, req-2, … */
export function counter(prefix = 'req'): () => string {
  let n = 0;
  return () => `${prefix}-${++n}`;
}
