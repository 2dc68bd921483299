// Hardware hashes read, end to end (SPEC §2 Input, issue 19): the built CLI on sheets that carry hashes.
// A dry run catches a hash beside another device's serial, a hash cut short and text that is no hash;
// the results show what each hash says; a sheet of hashes alone resolves (listings carry serial numbers,
// not hashes) and registers its unknown devices with what their hashes say.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeHardwareHash } from '../../src/hardware-hash/encode.js';
import { startSimulator, type Simulator } from '../../src/simulator/start.js';
import type { SimulatorOptions } from '../../src/simulator/options.js';
import type { Device } from '../../src/partner-center/wire.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';
import { readXlsxResults, resultsHeaders, TRAIL_HEADERS } from '../helpers/results.js';
import { readJsonResults } from './inputs.js';

/** An App+User sign-in (a JWT with an `scp` claim, unsigned: the tool reads claims, never verifies them): it may create batches. */
const TOKEN = [{ alg: 'RS256', typ: 'JWT' }, { aud: 'https://api.partnercenter.microsoft.com', scp: 'user_impersonation', upn: 'onboarding@contoso.example' }]
  .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url')).concat('c2lnbmF0dXJl').join('.');
const CUSTOMER = 'c7f3c849-129f-4b85-a96d-4f8e88b315a3';
const SALES = '15a04610-9229-4e80-94e0-0e826a09c9e2';
const HASH_HEADERS = ['Hash Serial', 'Hash Manufacturer', 'Hash Model'];

const hashOf = (serial: string, manufacturer = 'LENOVO', model = '21HD'): string => encodeHardwareHash({ serial, manufacturer, model });
const declaredBytes = (hash: string): number => Buffer.from(hash.slice(0, 8), 'base64').readUInt16LE(2);

interface Row {
  row: number;
  status: string;
  detail: string;
  resolvedDeviceId?: string;
  registered?: string;
  hashSerial?: string;
  hashManufacturer?: string;
  hashModel?: string;
}
const rowsOf = (out: string): Row[] => readJsonResults(out).rows as unknown as Row[];

test('a dry run marks a hash beside the wrong serial, a hash cut short and text that is no hash invalid, each saying why; the results carry the Hash columns', async (t) => {
  const dir = tempDir(t);
  const pf5 = hashOf('PF-5');
  const lines = [
    'Customer ID,Device ID,Serial Number,Hardware Hash,Policy ID',
    `${CUSTOMER},DEV-1,PF-1,${hashOf('PF-1')},${SALES}`,
    `${CUSTOMER},DEV-4,PF-4,${hashOf('PF-9')},${SALES}`,
    `${CUSTOMER},DEV-5,PF-5,${pf5.slice(0, 1200)},${SALES}`,
    `${CUSTOMER},DEV-6,PF-6,not-a-hash-at-all,${SALES}`,
    `acme,DEV-7,,${hashOf('PF-7', 'Dell Inc.', 'Latitude 7450')},${SALES}`,
    `${CUSTOMER},DEV-8,PF-8,,${SALES}`,
  ];
  const input = join(dir, 'shipment.csv');
  writeFileSync(input, `${lines.join('\r\n')}\r\n`);
  const out = join(dir, 'shipment.results.xlsx');
  const report = join(dir, 'report.md');
  const run = await runCli(['apply', input, '--dry-run', '--offline', '--out', out, '--report', report, '--quiet', '--json']);
  assert.equal(run.code, 1, run.stderr);

  const results = await readXlsxResults(out);
  // The Hash columns come after the other result columns (Input Check, which invalid rows bring, last):
  // Status stays on the first screen.
  assert.deepEqual(results.headers, resultsHeaders(['Customer ID', 'Device ID', 'Serial Number', 'Hardware Hash', 'Policy ID'], [...TRAIL_HEADERS, ...HASH_HEADERS, 'Input Check']));
  const view = results.rows.map((r) => [r['Row'], r['Status'], r['Detail'], r['Hash Serial'], r['Hash Manufacturer'], r['Hash Model']]);
  assert.deepEqual(view[0], [2, 'planned', 'would be sent in request c7f3c849-129f-4b85-a96d-4f8e88b315a3#1', 'PF-1', 'LENOVO', '21HD']);
  assert.deepEqual(view[1], [3, 'invalid', 'the hardware hash is of device "PF-9", the sheet says "PF-4": the columns may be shifted', 'PF-9', 'LENOVO', '21HD']);
  assert.deepEqual(view[2], [4, 'invalid',
    `Hardware Hash ending "…${pf5.slice(1184, 1200)}" is cut short: 900 of ${declaredBytes(pf5)} bytes; copy the whole hash again (it runs to about 4,000 characters)`, null, null, null]);
  assert.deepEqual(view[3], [5, 'invalid', 'Hardware Hash "not-a-hash-at-all" is not a hardware hash: it holds "-", which base64 never does', null, null, null]);
  assert.deepEqual(view[4]?.slice(1, 2).concat(view[4]?.slice(3)), ['invalid', 'PF-7', 'Dell Inc.', 'Latitude 7450']);
  assert.deepEqual(view[5], [7, 'planned', 'would be sent in request c7f3c849-129f-4b85-a96d-4f8e88b315a3#1', null, null, null]);

  // The report and --json name a device without a serial in the sheet by the serial inside its hash.
  const markdown = readFileSync(report, 'utf8');
  assert.match(markdown, /\| 6 \| DEV-7 \| PF-7 \| acme \| invalid \|/);
  assert.match(markdown, /\| 3 \| DEV-4 \| PF-4 \|/);
  const attention = (JSON.parse(run.stdout) as { attention: Array<{ row: number; serial?: string }> }).attention;
  assert.deepEqual(attention.map((a) => [a.row, a.serial]), [[3, 'PF-4'], [4, 'PF-5'], [5, 'PF-6'], [6, 'PF-7']]);
});

