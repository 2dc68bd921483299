// The faults a client must survive: in-flight limit, throttle and error rates, dropped connections,
// scripted sequences, BOM-prefixed error bodies. Deterministic: a gate instead of latency, a seeded RNG.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mulberry32 } from '../../src/hardware-hash/random.js';
import type { PartnerCenterErrorBody } from '../../src/partner-center/wire.js';
import { DOC_BODY, DOC_CUSTOMER, DOC_REQUEST_ID, gate, get, patch, start, until } from './harness.js';

test('PATCHes beyond maxInFlight get 429 with Retry-After while the others are held in flight', async (t) => {
  const held = gate();
  const sim = await start(t, { maxInFlight: 2, latencyMs: 50, sleep: held.sleep, retryAfterSeconds: 3 });
  const pending = Array.from({ length: 5 }, () => patch(sim, DOC_BODY));
  // Whatever the order of arrival, two are held at the gate and the other three are turned away.
  await until(() => sim.stats().throttled === 3);
  held.open();
  const responses = await Promise.all(pending);
  const statuses = responses.map((r) => r.status).sort();
  assert.deepEqual(statuses, [202, 202, 429, 429, 429]);
  for (const r of responses.filter((r) => r.status === 429)) {
    assert.equal(r.headers.get('retry-after'), '3');
    assert.deepEqual(await r.json(), { statusCode: 429, message: 'Rate limit is exceeded. Try again in 3 seconds.' });
  }
  // The peak counts the refused ones too (at least one beyond the limit); how many overlapped is up to timing.
  assert.ok(sim.stats().maxInFlight >= 3);
  assert.equal(sim.stats().accepted, 2);
  // Each request records when it was answered: the refused at once, the held ones once the gate opened.
  for (const q of sim.requests) {
    assert.ok(q.answeredAt !== undefined && q.answeredAt >= q.receivedAt, `${q.status} answered at ${q.answeredAt}, received at ${q.receivedAt}`);
  }
});

test('the limit frees up as requests finish', async (t) => {
  const sim = await start(t, { maxInFlight: 1 });
  for (let i = 0; i < 3; i++) assert.equal((await patch(sim, DOC_BODY)).status, 202);
  assert.equal(sim.stats().maxInFlight, 1);
});

test('throttleRate 1 throttles PATCH and GET alike with the documented 429 body', async (t) => {
  const sim = await start(t, { throttleRate: 1 });
  const answers = [await patch(sim, DOC_BODY), await get(sim, `/customers/${DOC_CUSTOMER}/policies`)];
  for (const res of answers) {
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '1');
    assert.deepEqual(await res.json(), { statusCode: 429, message: 'Rate limit is exceeded. Try again in 1 seconds.' });
  }
  assert.equal(sim.stats().throttled, 2);
  assert.equal(sim.jobs().length, 0);
});

test('errorRate 1 answers 503 with a Partner Center error body', async (t) => {
  const sim = await start(t, { errorRate: 1 });
  const res = await patch(sim, DOC_BODY);
  assert.equal(res.status, 503);
  const body = (await res.json()) as PartnerCenterErrorBody;
  assert.equal(body.code, 'ServiceUnavailable');
  assert.equal(body.source, 'PartnerFD');
  assert.equal(sim.stats().failed, 1);
});

test('dropRate 1 closes the connection without an answer: fetch rejects', async (t) => {
  const sim = await start(t, { dropRate: 1 });
  await assert.rejects(patch(sim, DOC_BODY), TypeError);
  assert.equal(sim.stats().dropped, 1);
  assert.equal(sim.requests[0]?.dropped, true);
  assert.equal(sim.requests[0]?.status, undefined);
  assert.equal(sim.jobs().length, 0);
});

