// Sections 2 and 3: full runs (`apply`, no dry run) against the simulator in its two throttle models, at
// several --concurrency values, each beside the least client (bench/send-floor.mjs: the same requests,
// the limit known in advance, nothing else) measured in the same repetition: the whole run against the
// least client's, the time from reading the input to the first PATCH, 429s per request, rows accepted,
// and requests sent against their minimum. The simulator runs in this process (the package's
// startSimulator), so every request is timed and counted where it arrives, on the clock that also
// times the child processes.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { guid, sendSheet } from './generate.mjs';
import { expectExit, median, timed } from './measure.mjs';
import { CLI, DIST, SEND_FLOOR } from './paths.mjs';
import { withoutCredentials } from './dry-run.mjs';

const TOKEN = 'bench-token';
const LATENCY_MS = 100;
/** What apply prints once the input is read (even with --quiet): the moment "after the input is read". */
const READ_LINE = 'LIVE run:';
/** Devices per batch when the simulator lists the customers' devices (device-ID verification). */
export const BATCH_SIZE = 200;

/**
 * The two ways a service throttles (SPEC §3). `ideal(requests)` is the shortest any client could take
 * for that many requests (policy lists and PATCHes alike): 8 in flight at 100 ms is 80 a second; a
 * 40-a-second bucket lets its burst (one second's worth) through at once, then one request per 25 ms,
 * and the last answer comes a latency later. Reads count against the bucket, not against the in-flight limit.
 */
export const MODELS = [
  {
    name: 'in-flight',
    title: '8 in flight, 100 ms latency',
    simulator: { maxInFlight: 8, latencyMs: LATENCY_MS },
    floor: ['--in-flight', '8'],
    floorTitle: '8 requests at a time',
    share: 1,
    ideal: (requests) => requests / 80,
  },
  {
    name: 'rate',
    title: '40 requests/s token bucket (burst 40), 100 ms latency',
    simulator: { rateLimit: 40, latencyMs: LATENCY_MS },
    floor: ['--rate', '40', '--burst', '40', '--latency', String(LATENCY_MS)],
    floorTitle: 'the burst of 40 at once, then one every 25 ms',
    share: 0.4,
    ideal: (requests) => Math.max(0, requests - 40) / 40 + LATENCY_MS / 1000,
  },
];

/** The simulator's data: each customer has the policy the sheet gives it; with `devices`, its devices too. */
function dataOf(sheet, withDevices) {
  return {
    customers: Object.fromEntries(
      sheet.customers.map((c) => [
        c.id,
        {
          policies: [{ id: c.policy, name: 'Sales Laptops' }],
          ...(withDevices ? { batches: batchesOf(c.devices) } : {}),
        },
      ]),
    ),
  };
}

function batchesOf(devices) {
  const batches = {};
  for (let i = 0; i < devices.length; i += BATCH_SIZE) {
    batches[`Shipment ${i / BATCH_SIZE + 1}`] = devices.slice(i, i + BATCH_SIZE).map((id) => ({ id, serialNumber: `SN-${id}`, policies: [] }));
  }
  return batches;
}

export async function fullRuns(options, dir, say) {
  const { startSimulator } = await import(`${DIST}/index.js`);
  const sheets = [];
  for (const model of MODELS) {
    const rows = Math.max(options.sendCustomers, Math.round(options.sendRows * model.share));
    const input = join(dir, `send-${model.name}.csv`);
    const sheet = await sendSheet(input, { rows, customers: options.sendCustomers, chunkSize: options.chunkSize });
    // The run as the issue describes it (policy lists only), at every --concurrency; and, against the
    // in-flight model, with every customer's devices listed first (device-ID verification, the default).
    const configs = options.concurrency.map((concurrency) => ({ concurrency, verify: false }));
    if (model.name === 'in-flight') for (const concurrency of options.verifyConcurrency) configs.push({ concurrency, verify: true });
    sheets.push({ model, input, sheet, configs: configs.map((c) => ({ ...c, runs: [] })), floors: [] });
  }
  const env = { ...withoutCredentials(), PARTNER_CENTER_TOKEN: TOKEN };
  // Repetitions outermost: whatever loads the machine meanwhile weighs on every configuration alike, and
  // each run is set against the least client's run of its own repetition.
  for (let r = 0; r < options.sendRepeat; r++) {
    for (const { model, input, sheet, configs, floors } of sheets) {
      const floor = await floorRun(startSimulator, model, input, sheet, options.chunkSize);
      floors.push(floor);
      say(`full run ${model.name} #${r + 1}, least client: ${floor.seconds.toFixed(2)} s`);
      for (const config of configs) {
        const sim = await startSimulator({ ...model.simulator, token: TOKEN, data: dataOf(sheet, config.verify) });
        const out = join(dir, 'send.results.json');
        const args = [CLI, 'apply', input, '--quiet', '--json', '--out', out, '--endpoint', sim.url, '--auth', 'token'];
        args.push('--concurrency', String(config.concurrency), '--chunk-size', String(options.chunkSize));
        if (!config.verify) args.push('--no-verify-devices');
        try {
          const t = expectExit(await timed(args, { env, watch: READ_LINE }), [0, 1], 'apply');
          const summary = JSON.parse(t.stdout);
          const run = timeline(sim.requests, t, summary, floor);
          config.runs.push(run);
          say(
            `full run ${model.name} --concurrency ${config.concurrency}${config.verify ? ' (devices listed)' : ''} #${r + 1}: ${t.seconds.toFixed(2)} s ` +
              `(${run.ofFloor.toFixed(2)} of the least client), first PATCH ${(run.toFirstPatch * 1000).toFixed(0)} ms after reading, ` +
              `${run.throttled} 429s / ${summary.requests} requests, ${summary.byStatus.accepted}/${sheet.rows} accepted`,
          );
        } finally {
          await sim.close();
          rmSync(out, { force: true });
          rmSync(`${out}.journal`, { force: true });
        }
      }
    }
  }
  if (!options.keep) for (const { input } of sheets) rmSync(input, { force: true });
  return sheets.flatMap(({ model, sheet, configs, floors }) => configs.map((config) => summarise(model, sheet, config, floors)));
}

