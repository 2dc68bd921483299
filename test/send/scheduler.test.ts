import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import type { Chunk } from '../../src/model.js';
import { createAdaptiveLimit } from '../../src/send/adaptive-limit.js';
import type { ItemOutcome, SendProgress } from '../../src/send/outcomes.js';
import type { SendOptions } from '../../src/send/options.js';
import { sendChunks } from '../../src/send/scheduler.js';
import { accept, type Answer, counter, FakeApi, gate, pcError, settle } from './fake-api.js';

const SENT_AT = new Date('2025-01-02T03:04:05.000Z');

/** `count` chunks of `size` devices for each customer, numbered as the planner would. */
function chunksFor(customers: string[], count: number, size: number): Chunk[] {
  let index = 0;
  return customers.flatMap((customer) =>
    Array.from({ length: count }, (_, n) => ({
      id: `${customer}#${n + 1}`,
      customer,
      items: Array.from({ length: size }, () => {
        const i = index++;
        return { index: i, rowNumber: i + 2, device: `${customer}-D${i}`, policy: 'p' };
      }),
    })),
  );
}

function options(api: FakeApi, extra: Partial<SendOptions> = {}): SendOptions {
  return { api, concurrency: 4, perCustomer: 2, newRequestId: counter(), now: () => SENT_AT, ...extra };
}

function statuses(outcomes: Map<number, ItemOutcome>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const outcome of outcomes.values()) counts[outcome.status] = (counts[outcome.status] ?? 0) + 1;
  return counts;
}

test('every row of every chunk is accepted with its request and batch job', async () => {
  const api = new FakeApi();
  const chunks = chunksFor(['A', 'B'], 2, 3);
  const settled: string[] = [];
  const report = await sendChunks(chunks, options(api, { onSettled: async (s) => void settled.push(s.chunkId) }));
  assert.equal(report.requests, 4);
  assert.deepEqual([...report.requestsByCustomer], [['A', 2], ['B', 2]]);
  assert.equal(report.outcomes.size, 12);
  const call = api.calls.find((c) => c.devices.includes('B-D9'));
  assert.deepEqual(report.outcomes.get(9), {
    status: 'accepted',
    batchJobUri: `https://pc.test/v1/customers/B/batchJobStatus/job-${call?.requestId}`,
    trackingId: `job-${call?.requestId}`,
    httpStatus: 202,
    requestId: call?.requestId,
    sentAt: '2025-01-02T03:04:05.000Z',
  });
  assert.deepEqual(settled.sort(), ['A#1', 'A#2', 'B#1', 'B#2']);
  assert.equal(new Set(api.calls.map((c) => c.requestId)).size, 4, 'one request ID per request');
  assert.equal(report.stoppedBecause, undefined);
  assert.equal(report.interrupted, false);
});

test('a 400 that names no device is bisected until the one bad device among 50 fails alone', async () => {
  const bad = 'A-D0';
  const api = new FakeApi((call) => {
    if (call.devices.includes(bad)) {
      throw pcError({ kind: 'http', status: 400, code: '600040', description: 'A device is not valid' });
    }
    return accept(call);
  });
  const report = await sendChunks(chunksFor(['A'], 1, 50), options(api));
  assert.deepEqual(statuses(report.outcomes), { accepted: 49, failed: 1 });
  assert.deepEqual(report.outcomes.get(0), {
    status: 'failed',
    httpStatus: 400,
    errorCode: '600040',
    detail: 'A device is not valid',
    requestId: api.calls.find((c) => c.devices.length === 1 && c.devices[0] === bad)?.requestId,
    sentAt: SENT_AT.toISOString(),
  });
  // 50 → 25 → 13 → 7 → 4 → 2 → 1: six splits, each sending both halves, after the first request.
  assert.equal(report.requests, 13);
  assert.equal(new Set(api.calls.map((c) => c.requestId)).size, 13, 'each half is a new request');
  // Every good device was accepted exactly once.
  const acceptedSends = api.calls.filter((c) => !c.devices.includes(bad)).flatMap((c) => c.devices);
  assert.equal(acceptedSends.length, 49);
  assert.equal(new Set(acceptedSends).size, 49);
});

test('two bad devices in one chunk both fail alone, the rest are accepted', async () => {
  const bad = new Set(['A-D3', 'A-D17']);
  const api = new FakeApi((call) => {
    if (call.devices.some((d) => bad.has(d))) throw pcError({ kind: 'http', status: 400, code: '600040', description: 'bad' });
    return accept(call);
  });
  const report = await sendChunks(chunksFor(['A'], 1, 20), options(api));
  assert.deepEqual(statuses(report.outcomes), { accepted: 18, failed: 2 });
  assert.equal(report.outcomes.get(3)?.status, 'failed');
  assert.equal(report.outcomes.get(17)?.status, 'failed');
});

