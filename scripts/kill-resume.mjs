#!/usr/bin/env node
// What a `kill -9` costs: runs `apply` against the simulator answering in a few milliseconds, kills it
// after K update requests have reached the service, runs the same command to the end, and counts
//   resent    requests of the second run for devices the service had already accepted in the first
//   replays   of those, the ones carrying an MS-RequestId the service had already answered (harmless:
//             the service answers them as before and starts no new job)
//   twice     devices the service put in two batch jobs (applied twice)
//   inFlight  requests of the first run the service was still working on at the kill
//   notJournaled  requests the service accepted that the first run's journal held no answer for
//   node scripts/kill-resume.mjs [devices=3000] [latencyMs=5] [kill points=5,20,60,150]
// Needs `npm run build` first. Prints one JSON line per kill point.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
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
const { startSimulator } = await import(join(ROOT, 'dist', 'simulator', 'start.js'));

const devices = Number(process.argv[2] ?? 3000);
const latencyMs = Number(process.argv[3] ?? 5);
const points = (process.argv[4] ?? '5,20,60,150').split(',').map(Number);
const TOKEN = 'kill-resume-token';
const CUSTOMERS = ['c7f3c849-129f-4b85-a96d-4f8e88b315a3', '1ecedaec-f4fc-461a-a132-6c7861dfc534', '645dc068-4825-4028-8073-964c76321efe', '81985331-0c57-445a-971c-2452bd7ad1b1'];
const POLICY = '15a04610-9229-4e80-94e0-0e826a09c9e2';

function run(args, onStart) {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, PARTNER_CENTER_TOKEN: TOKEN }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
  onStart?.(child);
  return once(child, 'close').then(([code, signal]) => ({ code, signal, stderr }));
}

const patches = (sim) => sim.requests.filter((r) => r.method === 'PATCH');
const deviceIds = (request) => (request.body?.Devices ?? []).map((d) => d.Id);

for (const point of points) {
  const dir = mkdtempSync(join(tmpdir(), 'kill-resume-'));
  const sim = await startSimulator({ token: TOKEN, latencyMs });
  try {
    const input = join(dir, 'devices.csv');
    const lines = Array.from({ length: devices }, (_, i) => `${CUSTOMERS[i % 4]},DEV-${String(i + 1).padStart(6, '0')},${POLICY}`);
    writeFileSync(input, `Customer ID,Device ID,Policy ID\n${lines.join('\n')}\n`);
    const out = join(dir, 'r.json');
    const args = ['apply', input, '--out', out, '--endpoint', sim.url, '--chunk-size', '10', '--concurrency', '8', '--per-customer', '4', '--quiet'];

    const first = await run(args, (child) => {
      const poll = setInterval(() => {
        if (patches(sim).length >= point) {
          clearInterval(poll);
          child.kill('SIGKILL');
        }
      }, 1);
      child.on('close', () => clearInterval(poll));
    });
    const firstRequests = patches(sim).length;
    const inFlight = patches(sim).filter((r) => r.status === undefined && !r.dropped).length;
    const acceptedBefore = new Set(patches(sim).filter((r) => r.status === 202).flatMap(deviceIds));
    const idsBefore = new Set(patches(sim).filter((r) => r.status === 202).map((r) => r.headers['ms-requestid']));
    const journal = existsSync(`${out}.journal`) ? readFileSync(`${out}.journal`, 'utf8') : '';
    const journaledIds = new Set([...journal.matchAll(/"kind":"(?:request|answer)","requestId":"([^"]+)"/g)].map((m) => m[1]));
    const notJournaled = [...idsBefore].filter((id) => !journaledIds.has(id)).length;

    const second = await run(args);
    const secondPatches = patches(sim).slice(firstRequests);
    const resent = secondPatches.filter((r) => deviceIds(r).some((d) => acceptedBefore.has(d)));
    const replays = resent.filter((r) => idsBefore.has(r.headers['ms-requestid'])).length;
    const perDevice = new Map();
    for (const job of sim.jobs()) for (const d of job.devices) perDevice.set(d.deviceId, (perDevice.get(d.deviceId) ?? 0) + 1);
    const twice = [...perDevice.values()].filter((n) => n > 1).length;
    const results = JSON.parse(readFileSync(out, 'utf8'));
    console.log(JSON.stringify({
      killAfter: point, killed: first.signal, firstRequests, inFlight, notJournaled,
      resent: resent.length, replays, twice, secondExit: second.code,
      accepted: results.rows.filter((r) => r.status === 'accepted').length, rows: results.rows.length,
    }));
  } finally {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