test('scripted faults happen once each, in order, to the method they name', async (t) => {
  const retryAt = new Date(Date.now() + 30_000);
  const sim = await start(t, {
    failNextRequests: [
      { kind: 'throttle', method: 'PATCH', retryAfter: retryAt },
      { kind: 'error', status: 500 },
      { kind: 'drop', method: 'PATCH', afterHandling: true },
    ],
  });
  const send = (): Promise<Response> => patch(sim, DOC_BODY, { headers: { 'ms-requestid': DOC_REQUEST_ID } });

  const throttled = await send();
  assert.equal(throttled.status, 429);
  assert.equal(throttled.headers.get('retry-after'), retryAt.toUTCString());
  // The next fault has no method, so a GET takes it.
  assert.equal((await get(sim, `/customers/${DOC_CUSTOMER}/policies`)).status, 500);
  // Dropped after the work: the job exists though the client never heard of it...
  await assert.rejects(send(), TypeError);
  assert.equal(sim.jobs().length, 1);
  // ...and the retry with the same MS-RequestId finds it rather than making another.
  const retried = await send();
  assert.equal(retried.status, 202);
  assert.equal(retried.headers.get('location')?.split('/').pop(), sim.jobs()[0]?.trackingId);
  assert.equal(sim.jobs().length, 1);
});

test('setOptions changes fault injection mid-run', async (t) => {
  const sim = await start(t, { throttleRate: 1 });
  assert.equal((await patch(sim, DOC_BODY)).status, 429);
  sim.setOptions({ throttleRate: 0 });
  assert.equal((await patch(sim, DOC_BODY)).status, 202);
  assert.throws(() => sim.setOptions({ errorRate: 2 }), RangeError);
});

test('bomInErrors prefixes error bodies, and only them, with a UTF-8 BOM', async (t) => {
  const sim = await start(t, { bomInErrors: true });
  const bad = await patch(sim, '{}');
  const bytes = new Uint8Array(await bad.arrayBuffer());
  assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf]);
  const body = JSON.parse(new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes)) as PartnerCenterErrorBody;
  assert.equal(body.code, 'MissingDevices');
  const good = await get(sim, `/customers/${DOC_CUSTOMER}/policies`);
  assert.notEqual((await good.text()).charCodeAt(0), 0xfeff);
});

test('a seeded RNG makes rate-based faults reproducible', async (t) => {
  const run = async (): Promise<number[]> => {
    const sim = await start(t, { throttleRate: 0.3, errorRate: 0.3, random: mulberry32(42) });
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await get(sim, `/customers/${DOC_CUSTOMER}/policies`)).status);
    return statuses;
  };
  const first = await run();
  assert.deepEqual(await run(), first);
  assert.ok(first.includes(200) && first.includes(429) && first.includes(503), first.join(','));
});

test('close() ends requests still waiting out their latency, so nothing keeps the process alive', async (t) => {
  const sim = await start(t, { latencyMs: 600_000 });
  const pending = patch(sim, DOC_BODY);
  await until(() => sim.requests.length === 1);
  await sim.close();
  await assert.rejects(pending, TypeError);
  assert.equal(sim.jobs().length, 0);
});

test('many requests waiting out their latency at once draw no listener-leak warning', async (t) => {
  // Each waiting request listens on the simulator's lifetime signal; past ten, Node used to warn
  // "MaxListenersExceededWarning" on every run of the benchmark and of `device-policy simulator`.
  const warnings: string[] = [];
  const onWarning = (w: Error): void => void warnings.push(w.name);
  process.on('warning', onWarning);
  t.after(() => process.off('warning', onWarning));
  // Answered only when closed: all twenty are surely waiting at once (each listens from the moment it is
  // recorded), however slowly this machine lets them arrive.
  const sim = await start(t, { latencyMs: 600_000 });
  const pending = Array.from({ length: 20 }, () => get(sim, `/customers/${DOC_CUSTOMER}/policies`).catch((e: unknown) => e));
  await until(() => sim.requests.length === 20);
  // A warning is emitted on the tick after the listener that crossed the limit: long past by now.
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(warnings.filter((name) => name === 'MaxListenersExceededWarning'), []);
  await sim.close();
  await Promise.all(pending);
});