test('a 400 naming a device in its description sends it alone, failing it when refused again, and the rest again at once', async () => {
  // Three bad devices spread over the chunk; the service names the first it meets, as the simulator does.
  const bad = ['A-D0', 'A-D30', 'A-D60'];
  const api = new FakeApi((call) => {
    const first = call.devices.find((d) => bad.includes(d));
    if (first !== undefined) throw pcError({ kind: 'http', status: 400, code: 'PolicyNotFound', description: `Device ${first}: policy p was not found.` });
    return accept(call);
  });
  const report = await sendChunks(chunksFor(['A'], 1, 100), options(api));
  // Named only in free text (device IDs can be ordinary words): each is tried alone before it fails.
  assert.deepEqual(api.calls.map((c) => c.devices.length), [100, 1, 99, 1, 98, 1, 97]);
  assert.deepEqual([1, 3, 5].map((i) => api.calls[i]?.devices), [['A-D0'], ['A-D30'], ['A-D60']]);
  assert.deepEqual(statuses(report.outcomes), { accepted: 97, failed: 3 });
  for (const device of bad) {
    const outcome = report.outcomes.get(Number(device.slice(3)));
    assert.equal(outcome?.status, 'failed');
    // Each refused row carries the words that name it, never a neighbour's.
    assert.equal(outcome?.status === 'failed' ? outcome.detail : '', `Device ${device}: policy p was not found.`);
  }
});

test('a 400 naming devices in its data fails them at once; one named only in its description is tried alone; a device whose ID is only the tail of a named one is sent again', async () => {
  const chunk = { id: 'A#1', customer: 'A', items: ['X-DEV-1', 'DEV-1', 'DEV-2', 'DEV-3'].map((device, index) => ({ index, rowNumber: index + 2, device, policy: 'p' })) };
  const api = new FakeApi((call) => {
    const bad = call.devices.filter((d) => d === 'X-DEV-1' || d === 'DEV-3');
    if (bad.length > 0) throw pcError({ kind: 'http', status: 400, code: '600040', description: `Device X-DEV-1 is not registered.`, data: bad.includes('DEV-3') ? ['DEV-3'] : [] });
    return accept(call);
  });
  const report = await sendChunks([chunk], options(api));
  assert.deepEqual(api.calls.map((c) => c.devices), [['X-DEV-1', 'DEV-1', 'DEV-2', 'DEV-3'], ['X-DEV-1'], ['DEV-1', 'DEV-2']]);
  assert.deepEqual([0, 1, 2, 3].map((i) => report.outcomes.get(i)?.status), ['failed', 'accepted', 'accepted', 'failed']);
});

test('a device whose ID is a word of the message is never failed for another device\'s error', async () => {
  const chunk = { id: 'A#1', customer: 'A', items: ['device', 'D-BAD', 'D-OK'].map((device, index) => ({ index, rowNumber: index + 2, device, policy: 'p' })) };
  const api = new FakeApi((call) => {
    if (call.devices.includes('D-BAD')) throw pcError({ kind: 'http', status: 400, code: '600040', description: 'Device D-BAD: the device is not registered.' });
    return accept(call);
  });
  const report = await sendChunks([chunk], options(api));
  assert.deepEqual(api.calls.map((c) => c.devices), [['device', 'D-BAD', 'D-OK'], ['device'], ['D-BAD'], ['D-OK']]);
  assert.deepEqual([0, 1, 2].map((i) => report.outcomes.get(i)?.status), ['accepted', 'failed', 'accepted']);
});

test('a refusal every device shares fails each device with its own words, never good ones with another device’s', async () => {
  const api = new FakeApi((call) => {
    throw pcError({ kind: 'http', status: 400, code: 'PolicyNotFound', description: `Device ${call.devices[0]}: policy p was not found.` });
  });
  const report = await sendChunks(chunksFor(['A'], 1, 10), options(api));
  // Each named device alone, and each rest again: what checking policies before sending avoids.
  assert.equal(report.requests, 19);
  for (const [index, outcome] of report.outcomes) {
    assert.equal(outcome.status === 'failed' ? outcome.detail : outcome.status, `Device A-D${index}: policy p was not found.`);
  }
});

