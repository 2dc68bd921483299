import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidBatchJobUriError } from '../../src/partner-center/batch-job-uri.js';
import { PartnerCenterError } from '../../src/partner-center/errors.js';
import { DEFAULT_WAIT_TIMEOUT_MS, FIRST_DELAY_MS, MAX_DELAY_MS } from '../../src/track/backoff.js';
import { DEFAULT_TRACK_CONCURRENCY, trackJobs, trackSettings, type TrackProgress } from '../../src/track/tracker.js';
import { busy, fakeApi, fakeClock, httpError, job, ok, other } from './fake-api.js';

const J1 = 'https://pc.test/v1/customers/c1/batchJobStatus/j1';
const J2 = 'https://pc.test/v1/customers/c1/batchJobStatus/j2';

test('a job that finishes on the third round takes three GETs and two backoffs', async () => {
  const api = fakeApi({ [J1]: [job('queued', [busy('a')]), job('processing', [busy('a')]), job('finished', [ok('a')])] });
  const clock = fakeClock();
  const progress: TrackProgress[] = [];
  const report = await trackJobs([{ batchJobUri: J1, rows: [{ index: 0, device: 'a' }] }], {
    api, wait: true, ...clock, onProgress: (p) => progress.push(p),
  });
  assert.equal(report.requests, 3);
  assert.equal(api.calls.length, 3);
  assert.deepEqual(clock.sleeps, [3000, 4500]);
  assert.equal(report.timedOut, false);
  assert.equal(report.jobsDone, 1);
  assert.deepEqual(report.devices, { succeeded: 1, failed: 0, pending: 0 });
  assert.deepEqual(report.results.get(0), { jobStatus: 'finished', deviceStatus: 'succeeded', checkedAt: new Date(clock.now()).toISOString() });
  assert.deepEqual(progress.map((p) => [p.round, p.jobsDone, p.succeeded, p.pending]), [[1, 0, 0, 1], [2, 0, 0, 1], [3, 1, 1, 0]]);
});

test('each distinct job is asked once per round, however many rows share it', async () => {
  const rows = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ index: from + i, device: `d${from + i}` }));
  const done = (uri: string, from: number, n: number) => ({ [uri]: [job('processing', []), job('finished', rows(from, n).map((r) => ok(r.device)))] });
  const api = fakeApi({ ...done(J1, 0, 50), ...done(J2, 50, 50) });
  const clock = fakeClock();
  // The caller may hand in the rows of one job split over several entries.
  const report = await trackJobs(
    [{ batchJobUri: J1, rows: rows(0, 25) }, { batchJobUri: J2, rows: rows(50, 50) }, { batchJobUri: J1, rows: rows(25, 25) }],
    { api, wait: true, ...clock },
  );
  assert.deepEqual(api.calls.sort(), [J1, J1, J2, J2]);
  assert.equal(report.jobsTotal, 2);
  assert.equal(report.devices.succeeded, 100);
});

test('many jobs sent together: while the few asked show none finished, the rest wait; once one has, all are asked', async () => {
  const clock = fakeClock();
  const doneAt = clock.now() + 40_000;
  const uris = Array.from({ length: 200 }, (_, i) => `https://pc.test/v1/customers/c1/batchJobStatus/j${i}`);
  const device = (uri: string): string => `d${uri.slice(uri.lastIndexOf('/j') + 2)}`;
  const answer = (uri: string) => (clock.now() >= doneAt ? job('finished', [ok(device(uri))]) : job('processing', [busy(device(uri))]));
  const api = fakeApi(Object.fromEntries(uris.map((uri) => [uri, [answer]])));
  const asked: number[] = [];
  const report = await trackJobs(uris.map((uri) => ({ batchJobUri: uri, rows: [{ index: Number(device(uri).slice(1)), device: device(uri) }] })), {
    api, wait: true, ...clock, onProgress: () => asked.push(api.calls.length - asked.reduce((a, b) => a + b, 0)),
  });
  // Rounds at 0, 3, 7.5, 14.3, 24.4 and 39.6 s find them running, the one at 62.3 s finished: every job in
  // the first round, 5% of them (10) in each of the next five, then 10 that show the change and the other 190.
  assert.deepEqual(asked, [200, 10, 10, 10, 10, 10, 200]);
  assert.equal(new Set(api.calls.slice(200, 250)).size, 50, 'the few asked move along: no job is asked twice while waiting');
  assert.equal(report.devices.succeeded, 200);
  assert.ok(report.requests / uris.length <= 3, `${report.requests} requests for ${uris.length} jobs`);
});

