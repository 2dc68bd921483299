#!/usr/bin/env node
// The project's benchmark: the figures the issues ask for, measured the same way every time.
//   node scripts/bench.mjs dry-run [rows=300000]   peak RSS and time of a dry run on a generated CSV
//        (also at a tenth of the rows, to show how memory grows with the sheet)
//   node scripts/bench.mjs send [devices=20000] [customers=20] [concurrency=32]
//        a real run against `device-policy simulator --max-in-flight 8 --latency 100`
//   node scripts/bench.mjs resolve [devices=10000] [batches=20]
//        what resolving a vendor sheet of serial numbers costs one customer: a dry run (reads only) against
//        the same simulator, the customer's devices in `batches` batches (pages of 100)
// Needs `npm run build` first. Prints one JSON line per measurement (paste into BENCHMARKS.md).
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
if (!existsSync(CLI)) {
  console.error('build first: npm run build');
  process.exit(2);
}

function guid(n, salt) {
  const h = (n * 2654435761 + salt * 97) >>> 0;
  const hex = h.toString(16).padStart(8, '0');
  const tail = n.toString(16).padStart(12, '0');
  return `${hex}-${(salt & 0xffff).toString(16).padStart(4, '0')}-4${hex.slice(0, 3)}-8${hex.slice(3, 6)}-${tail}`;
}