test('each request of a narrowed chunk is recorded before it is sent, and its answer before the next goes out', async () => {
  const events: string[] = [];
  const api = new FakeApi((call) => {
    events.push(`send ${call.devices.length}`);
    if (call.devices.includes('A-D3')) throw pcError({ kind: 'http', status: 400, code: '600040', description: 'A device is not valid' });
    return accept(call);
  });
  await sendChunks(chunksFor(['A'], 1, 8), options(api, {
    onIntent: async (r) => void events.push(`intent ${r.items.length}`),
    onSettled: async (r) => void events.push(`settle ${r.items.length} ${r.settlement.kind}`),
  }));
  // 8 refused → D0–D3 refused → D0–D1 accepted, D2–D3 refused → D2 accepted, D3 failed → D4–D7 accepted.
  assert.deepEqual(events, [
    'intent 8', 'send 8', 'settle 8 split', 'intent 4', 'send 4', 'settle 4 split', 'intent 2', 'send 2', 'settle 2 accepted',
    'intent 2', 'send 2', 'settle 2 split', 'intent 1', 'send 1', 'settle 1 accepted', 'intent 1', 'send 1', 'settle 1 refused',
    'intent 4', 'send 4', 'settle 4 accepted',
  ]);
});

test('no request goes out before its intent is recorded; one that cannot be recorded is not sent and stops the run', async () => {
  const recording = gate();
  const api = new FakeApi();
  let intents = 0;
  const sending = sendChunks(chunksFor(['A'], 3, 2), options(api, {
    perCustomer: 1,
    onIntent: async () => {
      if (++intents === 2) throw new Error('ENOSPC: no space left on device');
      await recording.promise;
    },
  }));
  await settle();
  assert.equal(api.calls.length, 0, 'the first request waits for its intent');
  recording.open();
  const report = await sending;
  assert.equal(api.calls.length, 1);
  assert.match(report.stoppedBecause ?? '', /could not be recorded before sending \(ENOSPC/);
  assert.deepEqual(statuses(report.outcomes), { accepted: 2, 'not-sent': 4 });
});

test('a chunk with a recorded request ID is sent under it; others get fresh ones', async () => {
  const api = new FakeApi();
  const [first, second] = chunksFor(['A'], 2, 2);
  assert.ok(first !== undefined && second !== undefined);
  const report = await sendChunks([{ ...first, requestId: 'recorded-1' }, second], options(api, { perCustomer: 1 }));
  assert.deepEqual(api.calls.map((c) => c.requestId), ['recorded-1', 'req-1']);
  const outcome = report.outcomes.get(0);
  assert.equal(outcome?.status === 'accepted' ? outcome.requestId : '', 'recorded-1');
});

test('a failure without a final answer settles as transient, a refusal as refused', async () => {
  const api = new FakeApi((call) => {
    if (call.devices.includes('A-D0')) throw pcError({ kind: 'timeout', attempts: 6 });
    if (call.devices.includes('A-D2')) throw pcError({ kind: 'http', status: 404, code: 'NotFound', description: 'no such customer' });
    if (call.devices.includes('A-D4')) throw pcError({ kind: 'http', status: 503, description: 'busy', attempts: 6 });
    return accept(call);
  });
  const kinds = new Map<string, string>();
  await sendChunks(chunksFor(['A'], 3, 2), options(api, { onSettled: async (r) => void kinds.set(r.chunkId, r.settlement.kind) }));
  assert.deepEqual(Object.fromEntries(kinds), { 'A#1': 'transient', 'A#2': 'refused', 'A#3': 'transient' });
});

test('halves refused alike one level deep are still split when the next level tells them apart', async () => {
  // One bad device in each half: the halves look the same as for a chunk-wide refusal, but a quarter is accepted.
  const bad = new Set(['A-D1', 'A-D40']);
  const api = new FakeApi((call) => {
    if (call.devices.some((d) => bad.has(d))) throw pcError({ kind: 'http', status: 400, code: '600040', description: 'Device is not valid' });
    return accept(call);
  });
  const report = await sendChunks(chunksFor(['A'], 1, 50), options(api));
  assert.deepEqual(statuses(report.outcomes), { accepted: 48, failed: 2 });
  assert.equal(report.outcomes.get(1)?.status, 'failed');
  assert.equal(report.outcomes.get(40)?.status, 'failed');
});

test('a 403 fails only the chunk it answered, without splitting it', async () => {
  const api = new FakeApi((call) => {
    if (call.devices.includes('A-D3')) {
      throw pcError({ kind: 'http', status: 403, code: '600001', description: 'Partner is not authorized for this customer' });
    }
    return accept(call);
  });
  const report = await sendChunks(chunksFor(['A', 'B'], 2, 3), options(api));
  assert.equal(report.requests, 4);
  for (const index of [3, 4, 5]) {
    const outcome = report.outcomes.get(index);
    assert.equal(outcome?.status, 'failed');
    assert.equal(outcome.status === 'failed' && `${outcome.httpStatus} ${outcome.errorCode} ${outcome.detail}`,
      '403 600001 Partner is not authorized for this customer (HTTP 403): the signed-in user or app may not change this customer\'s devices: ' +
        'it needs the Admin agent role in your partner tenant, and the customer a delegated admin relationship with you; fix that, then feed the results file back');
  }
  assert.deepEqual(statuses(report.outcomes), { accepted: 9, failed: 3 });
});

test('a refused sign-in stops the run after a handful of requests; the rest are not sent', async () => {
  const api = new FakeApi(async () => {
    await settle(1);
    throw pcError({ kind: 'http', status: 401, code: 'Unauthorized', description: 'invalid token' });
  });
  const report = await sendChunks(chunksFor(['A', 'B', 'C', 'D'], 5, 10), options(api));
  assert.ok(report.requests <= 4, `requests: ${report.requests}`);
  assert.equal(report.stoppedBecause, 'sign-in was refused (HTTP 401 Unauthorized: invalid token)');
  assert.equal(report.outcomes.size, 200);
  for (const outcome of report.outcomes.values()) {
    assert.deepEqual(outcome, { status: 'not-sent', detail: 'not sent: sign-in was refused (HTTP 401 Unauthorized: invalid token)' });
  }
});

test('the stop signal lets requests in flight finish and sends nothing more', async () => {
  const release = gate();
  const api = new FakeApi(async (call) => {
    await release.promise;
    return accept(call);
  });
  const stop = new AbortController();
  const sending = sendChunks(chunksFor(['A', 'B'], 3, 2), options(api, { concurrency: 2, stop: stop.signal }));
  await api.requestsMade(2);
  stop.abort();
  release.open();
  const report = await sending;
  assert.equal(report.requests, 2);
  assert.equal(report.interrupted, true);
  assert.deepEqual(statuses(report.outcomes), { accepted: 4, 'not-sent': 8 });
  const sent = new Set(api.calls.flatMap((c) => c.devices));
  for (const [index, outcome] of report.outcomes) {
    if (outcome.status === 'not-sent') assert.equal(outcome.detail, 'not sent: interrupted');
    else assert.ok(sent.has(index < 6 ? `A-D${index}` : `B-D${index}`));
  }
});

test('the abort signal reaches requests in flight; their rows are not sent', async () => {
  const api = new FakeApi(
    (call) =>
      new Promise((_, reject) => {
        call.signal?.addEventListener('abort', () => reject(pcError({ kind: 'aborted' })));
      }),
  );
  const abort = new AbortController();
  const sending = sendChunks(chunksFor(['A'], 4, 2), options(api, { abort: abort.signal }));
  await api.requestsMade(2);
  abort.abort();
  const report = await sending;
  assert.equal(report.requests, 2);
  assert.equal(report.interrupted, true);
  assert.deepEqual(statuses(report.outcomes), { 'not-sent': 8 });
  // The two in flight were abandoned: the service may have them, and the next run re-sends them under their IDs.
  const details = [...report.outcomes.values()].map((o) => (o.status === 'not-sent' ? o.detail : ''));
  assert.equal(details.filter((d) => /abandoned.*same MS-RequestId/.test(d)).length, 4);
  assert.equal(details.filter((d) => d === 'not sent: interrupted').length, 4);
});

test('neither the overall nor the per-customer cap is ever exceeded', async () => {
  let turn = 0;
  // Answers take a varying number of event-loop turns, so requests overlap in many ways.
  const api = new FakeApi(async (call) => {
    await settle((turn++ * 7) % 5);
    return accept(call);
  });
  const customers = ['A', 'B', 'C', 'D', 'E', 'F'];
  // Slow start's rounds at once rather than a couple of milliseconds apart: the answers here take turns, not time.
  const concurrency = createAdaptiveLimit({ max: 5, slowStartGapMs: 0 });
  const report = await sendChunks(chunksFor(customers, 8, 2), options(api, { concurrency, perCustomer: 2 }));
  assert.equal(report.requests, 48);
  assert.equal(api.maxInFlight, 5, 'the overall cap is reached and kept');
  for (const customer of customers) assert.ok((api.maxByCustomer.get(customer) ?? 0) <= 2, customer);
});

test('a customer at its cap leaves the free overall slots to other customers', async () => {
  const release = gate();
  const api = new FakeApi(async (call) => {
    await release.promise;
    return accept(call);
  });
  // Eight chunks of A come first; B's single chunk must not wait behind them.
  const chunks = [...chunksFor(['A'], 8, 1), { id: 'B#1', customer: 'B', items: [{ index: 99, rowNumber: 101, device: 'B-1', policy: 'p' }] }];
  // Starting at the cap of 4, so that two overall slots are free while A holds its two.
  const concurrency = createAdaptiveLimit({ max: 4, initial: 4, slowStartGapMs: 0 });
  const sending = sendChunks(chunks, options(api, { concurrency, perCustomer: 2 }));
  // No waiting for a third request: were B stuck behind A, that wait would hang rather than fail.
  await settle();
  assert.deepEqual([...api.inFlightByCustomer].filter(([, n]) => n > 0), [['A', 2], ['B', 1]]);
  release.open();
  await sending;
});

test('a throttle during the run lowers how many requests start, and the retries wait for a slot at the lowered level', async (t) => {
  // Virtual time: after a 429 the limit paces requests, and its pacing waits on timers.
  mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  t.after(() => mock.timers.reset());
  const limit = createAdaptiveLimit({ max: 8, initial: 8, now: () => Date.now(), slowStartGapMs: 0 });
  const first = gate();
  const retryAfter = gate();
  const later = gate();
  const api = new FakeApi(async (call) => {
    const n = api.calls.indexOf(call);
    if (n >= 8) {
      await later.promise;
      return accept(call);
    }
    await first.promise;
    if (n < 2) {
      // As the client does with a 429: onThrottle inside the request, the Retry-After sleep wrapped in
      // whileWaiting, then the retry, which is accepted.
      limit.throttled(10_000);
      await limit.whileWaiting(() => retryAfter.promise);
    }
    return accept(call);
  });
  const customers = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];
  const sending = sendChunks(chunksFor(customers, 3, 1), options(api, { concurrency: limit, perCustomer: 3 }));
  await api.requestsMade(8);
  first.open();
  await settle();
  // Two of eight refused at once: the service takes six. The six acceptances that came back with them
  // were sent before the cut and raise nothing. No answer had come back before the 429s, so there is no
  // round trip to pace by: the level alone holds, and six go out at once.
  assert.equal(limit.current, 6);
  for (let i = 0; i < 40 && limit.inFlight < 6; i++) {
    mock.timers.tick(50);
    await settle();
  }
  assert.equal(limit.inFlight, 6, 'up to the lowered level, the two waiting out Retry-After holding no slot');
  assert.equal(api.calls.length, 14);
  retryAfter.open();
  await settle();
  assert.equal(limit.inFlight, 6, 'the retries wait for a slot at the lowered level');
  later.open();
  let done = false;
  const finished = sending.then((report) => {
    done = true;
    return report;
  });
  for (let i = 0; i < 400 && !done; i++) {
    mock.timers.tick(50);
    await settle();
  }
  const report = await finished;
  assert.equal(report.throttled, 2);
  assert.equal(report.requests, 24);
  assert.equal(statuses(report.outcomes).accepted, 24);
});

