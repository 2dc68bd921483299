// Vendor sheets as they come (SPEC §2 Resolution), end to end: the built CLI against the simulator over
// loopback, the sheet naming devices by serial number, product key or hardware hash and profiles by name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { startSimulator, type Simulator } from '../../src/simulator/start.js';
import { runCli, startCli, stderrMatches } from '../helpers/cli.js';
import { FIXTURES, tempDir } from '../helpers/paths.js';
import { readJsonResults } from './inputs.js';
import { C1, C1_KIOSK, C1_SALES, C2, C2_SALES, FOREIGN_POLICY, hardwareHash, ODD_BATCH, vendorSimulatorData, writeVendorCsv, type SheetRow } from '../resolve/vendor-data.js';

const TOKEN = 'test-token-resolve-5d1e';
const env = { env: { PARTNER_CENTER_TOKEN: TOKEN } };

interface Clocked {
  sim: Simulator;
  /** Moves the simulator's clock on, so the jobs it created have finished. */
  finishJobs(): void;
}

/**
 * The docs' fuller shapes (hashes and product keys in listings, continuationToken paging): this file
 * holds resolution by every identifier; resolve-shapes.test.ts holds it against the service as it answers.
 */
async function simulator(t: { after(fn: () => Promise<void>): void }): Promise<Clocked> {
  let clock = 1_000_000;
  const sim = await startSimulator({ token: TOKEN, data: vendorSimulatorData(), now: () => clock, shapes: 'documented' });
  t.after(() => sim.close());
  return { sim, finishJobs: () => (clock += 60_000) };
}

interface ResolvedRow {
  row: number;
  status: string;
  detail: string;
  resolvedDeviceId?: string;
  resolvedPolicyId?: string;
}

function rowsOf(out: string): ResolvedRow[] {
  return readJsonResults(out).rows as unknown as ResolvedRow[];
}

function listings(sim: Simulator, from = 0): string[] {
  return sim.requests.slice(from).filter((r) => r.method === 'GET' && !/batchJobStatus/i.test(r.path)).map((r) => r.path);
}

function patchedDevices(sim: Simulator, from = 0): string[] {
  return sim.requests
    .slice(from)
    .filter((r) => r.method === 'PATCH')
    .flatMap((r) => ((r.body as { Devices: Array<{ Id: string }> }).Devices ?? []).map((d) => d.Id))
    .sort();
}

// Wrapped as people paste it from a text file: the spaces are not part of the hash.
const wrapped = (hash: string): string => `${hash.slice(0, 1000)} ${hash.slice(1000, 3000)}  ${hash.slice(3000)}`;

const SHEET: SheetRow[] = [
  /* 2 */ { customer: C1, serial: 'PF3X00001', profile: 'sales laptops' },
  /* 3 */ { customer: C1, serial: 'pf3x00140', profile: 'SALES LAPTOPS' },
  /* 4 */ { customer: C1, serial: 'PF3X00155', profile: 'Kiosk' },
  /* 5 */ { customer: C1, hash: wrapped(hardwareHash(10_003)), profile: 'Sales Laptops' },
  /* 6 */ { customer: C1, serial: 'PF3XDUPE1', profile: 'Sales Laptops' },
  /* 7 */ { customer: C1, serial: 'NOPE-0001', profile: 'Sales Laptops' },
  /* 8 */ { customer: C1, serial: 'PF3X00171', profile: 'Sales Laptops' },
  /* 9 */ { customer: C1, serial: 'PF3X00002', profile: 'Marketing' },
  /* 10 */ { customer: C1, serial: 'PF3X00001', hash: hardwareHash(10_001), profile: 'Sales Laptops' },
  /* 11 */ { customer: C1, serial: 'PF3X00004', policyId: FOREIGN_POLICY },
  /* 12 */ { customer: C1, serial: 'PF3X00005', hash: hardwareHash(10_006), profile: 'Kiosk' },
  /* 13 */ { customer: C2, productKey: '3V66T-NKG7Y-8BM7Q-FBK01', profile: 'Sales Laptops' },
  /* 14 */ { customer: C2, hash: hardwareHash(20_002), profile: 'sales laptops' },
  /* 15 */ { customer: C2, serial: 'FB9X00003', profile: 'sales laptops' },
];

