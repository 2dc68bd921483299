// The adaptive limit against the two ways a service throttles (SPEC §3), in virtual time: a service that
// refuses beyond 8 requests in flight, and one whose token bucket refills 40 a second. Whatever
// --concurrency the user picked, the limit must learn the ceiling and hold just under it: the service
// kept busy, and only a few requests in a hundred refused. (The benchmark measures the same over real
// HTTP; this pins the behaviour down without depending on how loaded the machine is.)
import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import { createAdaptiveLimit } from '../../src/send/adaptive-limit.js';
import { settle } from './fake-api.js';

const LATENCY_MS = 100;
const RETRY_AFTER_MS = 1_000;

interface Service {
  /** Whether a request arriving now is taken (and then answered after LATENCY_MS). */
  admit(at: number): boolean;
  started(): void;
  ended(): void;
  /** The shortest time the service could take for `requests`. */
  ideal(requests: number): number;
}

function inFlightService(limit: number): Service {
  let inFlight = 0;
  return {
    admit: () => inFlight < limit,
    started: () => void inFlight++,
    ended: () => void inFlight--,
    ideal: (requests) => (requests / limit) * LATENCY_MS,
  };
}

function bucketService(perSecond: number, burst: number): Service {
  let tokens = burst;
  let refilledAt = 0;
  return {
    admit(at) {
      tokens = Math.min(burst, tokens + ((at - refilledAt) / 1000) * perSecond);
      refilledAt = at;
      if (tokens < 1) return false;
      tokens--;
      return true;
    },
    started() {},
    ended() {},
    ideal: (requests) => (Math.max(0, requests - burst) / perSecond) * 1000 + LATENCY_MS,
  };
}

/** Sends `requests` through the limit to the service, the way the scheduler and the client do. */
async function run(service: Service, max: number, requests: number): Promise<{ ms: number; refused: number }> {
  mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  try {
    const limit = createAdaptiveLimit({ max, now: () => Date.now() });
    const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
    let refused = 0;
    let done = 0;
    const one = (): Promise<void> =>
      limit.run(async () => {
        for (;;) {
          if (service.admit(Date.now())) {
            service.started();
            await sleep(LATENCY_MS);
            service.ended();
            limit.succeeded();
            done++;
            return;
          }
          refused++;
          limit.throttled(RETRY_AFTER_MS);
          await limit.whileWaiting(() => sleep(RETRY_AFTER_MS));
        }
      });
    const all = Promise.all(Array.from({ length: requests }, one));
    while (done < requests) {
      mock.timers.tick(5);
      await settle(3);
    }
    await all;
    return { ms: Date.now(), refused };
  } finally {
    mock.timers.reset();
  }
}

const cases = [
  { name: '8 in flight', service: () => inFlightService(8), requests: 1000 },
  { name: 'a 40/s token bucket', service: () => bucketService(40, 40), requests: 400 },
];

for (const { name, service, requests } of cases) {
  for (const max of [8, 32, 64]) {
    test(`--concurrency ${max} against ${name}: at least 0.9 of the service's rate, at most 5% refused`, async () => {
      const s = service();
      const { ms, refused } = await run(s, max, requests);
      const share = s.ideal(requests) / ms;
      assert.ok(share >= 0.9, `${(share * 100).toFixed(0)}% of the ideal rate (${ms} ms for ${requests} requests)`);
      assert.ok(refused <= requests * 0.05, `${refused} 429s for ${requests} requests`);
    });
  }
}
