// Throttling by rate (SPEC §3): a token bucket across every request, refused with Retry-After in whole
// seconds. The simulator's clock is moved by hand, so nothing here depends on how fast the machine is.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTokenBucket } from '../../src/simulator/token-bucket.js';
import { DOC_BODY, DOC_CUSTOMER, get, manualClock, patch, start } from './harness.js';

test('a token bucket lets its burst through, then one request per 1/rate seconds', () => {
  const bucket = createTokenBucket(4, 2);
  const at = (ms: number): Array<number | undefined> => [bucket.take(ms)];
  assert.deepEqual([...at(0), ...at(0)], [undefined, undefined]);
  // Empty: a token is back 250 ms later, which a gateway rounds up to a whole second.
  assert.deepEqual(at(0), [1]);
  assert.deepEqual(at(249), [1]);
  assert.deepEqual(at(250), [undefined]);
  // A long quiet spell refills only up to the burst.
  assert.deepEqual([...at(60_000), ...at(60_000), ...at(60_000)], [undefined, undefined, 1]);
});

test('a slow rate says how many whole seconds until a token is back', () => {
  const bucket = createTokenBucket(0.25, 1);
  assert.equal(bucket.take(0), undefined);
  assert.equal(bucket.take(0), 4);
  assert.equal(bucket.take(1_500), 3);
});

test('rateLimit throttles every method once the burst is spent, with Retry-After in whole seconds', async (t) => {
  const clock = manualClock();
  const sim = await start(t, { rateLimit: 2, now: clock.now });
  // One second's worth by default: two requests pass, the third (a GET) is refused.
  assert.equal((await patch(sim, DOC_BODY)).status, 202);
  assert.equal((await patch(sim, DOC_BODY, { headers: { 'MS-RequestId': 'b1f0c0de-0000-4000-8000-000000000001' } })).status, 202);
  const refused = await get(sim, `/customers/${DOC_CUSTOMER}/policies`);
  assert.equal(refused.status, 429);
  assert.equal(refused.headers.get('retry-after'), '1');
  assert.deepEqual(await refused.json(), { statusCode: 429, message: 'Rate limit is exceeded. Try again in 1 seconds.' });
  clock.advance(500);
  assert.equal((await get(sim, `/customers/${DOC_CUSTOMER}/policies`)).status, 200);
  assert.equal(sim.stats().throttled, 1);
  assert.equal(sim.jobs().length, 2);
});

test('setOptions can lift or change the rate limit mid-run', async (t) => {
  const clock = manualClock();
  const sim = await start(t, { rateLimit: 1, now: clock.now });
  assert.equal((await get(sim, `/customers/${DOC_CUSTOMER}/policies`)).status, 200);
  assert.equal((await get(sim, `/customers/${DOC_CUSTOMER}/policies`)).status, 429);
  sim.setOptions({ rateLimit: 1000, rateBurst: 5 });
  for (let i = 0; i < 5; i++) assert.equal((await get(sim, `/customers/${DOC_CUSTOMER}/policies`)).status, 200);
  assert.equal((await get(sim, `/customers/${DOC_CUSTOMER}/policies`)).status, 429);
});

test('rateLimit and rateBurst are checked like the other options', async () => {
  const { startSimulator } = await import('../../src/simulator/start.js');
  await assert.rejects(startSimulator({ rateLimit: 0 }), /rateLimit: expected a number > 0, got 0/);
  await assert.rejects(startSimulator({ rateLimit: 5, rateBurst: -1 }), /rateBurst: expected a number > 0, got -1/);
});