test('the Hash columns appear whenever the input has a hash column, even when no hash in it reads; a results file fed back gets them anew', async (t) => {
  const dir = tempDir(t);
  const input = join(dir, 'ids.csv');
  writeFileSync(input, `Customer ID,Device ID,Hash,Policy ID\r\n${CUSTOMER},DEV-1,,${SALES}\r\n${CUSTOMER},DEV-2,,${SALES}\r\n`);
  const out = join(dir, 'ids.results.csv');
  const run = await runCli(['apply', input, '--dry-run', '--offline', '--out', out, '--quiet']);
  assert.equal(run.code, 0, run.stderr);
  const header = readFileSync(out, 'utf8').replace(/^\uFEFF/, '').split('\r\n')[0];
  assert.equal(header, resultsHeaders(['Customer ID', 'Device ID', 'Hash', 'Policy ID'], [...TRAIL_HEADERS, ...HASH_HEADERS]).join(','));

  // Fed back, the old Hash columns are result columns (replaced, not kept as input).
  const again = join(dir, 'again.results.csv');
  const rerun = await runCli(['apply', out, '--dry-run', '--offline', '--out', again, '--quiet']);
  assert.equal(rerun.code, 0, rerun.stderr);
  assert.equal(readFileSync(again, 'utf8').replace(/^\uFEFF/, '').split('\r\n')[0], header);
});

/**
 * A customer's registered devices, each with its hash. The simulator answers in the real service's shapes:
 * its listings show serial numbers and no hashes, and its upload jobs name no device IDs.
 */
function registered(serials: string[]): Device[] {
  return serials.map((serialNumber, i) => ({ id: `dev-${i + 1}`, serialNumber, hardwareHash: hashOf(serialNumber), modelName: '21HD', oemManufacturerName: 'LENOVO', policies: [] }));
}

async function simulator(t: TestContext, devices: Device[], options: SimulatorOptions = {}): Promise<Simulator> {
  const sim = await startSimulator({
    token: TOKEN,
    shapes: 'real',
    jobSteps: 0,
    data: { customers: { [CUSTOMER]: { policies: [{ id: SALES, name: 'Sales Laptops', category: 'o_o_b_e' }], batches: { shipped: devices } } } },
    ...options,
  });
  t.after(() => sim.close());
  return sim;
}

function hashSheet(dir: string, serials: string[]): string {
  const path = join(dir, 'hashes.csv');
  writeFileSync(path, `Customer ID,Hardware Hash,Profile Name\r\n${serials.map((s) => `${CUSTOMER},${hashOf(s)},Sales Laptops`).join('\r\n')}\r\n`);
  return path;
}

const patchedIds = (sim: Simulator): string[] =>
  sim.requests.filter((r) => r.method === 'PATCH').flatMap((r) => (r.body as { Devices: Array<{ Id: string }> }).Devices.map((d) => d.Id)).sort();