test('a vendor sheet of serials, product keys, hashes and profile names applies with one listing per customer; run again, it sends nothing', async (t) => {
  const { sim, finishJobs } = await simulator(t);
  const dir = tempDir(t);
  const input = writeVendorCsv(dir, SHEET);
  const out = join(dir, 'first.json');
  const log = join(dir, 'first.ndjson');
  const run = await runCli(['apply', input, '--out', out, '--endpoint', sim.url, '--log', log, '--json', '--quiet'], env);
  assert.equal(run.code, 1, run.stderr);
  const rows = rowsOf(out);
  assert.deepEqual(rows.map((r) => [r.row, r.status]), [
    [2, 'accepted'], [3, 'accepted'], [4, 'accepted'], [5, 'accepted'], [6, 'invalid'], [7, 'invalid'], [8, 'unchanged'],
    [9, 'invalid'], [10, 'duplicate'], [11, 'invalid'], [12, 'invalid'], [13, 'accepted'], [14, 'accepted'], [15, 'accepted'],
  ]);
  const byRow = new Map(rows.map((r) => [r.row, r]));
  assert.deepEqual([byRow.get(2)?.resolvedDeviceId, byRow.get(2)?.resolvedPolicyId], ['ctso-0001', C1_SALES]);
  assert.deepEqual([byRow.get(4)?.resolvedDeviceId, byRow.get(4)?.resolvedPolicyId], ['ctso-0155', C1_KIOSK]);
  assert.deepEqual([byRow.get(14)?.resolvedDeviceId, byRow.get(14)?.resolvedPolicyId], ['fbkm-0002', C2_SALES]);
  // Every row that cannot be sent says why, naming what was searched and what the customer has.
  const detail = (row: number): string => byRow.get(row)?.detail ?? '';
  assert.match(detail(6), /serial number "PF3XDUPE1" matches 2 devices of customer c7f3c849-.*: ctso-0161, ctso-0162; give the row's Device ID/);
  assert.match(detail(7), /no device with serial number "NOPE-0001" among customer c7f3c849-129f-4b85-a96d-4f8e88b315a3's 180 registered devices \(in 2 device batches\)/);
  assert.match(detail(8), /already has policy 15a04610/);
  assert.match(detail(9), /has no policy named "Marketing"; its policies are "Sales Laptops", "Kiosk"/);
  assert.equal(detail(10), 'duplicate of row 2');
  assert.match(detail(11), /policy 75c17636-.* is not one of customer c7f3c849-.*'s policies/);
  // Its serial and its hash name two devices: the sheet's columns are caught out before any lookup.
  assert.equal(detail(12), 'the hardware hash is of device "PF3X00006", the sheet says "PF3X00005": the columns may be shifted');

  // One listing per customer: its policies, its batches, and every page of every batch.
  const paths = listings(sim);
  const encoded = encodeURIComponent(ODD_BATCH);
  assert.deepEqual(paths.filter((p) => p.endsWith('/policies')).length, 2);
  assert.deepEqual(paths.filter((p) => p.endsWith('/deviceBatches')).length, 2);
  assert.equal(paths.filter((p) => p.includes(`/deviceBatches/${encoded}/devices`)).length, 2, `150 devices are two pages: ${paths.join(' ')}`);
  assert.equal(paths.length, 8);
  const pageTwo = sim.requests.find((r) => r.path.includes(encoded) && r.headers['ms-continuationtoken'] !== undefined);
  assert.ok(pageTwo, 'the second page was asked for with MS-ContinuationToken');
  const summary = JSON.parse(run.stdout) as { lookups: number; byStatus: Record<string, number>; requests: number };
  assert.equal(summary.lookups, 8);
  assert.equal(summary.byStatus['unchanged'], 1);
  const logged = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { method: string; url: string });
  assert.equal(logged.filter((e) => e.method === 'GET').length, 8, 'every lookup is in --log');

  // Sent: the resolved devices, each once; not the one that already had its profile, nor the refused rows.
  assert.deepEqual(patchedDevices(sim), ['ctso-0001', 'ctso-0003', 'ctso-0140', 'ctso-0155', 'fbkm-0001', 'fbkm-0002', 'fbkm-0003']);

  // The jobs finish; the same sheet again sends nothing: every device already has its profile.
  finishJobs();
  const before = sim.requests.length;
  const again = join(dir, 'second.json');
  const run2 = await runCli(['apply', input, '--out', again, '--endpoint', sim.url, '--quiet'], env);
  assert.equal(run2.code, 1, 'the invalid rows are still invalid');
  assert.deepEqual(patchedDevices(sim, before), []);
  const rows2 = rowsOf(again);
  assert.deepEqual(rows2.filter((r) => r.status === 'unchanged').map((r) => r.row), [2, 3, 4, 5, 8, 13, 14, 15]);
});

test('a sheet with only serials, hashes or product keys and profile names exits 0, and 0 again with nothing sent', async (t) => {
  const { sim, finishJobs } = await simulator(t);
  const dir = tempDir(t);
  const input = writeVendorCsv(dir, [SHEET[0], SHEET[1], SHEET[3], SHEET[11], SHEET[12], SHEET[13]].flatMap((r) => (r === undefined ? [] : [r])));
  const first = await runCli(['apply', input, '--out', join(dir, 'a.xlsx'), '--endpoint', sim.url, '--quiet'], env);
  assert.equal(first.code, 0, first.stderr);
  finishJobs();
  const before = sim.requests.length;
  const second = await runCli(['apply', input, '--out', join(dir, 'b.json'), '--endpoint', sim.url, '--quiet', '--json'], env);
  assert.equal(second.code, 0, second.stderr);
  assert.deepEqual(patchedDevices(sim, before), []);
  const summary = JSON.parse(second.stdout) as { byStatus: Record<string, number>; requests: number };
  assert.equal(summary.byStatus['unchanged'], 6, second.stdout);
  assert.equal(summary.requests, 0);
});

test("the file Get-WindowsAutopilotInfo -Partner writes reads as it is, with --customer and --policy by name", async (t) => {
  const { sim } = await simulator(t);
  const dir = tempDir(t);
  // UTF-16LE with a BOM, unquoted, CRLF, the hash thousands of characters long; the product ID empty.
  const lines = [
    'Device Serial Number,Windows Product ID,Hardware Hash,Manufacturer name,Device model',
    `FB9X00004,,${hardwareHash(20_004)},Microsoft Corporation,Surface Laptop 7`,
    `,,${hardwareHash(20_005)},Microsoft Corporation,Surface Laptop 7`,
  ];
  const file = join(dir, 'AutopilotHWID.csv');
  writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf16le')]));
  const out = join(dir, 'r.json');
  const run = await runCli(['apply', file, '--customer', C2, '--policy', 'sales laptops', '--out', out, '--endpoint', sim.url, '--quiet'], env);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(rowsOf(out).map((r) => [r.status, r.resolvedDeviceId, r.resolvedPolicyId]), [
    ['accepted', 'fbkm-0004', C2_SALES],
    ['accepted', 'fbkm-0005', C2_SALES],
  ]);
  assert.deepEqual(patchedDevices(sim), ['fbkm-0004', 'fbkm-0005']);
});

test('a dry run with credentials resolves and checks, reading only', async (t) => {
  const { sim } = await simulator(t);
  const dir = tempDir(t);
  const input = writeVendorCsv(dir, SHEET);
  const out = join(dir, 'dry.json');
  const run = await runCli(['apply', input, '--dry-run', '--out', out, '--endpoint', sim.url], env);
  assert.equal(run.code, 1, run.stderr);
  assert.ok(sim.requests.every((r) => r.method === 'GET'), 'nothing but reads');
  assert.match(run.stderr, /customer c7f3c849-129f-4b85-a96d-4f8e88b315a3: 4 devices in 1 request\n/);
  assert.match(run.stderr, /1 device already has its policy: not sent \(unchanged\)/);
  const rows = rowsOf(out);
  assert.deepEqual(rows.filter((r) => r.status === 'planned').map((r) => r.row), [2, 3, 4, 5, 13, 14, 15]);
  assert.equal(rows.find((r) => r.row === 8)?.status, 'unchanged');
});

test('a dry run without credentials runs offline and says so once; rows that need a lookup say what they lack', async (t) => {
  const dir = tempDir(t);
  const input = writeVendorCsv(dir, [SHEET[0] ?? { customer: C1 }, { customer: C1, serial: 'PF3X00009', policyId: C1_SALES }]);
  const out = join(dir, 'offline.json');
  // An endpoint nothing listens on: if the run tried to look anything up, it would fail.
  const run = await runCli(['apply', input, '--dry-run', '--out', out, '--endpoint', 'http://127.0.0.1:9'], {});
  assert.equal(run.code, 1, run.stderr);
  assert.equal(run.stderr.split('no credentials are configured, so nothing is looked up').length - 1, 1, run.stderr);
  const rows = rowsOf(out);
  assert.ok(rows.every((r) => r.status === 'invalid' && /serial number "PF3X0000[19]".*no credentials are configured/.test(r.detail)), JSON.stringify(rows));
});

test('--offline sends rows with IDs unchecked and looks nothing up', async (t) => {
  const { sim } = await simulator(t);
  const dir = tempDir(t);
  const file = join(dir, 'mixed.csv');
  writeFileSync(file, `Customer ID,Device ID,Serial Number,Policy ID\r\n${C1},ctso-0007,,${C1_SALES}\r\n${C1},,PF3X00008,${C1_SALES}\r\n`);
  const out = join(dir, 'r.json');
  const run = await runCli(['apply', file, '--offline', '--out', out, '--endpoint', sim.url, '--quiet'], env);
  assert.equal(run.code, 1, run.stderr);
  assert.deepEqual(listings(sim), []);
  const rows = rowsOf(out);
  assert.deepEqual(rows.map((r) => r.status), ['accepted', 'invalid']);
  assert.match(rows[1]?.detail ?? '', /serial number "PF3X00008" needs the customer's Partner Center lists, which --offline does not look up/);
});

test('--no-check-policies with --no-verify-devices lists nothing for a sheet of IDs; a --policy that names nothing is a usage error', async (t) => {
  const { sim } = await simulator(t);
  const dir = tempDir(t);
  const file = join(dir, 'ids.csv');
  writeFileSync(file, `Customer ID,Device ID\r\n${C1},ctso-0007\r\n`);
  const ok = await runCli(['apply', file, '--policy', C1_SALES, '--no-check-policies', '--no-verify-devices', '--out', join(dir, 'r.json'), '--endpoint', sim.url, '--quiet'], env);
  assert.equal(ok.code, 0, ok.stderr);
  assert.deepEqual(listings(sim), []);
  for (const bad of ['   ', 'Sales\u0007']) {
    const run = await runCli(['apply', file, '--policy', bad, '--out', join(dir, 'x.json'), '--endpoint', sim.url], env);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /--policy expects a policy ID \(a GUID\) or a policy name/);
  }
});

test("the demo's vendor sheet resolves against the demo's simulator data as fixtures/README.md says; lookups show in the progress", async (t) => {
  // The service's own shapes, as the demo runs: no hashes listed, so hash-only rows go by the serial inside.
  const sim = await startSimulator({ token: TOKEN, data: join(FIXTURES, 'simulator', 'sample-data.json') });
  t.after(() => sim.close());
  const dir = tempDir(t);
  const out = join(dir, 'vendor.json');
  const run = await runCli(['apply', join(FIXTURES, 'vendor-serials.xlsx'), '--out', out, '--endpoint', sim.url], env);
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr, /looking up: 2\/2 customers \| 4 device batches \| \d+ devices listed/);
  const rows = rowsOf(out);
  const notAccepted = rows.filter((r) => r.status !== 'accepted').map((r) => [r.row, r.status]);
  assert.deepEqual(notAccepted, [[7, 'invalid'], [11, 'invalid'], [14, 'invalid'], [16, 'invalid'], [21, 'unchanged'], [37, 'invalid'], [42, 'invalid'], [44, 'duplicate']]);
  const byRow = new Map(rows.map((r) => [r.row, r.detail]));
  assert.match(byRow.get(7) ?? '', /^no device with serial number "CT\w+" or hardware hash ending "…[\w+/=]{16}" among customer Contoso Ltd \(c7f3c849-129f-4b85-a96d-4f8e88b315a3\)'s \d+ registered devices/);
  assert.match(byRow.get(11) ?? '', /matches 2 devices of customer/);
  assert.match(byRow.get(16) ?? '', /has no policy named "Contoso - Standard user driven" \(did you mean "Contoso - Standard user-driven"\?\); its policies are "Contoso - Standard user-driven"/);
  // The hash mistakes are caught before any lookup, each saying why.
  assert.match(byRow.get(14) ?? '', /^the hardware hash is of device "CT\w+", the sheet says "CT\w+": the columns may be shifted$/);
  assert.match(byRow.get(37) ?? '', /^Hardware Hash ending "…[\w+/=]{16}" is cut short: 900 of \d+ bytes/);
  assert.match(byRow.get(42) ?? '', /^Hardware Hash "hash to follow" is not a hardware hash/);
  assert.ok(rows.filter((r) => r.status === 'accepted').every((r) => r.resolvedDeviceId !== undefined && r.resolvedPolicyId !== undefined));
});

test('Ctrl-C while the devices are being listed: the listing stops at once, nothing is sent, the results are written, exit 130', async (t) => {
  let heldListing: (() => void) | undefined;
  const listingHeld = new Promise<void>((resolve) => (heldListing = resolve));
  const sim: Simulator = await startSimulator({
    token: TOKEN,
    data: vendorSimulatorData(),
    latencyMs: 1,
    sleep: (ms, signal) => {
      // Every page of the large batch is held until the run gives up on it (its connection closes).
      const last = sim.requests.at(-1);
      if (last?.method === 'GET' && last.path.includes(encodeURIComponent(ODD_BATCH)) && last.status === undefined) {
        heldListing?.();
        return new Promise<void>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
      }
      return delay(ms, undefined, { signal });
    },
  });
  t.after(() => sim.close());
  const dir = tempDir(t);
  const input = writeVendorCsv(dir, SHEET);
  const out = join(dir, 'r.json');
  const run = startCli(['apply', input, '--out', out, '--endpoint', sim.url, '--quiet'], env);
  await listingHeld;
  const stopping = stderrMatches(run, /SIGINT/);
  run.kill('SIGINT');
  await stopping;
  const result = await run.result;
  assert.equal(result.code, 130, result.stderr);
  assert.equal(sim.requests.filter((r) => r.method === 'PATCH').length, 0);
  const rows = rowsOf(out);
  assert.equal(rows.length, SHEET.length);
  // Not sent, rather than invalid: nothing is wrong with them, and the same command looks them up again.
  // Row 12 was invalid before any lookup (its hash and its serial name two devices).
  const looked = rows.filter((r) => r.row !== 12);
  assert.ok(looked.every((r) => r.status === 'not-sent' && /^not sent: interrupted \(before its lookup was made\)$/.test(r.detail)), JSON.stringify(looked.slice(0, 2)));
  assert.equal(rows.find((r) => r.row === 12)?.status, 'invalid');
  assert.match(result.stderr, /rows were not sent; .*run the same command again/);
});
