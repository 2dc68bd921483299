// Section 5: what resolving a vendor sheet costs (SPEC §2 Resolution): one customer whose devices sit
// in batches of the simulator, a sheet of serial numbers and a policy name, and a dry run that looks them
// up (reads only). The simulator runs in this process and counts each kind of GET.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { guid } from './generate.mjs';
import { expectExit, median, timed } from './measure.mjs';
import { CLI, DIST } from './paths.mjs';
import { withoutCredentials } from './dry-run.mjs';

const TOKEN = 'bench-token';
const BATCHES = 20;

export async function resolveRuns(options, dir, say) {
  const { startSimulator } = await import(`${DIST}/index.js`);
  const { encodeHardwareHash } = await import(`${DIST}/hardware-hash/encode.js`);
  const devices = options.resolveDevices;
  const customer = guid(0, 1);
  const policy = guid(0, 2);
  const serial = (i) => `SN${String(i).padStart(7, '0')}`;
  // Each device's own hash, as the service holds them (its documented listings show them).
  const hash = (i) => encodeHardwareHash({ serial: serial(i), manufacturer: 'Microsoft Corporation', model: 'Surface Laptop 7' });
  const perBatch = Math.ceil(devices / BATCHES);
  const data = {
    customers: {
      [customer]: {
        policies: [{ id: policy, name: 'Sales Laptops' }, { id: guid(1, 2), name: 'Kiosk' }],
        batches: Object.fromEntries(
          Array.from({ length: BATCHES }, (_, b) => [
            `Shipment ${b + 1}/2026`,
            Array.from({ length: Math.max(0, Math.min(perBatch, devices - b * perBatch)) }, (_, k) => {
              const i = b * perBatch + k;
              return { id: `dev-${i}`, serialNumber: serial(i), hardwareHash: hash(i), policies: [] };
            }),
          ]),
        ),
      },
    },
  };
  const input = join(dir, 'vendor.csv');
  writeFileSync(input, `Customer ID,Serial Number,Profile Name\n${Array.from({ length: devices }, (_, i) => `${customer},${serial(i)},sales laptops`).join('\n')}\n`);
  const runs = [];
  for (let r = 0; r < options.repeatSlow; r++) {
    const sim = await startSimulator({ token: TOKEN, latencyMs: 100, maxInFlight: 8, data });
    try {
      const t = expectExit(
        await timed([CLI, 'apply', input, '--dry-run', '--quiet', '--json', '--out', join(dir, 'resolve.results.json'), '--endpoint', sim.url, '--auth', 'token'], {
          env: { ...withoutCredentials(), PARTNER_CENTER_TOKEN: TOKEN },
        }),
        [0],
        'apply --dry-run (resolving)',
      );
      const summary = JSON.parse(t.stdout);
      const gets = sim.requests.filter((q) => q.method === 'GET');
      const first = Math.min(...gets.map((q) => q.receivedAt));
      const last = Math.max(...gets.map((q) => q.receivedAt));
      runs.push({
        planned: summary.byStatus.planned,
        policyRequests: gets.filter((q) => /\/policies(\?|$)/.test(q.path)).length,
        batchRequests: gets.filter((q) => /\/deviceBatches(\?|$)/.test(q.path)).length,
        pageRequests: gets.filter((q) => /\/devices(\?|$)/.test(q.path)).length,
        lookupSeconds: (last - first + 100) / 1000,
        seconds: t.seconds,
        rss: t.peakRssMiB,
      });
      say(`resolve #${r + 1}: ${gets.length} GETs in ${runs.at(-1).lookupSeconds.toFixed(2)} s, ${summary.byStatus.planned}/${devices} planned`);
    } finally {
      await sim.close();
    }
  }
  const m = (key) => median(runs.map((x) => x[key]));
  return { devices, batches: BATCHES, planned: m('planned'), policyRequests: m('policyRequests'), batchRequests: m('batchRequests'), pageRequests: m('pageRequests'), lookupSeconds: m('lookupSeconds'), seconds: m('seconds'), rss: m('rss') };
}
