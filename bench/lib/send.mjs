// Sections 2 and 3: full runs (`apply`, no dry run) against the simulator in its two throttle models, at
// several --concurrency values: the fraction of the ideal rate reached, 429s per request, rows accepted,
// and requests sent against their minimum. The simulator runs in this process (the package's
// startSimulator), so every request is counted where it arrives. Against the in-flight model a bare
// client (bench/send-floor.mjs) runs too: what the machine's timers and loopback let any client reach.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { guid, sendInput } from './generate.mjs';
import { expectExit, median, timed } from './measure.mjs';
import { CLI, DIST, SEND_FLOOR } from './paths.mjs';
import { withoutCredentials } from './dry-run.mjs';

const TOKEN = 'bench-token';
const LATENCY_MS = 100;
const CUSTOMERS = 50;

/**
 * The two ways a service throttles (SPEC §3). `ideal(requests)` is the shortest a client could take:
 * 8 in flight at 100 ms is 80 requests a second; a 40-a-second bucket lets its burst (one second's worth)
 * through at once, then one request per 25 ms, and the last answer comes a latency later.
 */
export const MODELS = [
  {
    name: 'in-flight',
    title: '8 in flight, 100 ms latency',
    simulator: { maxInFlight: 8, latencyMs: LATENCY_MS },
    /** A bare client that knows the limit: as many at once as the service takes. */
    floorInFlight: 8,
    share: 1,
    ideal: (requests) => requests / 80,
  },
  {
    name: 'rate',
    title: '40 requests/s token bucket (burst 40), 100 ms latency',
    simulator: { rateLimit: 40, latencyMs: LATENCY_MS },
    share: 0.4,
    ideal: (requests) => Math.max(0, requests - 40) / 40 + LATENCY_MS / 1000,
  },
];

function policiesOf(customers) {
  return { customers: Object.fromEntries(Array.from({ length: customers }, (_, c) => [guid(c, 1), { policies: [{ id: guid(c, 2), name: `Profile ${c + 1}` }] }])) };
}

export async function fullRuns(options, dir, say) {
  const { startSimulator } = await import(`${DIST}/index.js`);
  const measured = [];
  for (const model of MODELS) {
    const requests = Math.max(1, Math.round(options.requests * model.share));
    const input = join(dir, `send-${model.name}.csv`);
    const shape = await sendInput(input, { requests, customers: Math.min(CUSTOMERS, requests), chunkSize: 100 });
    const floorSeconds = model.floorInFlight === undefined ? undefined : await floorRun(model, input, shape, options, say);
    for (const concurrency of options.concurrency) {
      const runs = [];
      for (let r = 0; r < options.repeatSlow; r++) {
        // Each customer has the policy the sheet gives it, so the check before sending passes (one GET each).
        // The devices are not listed (--no-verify-devices): this section measures sending; resolving
        // (which lists devices the same way) has its own.
        const sim = await startSimulator({ ...model.simulator, token: TOKEN, data: policiesOf(shape.customers) });
        const out = join(dir, 'send.results.json');
        try {
          const t = expectExit(
            await timed([CLI, 'apply', input, '--quiet', '--json', '--out', out, '--endpoint', sim.url, '--auth', 'token', '--no-verify-devices', '--concurrency', String(concurrency)], {
              env: { ...withoutCredentials(), PARTNER_CENTER_TOKEN: TOKEN },
            }),
            [0, 1],
            'apply',
          );
          const summary = JSON.parse(t.stdout);
          const patches = sim.requests.filter((q) => q.method === 'PATCH');
          const throttled = patches.filter((q) => q.status === 429).length;
          const sendingSeconds = sendingSpan(patches);
          // How long the simulator held an accepted request, receipt to answer: the part of a round trip
          // that is the service's, so a reader can tell it from the client's.
          const holds = patches.filter((q) => q.status === 202 && q.answeredAt !== undefined).map((q) => q.answeredAt - q.receivedAt);
          const holdMs = holds.length === 0 ? LATENCY_MS : holds.reduce((a, b) => a + b, 0) / holds.length;
          runs.push({
            sendingSeconds,
            fraction: model.ideal(summary.requests) / sendingSeconds,
            ofFloor: floorSeconds === undefined ? undefined : floorSeconds / sendingSeconds,
            holdMs,
            attempts: patches.length,
            throttled,
            throttledPerRequest: throttled / Math.max(1, summary.requests),
            requests: summary.requests,
            accepted: summary.byStatus.accepted,
            failed: summary.byStatus.failed + summary.byStatus['not-sent'],
            seconds: t.seconds,
            rss: t.peakRssMiB,
          });
          say(`full run ${model.name} --concurrency ${concurrency} #${r + 1}: ${sendingSeconds.toFixed(2)} s sending (${(runs.at(-1).fraction * 100).toFixed(0)}% of ideal), ${throttled} 429s / ${summary.requests} requests, ${summary.byStatus.accepted}/${shape.devices} accepted`);
        } finally {
          await sim.close();
          rmSync(out, { force: true });
        }
      }
      const m = (key) => median(runs.map((x) => x[key]));
      measured.push({
        model: model.name,
        concurrency,
        devices: shape.devices,
        customers: shape.customers,
        minimum: shape.minimum,
        idealSeconds: model.ideal(shape.minimum),
        sendingSeconds: m('sendingSeconds'),
        fraction: m('fraction'),
        floorSeconds,
        ofFloor: floorSeconds === undefined ? undefined : m('ofFloor'),
        holdMs: m('holdMs'),
        attempts: m('attempts'),
        throttled: m('throttled'),
        throttledPerRequest: m('throttledPerRequest'),
        requests: m('requests'),
        accepted: m('accepted'),
        failed: Math.max(...runs.map((x) => x.failed)),
        seconds: m('seconds'),
        rss: m('rss'),
      });
    }
    if (!options.keep) rmSync(input, { force: true });
  }
  return measured;
}

/** First PATCH received to the last one answered (received + the model's latency), in seconds. */
function sendingSpan(patches) {
  const first = Math.min(...patches.map((q) => q.receivedAt));
  const last = Math.max(...patches.map((q) => q.receivedAt));
  return (last - first + LATENCY_MS) / 1000;
}

/** The bare client's sending time against a fresh simulator of the model (the median of --repeat-slow runs). */
async function floorRun(model, input, shape, options, say) {
  const { startSimulator } = await import(`${DIST}/index.js`);
  const spans = [];
  for (let r = 0; r < options.repeatSlow; r++) {
    const sim = await startSimulator({ ...model.simulator, token: TOKEN, data: policiesOf(shape.customers) });
    try {
      const t = expectExit(await timed([SEND_FLOOR, input, sim.url, TOKEN, String(model.floorInFlight)]), [0], 'send floor');
      const { refused } = JSON.parse(t.stdout);
      if (refused > 0) throw new Error(`the bare client had ${refused} requests refused`);
      spans.push(sendingSpan(sim.requests.filter((q) => q.method === 'PATCH')));
      say(`full run ${model.name}, bare client: ${spans.at(-1).toFixed(2)} s sending`);
    } finally {
      await sim.close();
    }
  }
  return median(spans);
}