test('without wait, one round only, and unfinished devices stay pending', async () => {
  const api = fakeApi({ [J1]: [job('processing', [busy('a'), ok('b')])] });
  const clock = fakeClock();
  const report = await trackJobs([{ batchJobUri: J1, rows: [{ index: 0, device: 'a' }, { index: 1, device: 'b' }] }], { api, ...clock });
  assert.equal(report.requests, 1);
  assert.deepEqual(clock.sleeps, []);
  assert.equal(report.timedOut, false);
  assert.deepEqual(report.devices, { succeeded: 1, failed: 0, pending: 1 });
});

test('a timeout leaves devices pending, and the last round falls on the deadline, not a backoff past it', async () => {
  const api = fakeApi({ [J1]: [job('processing', [busy('a')])] });
  const clock = fakeClock();
  const start = clock.now();
  const report = await trackJobs([{ batchJobUri: J1, rows: [{ index: 0, device: 'a' }] }], { api, wait: true, waitTimeoutMs: 10_000, ...clock });
  assert.equal(report.timedOut, true);
  assert.deepEqual(clock.sleeps, [3000, 4500, 2500]);
  assert.equal(clock.now() - start, 10_000);
  assert.equal(report.requests, 4);
  assert.deepEqual(report.results.get(0), { jobStatus: 'processing', deviceStatus: 'pending', checkedAt: new Date(start + 10_000).toISOString() });
});

test('a 429 that outlived the client’s retries: the job waits at least 30 s (or the 429’s "try again"), then succeeds', async () => {
  const throttled = new PartnerCenterError({
    kind: 'http', message: 'HTTP 429', method: 'GET', url: J1, status: 429,
    description: 'Rate limit is exceeded. Try again in 57 seconds.',
  });
  const api = fakeApi({ [J1]: [throttled, job('finished', [other('a')])], [J2]: [httpError(429, 'Rate limit is exceeded.'), job('finished', [ok('b')])] });
  const clock = fakeClock();
  const seen: Array<string | undefined> = [];
  const report = await trackJobs(
    [{ batchJobUri: J1, rows: [{ index: 0, device: 'a' }] }, { batchJobUri: J2, rows: [{ index: 1, device: 'b' }] }],
    { api, wait: true, ...clock, onProgress: (p) => seen.push(`${p.round}:${p.pending}`) },
  );
  assert.deepEqual(clock.sleeps, [57_000]);
  assert.deepEqual(seen, ['1:2', '2:0']);
  assert.equal(report.requests, 4);
  assert.equal(report.results.get(0)?.deviceStatus, 'failed');
  assert.equal(report.results.get(1)?.deviceStatus, 'succeeded');
});

test('a 429 alone, with no hint, holds the next round off for 30 s', async () => {
  const api = fakeApi({ [J1]: [httpError(429, 'Rate limit is exceeded.'), job('finished', [ok('a')])] });
  const clock = fakeClock();
  const report = await trackJobs([{ batchJobUri: J1, rows: [{ index: 0, device: 'a' }] }], { api, wait: true, ...clock });
  assert.deepEqual(clock.sleeps, [30_000]);
  assert.equal(report.devices.succeeded, 1);
});

test('the backoff grows from 3 s by half each round and stays within 3 s … 30 s', async () => {
  const api = fakeApi({ [J1]: [job('processing', [busy('a')])] });
  const clock = fakeClock();
  const report = await trackJobs([{ batchJobUri: J1, rows: [{ index: 0, device: 'a' }] }], { api, wait: true, waitTimeoutMs: 600_000, ...clock });
  const waits = clock.sleeps.slice(0, -1); // the last is cut short by the deadline
  assert.equal(waits[0], FIRST_DELAY_MS);
  assert.deepEqual(waits.slice(0, 4), [3000, 4500, 6750, 10125]);
  for (const [i, ms] of waits.entries()) {
    assert.ok(ms >= FIRST_DELAY_MS && ms <= MAX_DELAY_MS, `wait ${i} = ${ms}`);
    if (i > 0) assert.ok(ms >= (waits[i - 1] ?? 0));
  }
  assert.equal(waits.at(-1), MAX_DELAY_MS);
  // Economical: ten minutes of an unfinished job cost about 25 requests, not 600.
  assert.ok(report.requests < 30, `${report.requests} requests`);
});