/** One run's figures, in seconds, from the simulator's log and the child's own times. */
function timeline(requests, t, summary, floor) {
  const patches = requests.filter((q) => q.method === 'PATCH');
  const gets = requests.filter((q) => q.method === 'GET');
  const first = (list) => Math.min(...list.map((q) => q.receivedAt));
  const firstPatch = first(patches);
  const lastAnswer = Math.max(...requests.map((q) => q.answeredAt ?? q.receivedAt));
  const throttled = requests.filter((q) => q.status === 429).length;
  // PATCHes accepted in each of the first two seconds of sending: how fast the start finds the ceiling.
  const acceptedWithin = (from, to) => patches.filter((q) => q.status === 202 && q.receivedAt >= firstPatch + from && q.receivedAt < firstPatch + to).length;
  return {
    seconds: t.seconds,
    ofFloor: floor.seconds / t.seconds,
    floorSeconds: floor.seconds,
    toFirstRequest: (first(requests) - t.startedAt) / 1000,
    readSeconds: t.seenAt === undefined ? Number.NaN : (t.seenAt - t.startedAt) / 1000,
    toFirstPatch: t.seenAt === undefined ? Number.NaN : (firstPatch - t.seenAt) / 1000,
    sendingSeconds: (lastAnswer - firstPatch) / 1000,
    afterLastAnswer: (t.endedAt - lastAnswer) / 1000,
    firstSecond: acceptedWithin(0, 1000),
    secondSecond: acceptedWithin(1000, 2000),
    lookups: gets.length,
    throttled,
    throttledPerRequest: throttled / Math.max(1, summary.requests + gets.length),
    requests: summary.requests,
    accepted: summary.byStatus.accepted,
    failed: summary.byStatus.failed + summary.byStatus['not-sent'] + summary.byStatus.invalid,
    rss: t.peakRssMiB,
  };
}

function summarise(model, sheet, config, floors) {
  const { runs } = config;
  const m = (key) => median(runs.map((x) => x[key]));
  const most = (key) => Math.max(...runs.map((x) => x[key]));
  const least = (key) => Math.min(...runs.map((x) => x[key]));
  return {
    model: model.name,
    concurrency: config.concurrency,
    verify: config.verify,
    runs: runs.length,
    rows: sheet.rows,
    customers: sheet.customers.length,
    minimum: sheet.minimum,
    idealSeconds: model.ideal(sheet.minimum + sheet.customers.length),
    floorSeconds: median(floors.map((f) => f.seconds)),
    seconds: m('seconds'),
    slowestSeconds: most('seconds'),
    ofFloor: m('ofFloor'),
    slowestOfFloor: least('ofFloor'),
    toFirstRequest: m('toFirstRequest'),
    readSeconds: m('readSeconds'),
    toFirstPatch: m('toFirstPatch'),
    slowestToFirstPatch: most('toFirstPatch'),
    sendingSeconds: m('sendingSeconds'),
    afterLastAnswer: m('afterLastAnswer'),
    firstSecond: m('firstSecond'),
    secondSecond: m('secondSecond'),
    lookups: m('lookups'),
    throttled: m('throttled'),
    throttledPerRequest: m('throttledPerRequest'),
    mostThrottledPerRequest: most('throttledPerRequest'),
    requests: m('requests'),
    mostRequests: most('requests'),
    leastRequests: least('requests'),
    accepted: m('accepted'),
    failed: most('failed'),
    rss: m('rss'),
  };
}

/** The least client against a fresh simulator of the model: its whole process, as apply's is timed. */
async function floorRun(startSimulator, model, input, sheet, chunkSize) {
  const sim = await startSimulator({ ...model.simulator, token: TOKEN, data: dataOf(sheet, false) });
  try {
    const t = expectExit(await timed([SEND_FLOOR, input, sim.url, TOKEN, String(chunkSize), ...model.floor]), [0], 'least client');
    const { refused } = JSON.parse(t.stdout);
    if (refused > 0) throw new Error(`the least client had ${refused} requests refused`);
    return { seconds: t.seconds };
  } finally {
    await sim.close();
  }
}
