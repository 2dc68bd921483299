// `apply --register` against the service as it answers (SPEC §1, §2 Registration; the simulator in the
// real shapes): upload jobs name no device IDs, so the new devices are found by listing their batch once
// the job has finished; creating a batch is App+User only, so an app-only sign-in stops before any upload
// or assignment when a batch would be created, and adds to a batch the customer has (matched whatever
// its case); the sheet's Group Tag column names each row's batch; a 403 on an upload says who may
// register. The built CLI against the simulator over loopback.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '../../src/simulator/start.js';
import type { SimulatorOptions } from '../../src/simulator/options.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';
import { laptops, writeAutopilotFile } from '../register/autopilot-file.js';
import { readJsonResults } from './inputs.js';

const CUSTOMER = 'c7f3c849-129f-4b85-a96d-4f8e88b315a3';
const SALES = '15a04610-9229-4e80-94e0-0e826a09c9e2';

/** A JWT as Entra ID issues them, unsigned: only its claims matter here (the tool reads, never verifies). */
function jwt(claims: Record<string, unknown>): string {
  const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ aud: 'https://api.partnercenter.microsoft.com', ...claims })}.c2lnbmF0dXJl`;
}
const APP_ONLY = jwt({ idtyp: 'app', roles: [], appid: '04b07795-8ddb-461a-bbee-02f9e1bf7b46' });
const APP_USER = jwt({ scp: 'user_impersonation', upn: 'admin@contoso.example' });

interface Row {
  row: number;
  status: string;
  detail: string;
  resolvedDeviceId?: string;
  registered?: string;
}

async function simulator(t: TestContext, options: SimulatorOptions = {}): Promise<Simulator> {
  const sim = await startSimulator({
    shapes: 'real',
    jobSteps: 0,
    data: { customers: { [CUSTOMER]: { policies: [{ id: SALES, name: 'Sales Laptops' }], batches: { 'Contoso Q3': [] } } } },
    ...options,
  });
  t.after(() => sim.close());
  return sim;
}

const args = (input: string, out: string, sim: Simulator, ...more: string[]): string[] =>
  ['apply', input, '--customer', CUSTOMER, '--policy', SALES, '--register', '--out', out, '--endpoint', sim.url, '--json', '--quiet', ...more];
const writes = (sim: Simulator, from = 0) => sim.requests.slice(from).filter((r) => r.method !== 'GET');
const rowsOf = (out: string): Row[] => readJsonResults(out).rows as unknown as Row[];

test('upload jobs that name no device IDs: every new device found in its batch afterwards, assigned in the same run; a second run sends nothing', async (t) => {
  const sim = await simulator(t);
  const dir = tempDir(t);
  const input = writeAutopilotFile(dir, laptops(6));
  const out = join(dir, 'r.json');
  const run = await runCli(args(input, out, sim), { env: { PARTNER_CENTER_TOKEN: APP_USER } });
  assert.equal(run.code, 0, run.stderr);
  const upload = sim.jobs().find((j) => j.batchId !== undefined);
  const status = await (await fetch(`${sim.url}/v1/customers/${CUSTOMER}/batchJobStatus/${upload?.trackingId}`, { headers: { authorization: `Bearer ${APP_USER}` } })).json() as { devicesStatus: Array<Record<string, unknown>> };
  assert.ok(status.devicesStatus.every((e) => !('deviceId' in e)), 'the upload job names no device ID');
  const ids = new Map(upload?.devices.map((d) => [d.serialNumber, d.deviceId]));
  const rows = rowsOf(out);
  assert.deepEqual(rows.map((r) => [r.status, r.registered]), Array(6).fill(['accepted', 'AutopilotHWID']));
  assert.deepEqual(rows.map((r) => r.resolvedDeviceId), laptops(6).map((d) => ids.get(d.serial)), 'each row has its own new device, found by serial number');
  const summary = JSON.parse(run.stdout) as { lookups: number; registered: number };
  assert.equal(summary.registered, 6);
  // Policies, batches, the one (empty) batch, and the new batch listed once after its job: 4.
  assert.equal(summary.lookups, 4);
  assert.equal(sim.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/deviceBatches/AutopilotHWID/devices')).length, 1);

  const before = sim.requests.length;
  const again = await runCli(args(input, join(dir, 'again.json'), sim), { env: { PARTNER_CENTER_TOKEN: APP_USER } });
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(rowsOf(join(dir, 'again.json')).map((r) => r.status), Array(6).fill('unchanged'));
  assert.deepEqual(writes(sim, before), [], 'the second run sends nothing');
});

test('an app-only sign-in into a new batch stops with exit 2 before any upload or assignment, saying how to go on', async (t) => {
  const sim = await simulator(t);
  const dir = tempDir(t);
  const input = writeAutopilotFile(dir, laptops(3));
  const run = await runCli(args(input, join(dir, 'r.json'), sim), { env: { PARTNER_CENTER_TOKEN: APP_ONLY } });
  assert.equal(run.code, 2, run.stderr);
  assert.match(run.stderr, /--register would create the device batch "AutopilotHWID" \(for one customer\), and Partner Center lets only a user sign-in \(App\+User\) create a batch/);
  assert.match(run.stderr, /Sign in as a user \(--auth device-code, or --auth cli after az login\), or name a batch the customer already has/);
  assert.deepEqual(writes(sim), [], 'no upload, no assignment');
  // The dry run says the same, as the run would.
  const dry = await runCli([...args(input, join(dir, 'dry.json'), sim), '--dry-run'], { env: { PARTNER_CENTER_TOKEN: APP_ONLY } });
  assert.equal(dry.code, 2, dry.stderr);
});

test('an app-only sign-in adds to a batch the customer has, named in another case: no creation is tried', async (t) => {
  const sim = await simulator(t);
  const dir = tempDir(t);
  const input = writeAutopilotFile(dir, laptops(2));
  const out = join(dir, 'r.json');
  const run = await runCli(args(input, out, sim, '--batch', 'CONTOSO q3'), { env: { PARTNER_CENTER_TOKEN: APP_ONLY } });
  assert.equal(run.code, 0, run.stderr);
  const posts = writes(sim).filter((r) => r.method === 'POST').map((r) => r.path);
  assert.deepEqual(posts, [`/v1/customers/${CUSTOMER}/deviceBatches/Contoso%20Q3/devices`]);
  assert.deepEqual(rowsOf(out).map((r) => [r.status, r.registered]), Array(2).fill(['accepted', 'Contoso Q3']));
});

test('the simulator in the real shapes refuses an app-only token that creates a batch: the tool never lets it come to that', async (t) => {
  const sim = await simulator(t);
  const body = JSON.stringify({ BatchId: 'x', Devices: [{ SerialNumber: 'S', OemManufacturerName: 'M', ModelName: 'X' }], Attributes: { ObjectType: 'DeviceBatchCreationRequest' } });
  const post = (token: string) => fetch(`${sim.url}/v1/customers/${CUSTOMER}/deviceBatches`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
  assert.equal((await post(APP_ONLY)).status, 403);
  assert.equal((await post(APP_USER)).status, 202);
});

test("the sheet's Group Tag column names each row's batch; rows without one go to --batch", async (t) => {
  const sim = await simulator(t);
  const dir = tempDir(t);
  const input = join(dir, 'shipment.csv');
  const lines = [
    `${CUSTOMER},SN-A1,LENOVO,21HD,Microsoft365Managed_Standard`,
    `${CUSTOMER},SN-A2,LENOVO,21HD,contoso q3`,
    `${CUSTOMER},SN-A3,LENOVO,21HD,`,
    `${CUSTOMER},SN-A4,LENOVO,21HD,Microsoft365Managed_Standard`,
  ];
  writeFileSync(input, `Customer ID,Serial Number,Manufacturer,Model,Group Tag\r\n${lines.join('\r\n')}\r\n`);
  const out = join(dir, 'r.json');
  const run = await runCli(['apply', input, '--policy', SALES, '--register', '--batch', 'Wave 2', '--out', out, '--endpoint', sim.url, '--quiet'], { env: { PARTNER_CENTER_TOKEN: APP_USER } });
  assert.equal(run.code, 0, run.stderr);
  const posts = writes(sim).filter((r) => r.method === 'POST');
  const created = posts.filter((r) => r.path.endsWith('/deviceBatches')).map((r) => (r.body as { BatchId: string }).BatchId).sort();
  assert.deepEqual(created, ['Microsoft365Managed_Standard', 'Wave 2'], 'the names as written');
  assert.deepEqual(posts.filter((r) => r.path.endsWith('/devices')).map((r) => r.path), [`/v1/customers/${CUSTOMER}/deviceBatches/Contoso%20Q3/devices`]);
  assert.deepEqual(rowsOf(out).map((r) => r.registered), ['Microsoft365Managed_Standard', 'Contoso Q3', 'Wave 2', 'Microsoft365Managed_Standard']);
});

test('a 403 on an upload says that indirect resellers register devices in the portal', async (t) => {
  const sim = await simulator(t, { failNextRequests: [{ kind: 'error', method: 'POST', status: 403 }] });
  const dir = tempDir(t);
  const out = join(dir, 'r.json');
  const run = await runCli(args(writeAutopilotFile(dir, laptops(1)), out, sim), { env: { PARTNER_CENTER_TOKEN: APP_USER } });
  assert.equal(run.code, 1, run.stderr);
  const [row] = rowsOf(out);
  assert.equal(row?.status, 'failed');
  assert.match(row?.detail ?? '', /^not registered: the upload into batch "AutopilotHWID" was refused: .*; Partner Center lets direct partners and indirect providers register devices through the API, but an indirect reseller must upload them in the Partner Center portal/);
});