test('a chunk counts as done only once onSettled has finished', async () => {
  const journal = gate();
  const api = new FakeApi();
  const progress: SendProgress[] = [];
  let done = false;
  const sending = sendChunks(chunksFor(['A'], 1, 3), options(api, { onSettled: () => journal.promise, onProgress: (p) => progress.push(p) }))
    .then((report) => {
      done = true;
      return report;
    });
  await settle();
  assert.equal(api.calls.length, 1);
  assert.deepEqual(progress, [], 'no progress before the journal holds the outcome');
  assert.equal(done, false);
  journal.open();
  const report = await sending;
  assert.equal(report.outcomes.get(0)?.status, 'accepted');
  // concurrency: slow start from 2, plus one for the accepted request.
  assert.deepEqual(progress, [{ rowsTotal: 3, rowsDone: 3, accepted: 3, failed: 0, notSent: 0, requests: 1, throttled: 0, concurrency: 3 }]);
});

test('when an outcome cannot be recorded the run stops, keeping what the service accepted', async () => {
  const api = new FakeApi();
  const report = await sendChunks(
    chunksFor(['A'], 3, 1),
    options(api, {
      perCustomer: 1,
      onSettled: async () => {
        throw new Error('ENOSPC: no space left on device');
      },
    }),
  );
  assert.equal(report.requests, 1);
  assert.equal(report.outcomes.get(0)?.status, 'accepted');
  assert.match(report.stoppedBecause ?? '', /could not be recorded \(ENOSPC/);
  assert.equal(report.outcomes.get(1)?.status, 'not-sent');
});