test('other errors mark the rows "error" and pending, and are retried; three 404s in a row give the job up', async () => {
  const network = new PartnerCenterError({ kind: 'network', message: 'socket hang up', method: 'GET', url: J2 });
  const api = fakeApi({
    [J1]: [httpError(404, 'Batch job not found', 'NotFound')],
    [J2]: [network, job('finished', [ok('b')])],
  });
  const clock = fakeClock();
  const rounds: Array<Map<number, unknown>> = [];
  const report = await trackJobs(
    [{ batchJobUri: J1, rows: [{ index: 0, device: 'a' }] }, { batchJobUri: J2, rows: [{ index: 1, device: 'b' }] }],
    { api, wait: true, ...clock, onProgress: () => rounds.push(new Map()) },
  );
  assert.equal(report.rounds, 3);
  assert.deepEqual(api.calls.filter((c) => c === J1).length, 3);
  assert.deepEqual(api.calls.filter((c) => c === J2).length, 2);
  const gaveUp = report.results.get(0);
  assert.equal(gaveUp?.jobStatus, 'error');
  assert.equal(gaveUp?.deviceStatus, 'failed');
  assert.match(gaveUp?.deviceError ?? '', /not found \(HTTP 404 NotFound: Batch job not found\) 3 times in a row/);
  assert.equal(report.results.get(1)?.deviceStatus, 'succeeded');
  assert.equal(report.jobsDone, 2);
  assert.equal(report.timedOut, false);
});

test('a job whose URI is no URI is given up at once: its rows fail, it is not asked again, the others go on', async () => {
  const bad = 'http://127.0.0.1:1/v1/customers/%ZZ/batchJobStatus/x';
  const api = fakeApi({ [bad]: [new InvalidBatchJobUriError(bad, new URIError('URI malformed'))], [J1]: [job('processing', [busy('a')]), job('finished', [ok('a')])] });
  const clock = fakeClock();
  const report = await trackJobs(
    [{ batchJobUri: bad, rows: [{ index: 0, device: 'x' }, { index: 1, device: 'y' }] }, { batchJobUri: J1, rows: [{ index: 2, device: 'a' }] }],
    { api, wait: true, ...clock },
  );
  assert.equal(api.calls.filter((c) => c === bad).length, 1);
  assert.equal(report.rounds, 2);
  for (const index of [0, 1]) {
    assert.deepEqual(report.results.get(index), {
      jobStatus: 'error', deviceStatus: 'failed', deviceError: `not a valid batch job URI: ${bad}`, checkedAt: new Date(Date.UTC(2025, 0, 1)).toISOString(),
    });
  }
  assert.equal(report.results.get(2)?.deviceStatus, 'succeeded');
  assert.deepEqual(report.devices, { succeeded: 1, failed: 2, pending: 0 });
  assert.equal(report.jobsDone, 2);
});

test('one round with a network error: the rows say why they are still pending', async () => {
  const api = fakeApi({ [J1]: [new PartnerCenterError({ kind: 'network', message: 'ECONNRESET', method: 'GET', url: J1 })] });
  const report = await trackJobs([{ batchJobUri: J1, rows: [{ index: 0, device: 'a' }] }], { api, ...fakeClock() });
  assert.deepEqual(report.results.get(0)?.deviceStatus, 'pending');
  assert.equal(report.results.get(0)?.jobStatus, 'error');
  assert.equal(report.results.get(0)?.deviceError, 'could not read the batch job: network: ECONNRESET');
});

test('a sign-in failure stops tracking at once: it would fail every job every round', async () => {
  const api = fakeApi({ [J1]: [new PartnerCenterError({ kind: 'auth', message: 'no token', method: 'GET', url: J1 })] });
  await assert.rejects(trackJobs([{ batchJobUri: J1, rows: [{ index: 0, device: 'a' }] }], { api, wait: true, ...fakeClock() }), /no token/);
});

test('Ctrl-C between rounds returns what is known', async () => {
  const api = fakeApi({ [J1]: [job('processing', [busy('a')])] });
  const clock = fakeClock();
  const ctrlC = new AbortController();
  const report = await trackJobs([{ batchJobUri: J1, rows: [{ index: 0, device: 'a' }] }], {
    api, wait: true, ...clock, signal: ctrlC.signal, onProgress: (p) => p.round === 2 && ctrlC.abort(),
  });
  assert.equal(report.rounds, 2);
  assert.equal(report.interrupted, true);
  assert.equal(report.timedOut, false);
  assert.equal(report.results.get(0)?.jobStatus, 'processing');
});

test('no more than `concurrency` jobs are asked at once', async () => {
  let inFlight = 0;
  let most = 0;
  const uris = Array.from({ length: 10 }, (_, i) => `${J1}-${i}`);
  const api = {
    async getBatchJobStatus() {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
      return job('finished', [ok('a')]);
    },
  };
  await trackJobs(uris.map((u, i) => ({ batchJobUri: u, rows: [{ index: i, device: 'a' }] })), { api, concurrency: 3, ...fakeClock() });
  assert.equal(most, 3);
});