async function writeCsv(path, rows, customers) {
  const out = createWriteStream(path);
  out.write('Customer ID,Device ID,Policy ID,Serial Number,Model\n');
  const policies = Array.from({ length: customers }, (_, c) => guid(c + 1, 7));
  for (let i = 0; i < rows; i++) {
    const c = i % customers;
    const line = `${guid(c + 1, 3)},DEV-${String(i).padStart(9, '0')},${policies[c]},SN${i},Surface Laptop 6\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

function timed(args, extraEnv = {}) {
  const r = spawnSync('/usr/bin/time', ['-v', process.execPath, CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...extraEnv },
    maxBuffer: 64 * 1024 * 1024,
  });
  const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] ?? NaN);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (.+)/.exec(r.stderr)?.[1];
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, peakRssMiB: Math.round(rss / 1024), wall };
}

async function dryRun(largest = 300_000) {
  for (const rows of [Math.round(largest / 10), largest]) await dryRunOnce(rows);
}

async function dryRunOnce(rows) {
  const dir = mkdtempSync(join(tmpdir(), 'dp-bench-'));
  try {
    const input = join(dir, 'devices.csv');
    await writeCsv(input, rows, 20);
    for (const ext of ['csv', 'xlsx']) {
      const out = join(dir, `devices.results.${ext}`);
      const r = timed(['apply', input, '--dry-run', '--quiet', '--json', '--out', out]);
      const summary = JSON.parse(r.stdout);
      console.log(JSON.stringify({ bench: 'dry-run', rows, input: 'csv', out: ext, exit: r.status, planned: summary.byStatus.planned, requests: summary.requests, wall: r.wall, peakRssMiB: r.peakRssMiB }));
    }
    // The XLSX just written, read back as the input (a results workbook fed back): the streaming XLSX reader.
    const again = timed(['apply', join(dir, 'devices.results.xlsx'), '--dry-run', '--quiet', '--json', '--out', join(dir, 'again.results.csv')]);
    const s2 = JSON.parse(again.stdout);
    console.log(JSON.stringify({ bench: 'dry-run', rows, input: 'xlsx', out: 'csv', exit: again.status, planned: s2.byStatus.planned, requests: s2.requests, wall: again.wall, peakRssMiB: again.peakRssMiB }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `device-policy simulator` with this data, as a user starts it; resolves to its URL and the process. */
async function startSimulatorProcess(dir, data) {
  const file = join(dir, 'simulator-data.json');
  writeFileSync(file, JSON.stringify(data));
  const sim = spawn(process.execPath, [CLI, 'simulator', '--max-in-flight', '8', '--latency', '100', '--token', 'bench-token', '--data', file], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const [chunk] = await once(sim.stdout, 'data');
  return { sim, url: String(chunk).trim().split('\n')[0] };
}

async function send(devices = 20_000, customers = 20, concurrency = 32) {
  const dir = mkdtempSync(join(tmpdir(), 'dp-bench-'));
  // Each customer has the policy the sheet gives it, so the check before sending passes (one GET each).
  const data = { customers: Object.fromEntries(Array.from({ length: customers }, (_, c) => [guid(c + 1, 3), { policies: [{ id: guid(c + 1, 7), name: `Profile ${c + 1}` }] }])) };
  const { sim, url } = await startSimulatorProcess(dir, data);
  try {
    const input = join(dir, 'devices.csv');
    await writeCsv(input, devices, customers);
    const out = join(dir, 'devices.results.json');
    const log = join(dir, 'http.ndjson');
    const started = Date.now();
    const r = timed(['apply', input, '--quiet', '--json', '--out', out, '--log', log, '--endpoint', url, '--auth', 'token', '--concurrency', String(concurrency)], {
      PARTNER_CENTER_TOKEN: 'bench-token',
    });
    const seconds = (Date.now() - started) / 1000;
    const summary = JSON.parse(r.stdout);
    const ideal = summary.requests / 80;
    // The sending phase alone, from the log: first attempt's start to last attempt's end.
    const exchanges = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((e) => e.method === 'PATCH');
    const ends = exchanges.map((e) => Date.parse(e.time) + e.durationMs);
    const starts = exchanges.map((e) => Date.parse(e.time));
    const sendingSeconds = (Math.max(...ends) - Math.min(...starts)) / 1000;
    console.log(
      JSON.stringify({
        bench: 'send',
        devices,
        customers,
        concurrency,
        exit: r.status,
        accepted: summary.byStatus.accepted,
        requests: summary.requests,
        lookups: summary.lookups,
        throttled: summary.throttled,
        retries: summary.retries,
        seconds: Number(seconds.toFixed(2)),
        sendingSeconds: Number(sendingSeconds.toFixed(2)),
        attempts: exchanges.length,
        idealSeconds: Number(ideal.toFixed(2)),
        requestsPerSecond: Number((summary.requests / seconds).toFixed(1)),
        peakRssMiB: r.peakRssMiB,
      }),
    );
  } finally {
    sim.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

async function resolve(devices = 10_000, batches = 20) {
  const dir = mkdtempSync(join(tmpdir(), 'dp-bench-'));
  const customer = guid(1, 3);
  const policy = guid(1, 7);
  const hash = (i) => `T0FnAgEAHAAAAAoA${String(i).padStart(8, '0')}${'Q'.repeat(3976)}==`;
  const perBatch = Math.ceil(devices / batches);
  const data = {
    customers: {
      [customer]: {
        policies: [{ id: policy, name: 'Sales Laptops' }, { id: guid(2, 7), name: 'Kiosk' }],
        batches: Object.fromEntries(
          Array.from({ length: batches }, (_, b) => [
            `Shipment ${b + 1}/2026`,
            Array.from({ length: Math.min(perBatch, devices - b * perBatch) }, (_, k) => {
              const i = b * perBatch + k;
              return { id: `dev-${i}`, serialNumber: `SN${String(i).padStart(7, '0')}`, hardwareHash: hash(i), policies: [] };
            }),
          ]),
        ),
      },
    },
  };
  const { sim, url } = await startSimulatorProcess(dir, data);
  try {
    const input = join(dir, 'vendor.csv');
    const lines = Array.from({ length: devices }, (_, i) => `${customer},SN${String(i).padStart(7, '0')},sales laptops`);
    writeFileSync(input, `Customer ID,Serial Number,Profile Name\n${lines.join('\n')}\n`);
    const log = join(dir, 'http.ndjson');
    const started = Date.now();
    const r = timed(['apply', input, '--dry-run', '--quiet', '--json', '--out', join(dir, 'r.json'), '--log', log, '--endpoint', url, '--auth', 'token'], {
      PARTNER_CENTER_TOKEN: 'bench-token',
    });
    const seconds = (Date.now() - started) / 1000;
    const summary = JSON.parse(r.stdout);
    const gets = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((e) => e.method === 'GET');
    const ends = gets.map((e) => Date.parse(e.time) + e.durationMs);
    const starts = gets.map((e) => Date.parse(e.time));
    console.log(
      JSON.stringify({
        bench: 'resolve',
        devices,
        batches,
        exit: r.status,
        planned: summary.byStatus.planned,
        lookups: summary.lookups,
        policyRequests: gets.filter((e) => /\/policies$/.test(e.url)).length,
        batchListRequests: gets.filter((e) => /\/deviceBatches$/.test(e.url)).length,
        pageRequests: gets.filter((e) => /\/devices$/.test(e.url)).length,
        attempts: gets.length,
        lookupSeconds: Number(((Math.max(...ends) - Math.min(...starts)) / 1000).toFixed(2)),
        seconds: Number(seconds.toFixed(2)),
        peakRssMiB: r.peakRssMiB,
      }),
    );
  } finally {
    sim.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

const [what, ...rest] = process.argv.slice(2);
const nums = rest.map(Number);
if (what === 'dry-run') await dryRun(...nums);
else if (what === 'send') await send(...nums);
else if (what === 'resolve') await resolve(...nums);
else {
  await dryRun();
  await send();
  await resolve();
}
