// A vendor sheet against the service as it answers (SPEC §1, the simulator's default shapes): listings
// without hashes or product keys, pages chained by links.next, a profile assigned in the portal listed by
// its name. Rows with a serial number (and a hash) resolve by the serial; a device on page 3 of its batch
// is found; a device whose profile is listed by name is unchanged; the same sheet again sends nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '../../src/simulator/start.js';
import type { Device } from '../../src/partner-center/wire.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';
import { readJsonResults } from './inputs.js';
import { encodeHardwareHash } from '../../src/hardware-hash/encode.js';
import { C1, C1_KIOSK, C1_SALES, writeVendorCsv, type SheetRow } from '../resolve/vendor-data.js';

const TOKEN = 'shapes-token-8e21';
const env = { env: { PARTNER_CENTER_TOKEN: TOKEN } };
const BATCH = 'Contoso 2026 refresh';

const serial = (n: number): string => `PF5X${String(n).padStart(5, '0')}`;
/** The device's own hash, its serial, manufacturer and model inside, as the tool's encoder makes one. */
const hardwareHash = (n: number): string => encodeHardwareHash({ serial: serial(n), manufacturer: 'Microsoft Corporation', model: 'Surface Laptop 7' });
/** 250 devices in one batch (three pages of 100), as a tenant lists them; #7 got its profile in the portal. */
const devices: Device[] = Array.from({ length: 250 }, (_, i) => ({
  id: `ctso-${i + 1}`,
  serialNumber: serial(i + 1),
  hardwareHash: hardwareHash(i + 1),
  modelName: 'Surface Laptop 7',
  oemManufacturerName: 'Microsoft Corporation',
  ...(i + 1 === 7 ? { policies: [{ key: 'o_o_b_e', value: 'SALES LAPTOPS' }] } : {}),
}));

interface Row {
  row: number;
  status: string;
  detail: string;
  resolvedDeviceId?: string;
}

test('serial + hash rows resolve by serial across three pages chained by links.next; a profile listed by name is unchanged; run again, nothing is sent', async (t) => {
  let clock = 1_000_000;
  const sim: Simulator = await startSimulator({
    token: TOKEN,
    now: () => clock,
    data: { customers: { [C1]: { policies: [{ id: C1_SALES, name: 'Sales Laptops' }, { id: C1_KIOSK, name: 'Kiosk' }], batches: { [BATCH]: devices } } } },
  });
  t.after(() => sim.close());
  const dir = tempDir(t);
  const sheet: SheetRow[] = [1, 7, 120, 240, 250].map((n) => ({ customer: C1, serial: serial(n), hash: hardwareHash(n), profile: 'sales laptops' }));
  const input = writeVendorCsv(dir, sheet);
  const out = join(dir, 'first.json');
  const run = await runCli(['apply', input, '--out', out, '--endpoint', sim.url, '--quiet'], env);
  assert.equal(run.code, 0, run.stderr);
  const rows = readJsonResults(out).rows as unknown as Row[];
  assert.deepEqual(rows.map((r) => [r.status, r.resolvedDeviceId]), [
    ['accepted', 'ctso-1'],
    ['unchanged', 'ctso-7'],
    ['accepted', 'ctso-120'],
    ['accepted', 'ctso-240'],
    ['accepted', 'ctso-250'],
  ]);
  // The listing carries no hashes: the serial found each device, and the Detail says so.
  assert.ok(rows.filter((r) => r.status === 'accepted').every((r) => /\(device found by its serial number\)$/.test(r.detail)), JSON.stringify(rows.map((r) => r.detail)));
  const pages = sim.requests.filter((r) => r.method === 'GET' && r.path.includes('/devices'));
  assert.equal(pages.length, 3);
  assert.ok(pages.slice(1).every((p) => p.path.endsWith('?seekOperation=Next') && p.headers['ms-continuationtoken'] !== undefined), 'pages 2 and 3 through links.next');

  clock += 60_000;
  const before = sim.requests.length;
  const again = join(dir, 'second.json');
  const run2 = await runCli(['apply', input, '--out', again, '--endpoint', sim.url, '--quiet'], env);
  assert.equal(run2.code, 0, run2.stderr);
  assert.deepEqual((readJsonResults(again).rows as unknown as Row[]).map((r) => r.status), Array(5).fill('unchanged'));
  assert.deepEqual(sim.requests.slice(before).filter((r) => r.method !== 'GET'), [], 'the second run sends nothing');
});

test('a hash-only row is found by the serial inside its hash (listings carry no hashes); one whose serial is not listed is invalid, saying so', async (t) => {
  const sim = await startSimulator({
    token: TOKEN,
    data: { customers: { [C1]: { policies: [{ id: C1_SALES, name: 'Sales Laptops' }], batches: { [BATCH]: devices.slice(0, 3) } } } },
  });
  t.after(() => sim.close());
  const dir = tempDir(t);
  const out = join(dir, 'r.json');
  const sheet: SheetRow[] = [{ customer: C1, hash: hardwareHash(2), profile: 'Sales Laptops' }, { customer: C1, hash: hardwareHash(99), profile: 'Sales Laptops' }];
  const run = await runCli(['apply', writeVendorCsv(dir, sheet), '--out', out, '--endpoint', sim.url, '--quiet'], env);
  assert.equal(run.code, 1, run.stderr);
  const rows = readJsonResults(out).rows as unknown as Row[];
  assert.deepEqual([rows[0]?.status, rows[0]?.resolvedDeviceId], ['accepted', 'ctso-2']);
  assert.equal(rows[1]?.status, 'invalid');
  assert.match(rows[1]?.detail ?? '', new RegExp(`^no device with hardware hash ending "…\\S+" \\(serial number "${serial(99)}" inside it\\) among customer c7f3c849-\\S+'s 3 registered devices`));
});