test('a sheet of Customer ID, Hardware Hash and Profile Name alone resolves each device by the serial inside its hash, and assigns it', async (t) => {
  const sim = await simulator(t, registered(['PF4A0001', 'PF4A0002', 'PF4A0003']));
  const dir = tempDir(t);
  const out = join(dir, 'r.json');
  const run = await runCli(['apply', hashSheet(dir, ['PF4A0001', 'pf4a0003']), '--out', out, '--endpoint', sim.url, '--quiet'], { env: { PARTNER_CENTER_TOKEN: TOKEN } });
  assert.equal(run.code, 0, run.stderr);
  const rows = rowsOf(out);
  assert.deepEqual(rows.map((r) => [r.row, r.status, r.resolvedDeviceId, r.hashSerial]), [[2, 'accepted', 'dev-1', 'PF4A0001'], [3, 'accepted', 'dev-3', 'pf4a0003']]);
  assert.deepEqual(patchedIds(sim), ['dev-1', 'dev-3']);
});

test('status rewrites a results file keeping its Hash columns as they were', async (t) => {
  const sim = await simulator(t, registered(['PF4A0001']));
  const dir = tempDir(t);
  const out = join(dir, 'r.xlsx');
  const env = { env: { PARTNER_CENTER_TOKEN: TOKEN } };
  assert.equal((await runCli(['apply', hashSheet(dir, ['PF4A0001']), '--out', out, '--endpoint', sim.url, '--quiet'], env)).code, 0);
  const status = await runCli(['status', out, '--endpoint', sim.url, '--quiet'], env);
  assert.equal(status.code, 0, status.stderr);
  const after = await readXlsxResults(out);
  assert.deepEqual(after.headers.slice(-3), HASH_HEADERS);
  assert.deepEqual([after.rows[0]?.['Status'], after.rows[0]?.['Hash Serial'], after.rows[0]?.['Hash Model']], ['applied', 'PF4A0001', '21HD']);
});

test('a hash whose device is not registered says so by the serial inside it', async (t) => {
  const sim = await simulator(t, registered(['PF4A0001']));
  const dir = tempDir(t);
  const out = join(dir, 'r.json');
  const run = await runCli(['apply', hashSheet(dir, ['PF4Z9999']), '--out', out, '--endpoint', sim.url, '--quiet'], { env: { PARTNER_CENTER_TOKEN: TOKEN } });
  assert.equal(run.code, 1, run.stderr);
  const [row] = rowsOf(out);
  assert.match(row?.detail ?? '', /^no device with hardware hash ending "…[\w+/=]{16}" \(serial number "PF4Z9999" inside it\) among customer c7f3c849-129f-4b85-a96d-4f8e88b315a3's 1 registered device/);
  assert.equal(patchedIds(sim).length, 0);
});

test('--register uploads the unknown hashes with the serial, manufacturer and model inside them, then assigns them', async (t) => {
  const sim = await simulator(t, registered(['PF4A0001']));
  const dir = tempDir(t);
  const out = join(dir, 'r.json');
  const run = await runCli(
    ['apply', hashSheet(dir, ['PF4A0001', 'PF4N0001', 'PF4N0002']), '--register', '--batch', 'wave 2', '--out', out, '--endpoint', sim.url, '--quiet'],
    { env: { PARTNER_CENTER_TOKEN: TOKEN } },
  );
  assert.equal(run.code, 0, run.stderr);
  const rows = rowsOf(out);
  assert.deepEqual(rows.map((r) => [r.status, r.registered]), [['accepted', undefined], ['accepted', 'wave 2'], ['accepted', 'wave 2']]);
  const uploaded = sim.requests.filter((r) => r.method === 'POST').flatMap((r) => (r.body as { Devices: Array<Record<string, string>> }).Devices);
  assert.deepEqual(
    uploaded.map((d) => [d['SerialNumber'], d['OemManufacturerName'], d['ModelName'], d['HardwareHash'] === hashOf(d['SerialNumber'] ?? '')]),
    [['PF4N0001', 'LENOVO', '21HD', true], ['PF4N0002', 'LENOVO', '21HD', true]],
  );
  // The upload job named no device IDs (as the service answers): the new devices were found in their batch
  // afterwards by the serial inside each hash, and assigned.
  const upload = sim.jobs().find((j) => j.batchId !== undefined);
  const job = (await (await fetch(`${sim.url}/v1/customers/${CUSTOMER}/batchJobStatus/${upload?.trackingId}`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as { devicesStatus: Array<Record<string, unknown>> };
  assert.ok(job.devicesStatus.length === 2 && job.devicesStatus.every((d) => d['deviceId'] === undefined), JSON.stringify(job.devicesStatus));
  const newIds = rows.slice(1).map((r) => r.resolvedDeviceId ?? '');
  assert.ok(newIds.every((id) => id !== ''));
  assert.deepEqual(patchedIds(sim), ['dev-1', ...newIds].sort());
});
