// A client wired for tests: a known static token, sleeps recorded instead of waited, fixed jitter, and
// every event collected.
import type { ClientEvents, ExchangeRecord, PartnerCenterApi, TokenSource } from '../../src/partner-center/contract.js';
import { createPartnerCenterClient } from '../../src/partner-center/client.js';
import type { ClientOptions } from '../../src/partner-center/options.js';

export const TOKEN = 'test-token-3f9a1c7e5b2d4f6a8c0e';
export const CUSTOMER = 'c7f3c849-129f-4b85-a96d-4f8e88b315a3';
export const POLICY = '15a04610-9229-4e80-94e0-0e826a09c9e2';
export const REQUEST_ID = '1b658428-5afa-46d4-af86-c9c6af5634e2';
export const CORRELATION_ID = '49b1e7b2-82e7-4403-b63b-8765269b448d';

/** One token, always the same; `renewable` only changes what the source claims (and so the 401 re-send). */
export function staticTokens(token = TOKEN, { renewable = false } = {}): TokenSource & { gets: number; invalidations: number } {
  return {
    description: 'token (test)',
    renewable,
    gets: 0,
    invalidations: 0,
    getToken() {
      this.gets++;
      return Promise.resolve(token);
    },
    invalidate() {
      this.invalidations++;
    },
  };
}

export interface Kit {
  client: PartnerCenterApi;
  sleeps: number[];
  exchanges: ExchangeRecord[];
  throttles: Array<Parameters<NonNullable<ClientEvents['onThrottle']>>[0]>;
  retries: Array<Parameters<NonNullable<ClientEvents['onRetry']>>[0]>;
}

export function makeClient(endpoint: string, overrides: Partial<ClientOptions> = {}): Kit {
  const kit: Omit<Kit, 'client'> = { sleeps: [], exchanges: [], throttles: [], retries: [] };
  const client = createPartnerCenterClient({
    endpoint,
    tokens: staticTokens(),
    correlationId: CORRELATION_ID,
    // Mid-range jitter, so computed backoffs are predictable and non-zero.
    random: () => 0.5,
    sleep: async (ms) => {
      kit.sleeps.push(ms);
    },
    events: {
      onExchange: (record) => kit.exchanges.push(record),
      onThrottle: (info) => kit.throttles.push(info),
      onRetry: (info) => kit.retries.push(info),
    },
    ...overrides,
  });
  return { client, ...kit };
}

export const ONE_DEVICE = [{ deviceId: '9993-8627-3608-6844-6369-4361-72', policyId: POLICY }];

export function accepted(trackingId = 'a15f3996-620a-4404-9f1f-4c2de78de0de') {
  return { status: 202, headers: { Location: `/customers/${CUSTOMER}/batchJobStatus/${trackingId}`, 'MS-CV': 'cv.1' } };
}