test('waitTimeoutMs 0 means one round and no waiting (not the 30-minute default)', async () => {
  const api = fakeApi({ [J1]: [job('processing', [busy('a')])] });
  const clock = fakeClock();
  const report = await trackJobs([{ batchJobUri: J1, rows: [{ index: 0, device: 'a' }] }], { api, wait: true, waitTimeoutMs: 0, ...clock });
  assert.equal(report.rounds, 1);
  assert.deepEqual(clock.sleeps, []);
  assert.equal(report.timedOut, true);
});

test('options are settled once: defaults for what is absent, a value out of range refused rather than replaced', () => {
  const api = fakeApi({});
  const settings = trackSettings({ api });
  assert.equal(settings.wait, false);
  assert.equal(settings.waitTimeoutMs, DEFAULT_WAIT_TIMEOUT_MS);
  assert.equal(settings.concurrency, DEFAULT_TRACK_CONCURRENCY);
  assert.equal(trackSettings({ api, waitTimeoutMs: 0 }).waitTimeoutMs, 0);
  assert.throws(() => trackSettings({ api, waitTimeoutMs: -1 }), /waitTimeoutMs .* got -1/);
  assert.throws(() => trackSettings({ api, concurrency: 0 }), /concurrency .* got 0/);
});

test('a 429 carrying Retry-After (retryAfterMs) is honoured as given, within 30 s … 120 s', async () => {
  const throttled = (retryAfterMs: number) =>
    new PartnerCenterError({ kind: 'http', message: 'HTTP 429', method: 'GET', url: J1, status: 429, description: 'Rate limit is exceeded.', retryAfterMs });
  for (const [given, waited] of [[45_000, 45_000], [5_000, 30_000], [600_000, 120_000]]) {
    const api = fakeApi({ [J1]: [throttled(given ?? 0), job('finished', [ok('a')])] });
    const clock = fakeClock();
    await trackJobs([{ batchJobUri: J1, rows: [{ index: 0, device: 'a' }] }], { api, wait: true, ...clock });
    assert.deepEqual(clock.sleeps, [waited], `Retry-After ${given} ms`);
  }
});

test('Ctrl-C during a round lets its requests finish (requestSignal is separate) and then stops', async () => {
  const stop = new AbortController();
  const seen: Array<AbortSignal | undefined> = [];
  const api = {
    async getBatchJobStatus(_uri: string, options?: { signal?: AbortSignal }) {
      seen.push(options?.signal);
      stop.abort();
      if (options?.signal?.aborted) throw new PartnerCenterError({ kind: 'aborted', message: 'aborted', method: 'GET', url: J1 });
      return job('processing', [ok('a')]);
    },
  };
  const requests = new AbortController();
  const report = await trackJobs([{ batchJobUri: J1, rows: [{ index: 0, device: 'a' }] }], {
    api, wait: true, ...fakeClock(), signal: stop.signal, requestSignal: requests.signal,
  });
  // The request listens to `requestSignal` (and the deadline), not to the Ctrl-C signal itself.
  assert.equal(seen.length, 1);
  assert.equal(seen[0]?.aborted, false, 'Ctrl-C alone abandons nothing in flight');
  requests.abort();
  assert.equal(seen[0]?.aborted, true, 'requestSignal abandons it');
  assert.equal(report.interrupted, true);
  assert.equal(report.rounds, 1);
  assert.equal(report.results.get(0)?.deviceStatus, 'succeeded', 'the answer of the round in flight is kept');
});

test('--wait-timeout holds while a poll never ends (a client still retrying 500s): it is abandoned just after the deadline', async () => {
  // The client's retries of a job answering 500 can outlast the deadline by minutes: here a poll that
  // ends only when its signal is aborted.
  let abandoned = 0;
  const api = {
    getBatchJobStatus: (uri: string, options?: { signal?: AbortSignal }) =>
      new Promise<never>((_, reject) => {
        options?.signal?.addEventListener('abort', () => {
          abandoned++;
          reject(new PartnerCenterError({ kind: 'aborted', message: 'aborted', method: 'GET', url: uri }));
        });
      }),
  };
  const report = await trackJobs([{ batchJobUri: J1, rows: [{ index: 0, device: 'a' }] }], { api, wait: true, waitTimeoutMs: 200 });
  assert.equal(abandoned, 1, 'the poll was abandoned, not waited for');
  assert.equal(report.timedOut, true);
  assert.equal(report.interrupted, false);
  assert.deepEqual(report.devices, { succeeded: 0, failed: 0, pending: 1 });
});
