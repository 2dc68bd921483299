// `apply --register` end to end (SPEC §2 Registration): the built CLI against the simulator over loopback,
// fed the file Windows' own Get-WindowsAutopilotInfo -Partner writes, for devices the service does not
// know yet. They are uploaded, given IDs, assigned their policy in the same run; a second run changes
// nothing; a kill -9 in the middle of the upload loses and duplicates nothing.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startSimulator, type Simulator } from '../../src/simulator/start.js';
import type { SimulatorOptions } from '../../src/simulator/options.js';
import { runCli, startCli, stderrMatches } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';
import { gate, until } from '../simulator/harness.js';
import { laptop, laptops, writeAutopilotFile, type AutopilotDevice } from '../register/autopilot-file.js';
import { readJsonResults } from './inputs.js';

const TOKEN = 'test-token-register-7c2a';
const env = { env: { PARTNER_CENTER_TOKEN: TOKEN } };
const CUSTOMER = 'c7f3c849-129f-4b85-a96d-4f8e88b315a3';
const SALES = '15a04610-9229-4e80-94e0-0e826a09c9e2';

interface RegisteredRow {
  row: number;
  status: string;
  detail: string;
  errorCode?: string;
  resolvedDeviceId?: string;
  resolvedPolicyId?: string;
  registered?: string;
  input: Record<string, string>;
}

async function simulator(t: TestContext, options: SimulatorOptions = {}): Promise<Simulator> {
  // Jobs are done as soon as they exist: the run tracks each upload job without waiting out a step.
  const sim = await startSimulator({
    token: TOKEN,
    jobSteps: 0,
    data: { customers: { [CUSTOMER]: { policies: [{ id: SALES, name: 'Sales Laptops', category: 'o_o_b_e' }] } }, otherTenantDevices: ['PF4TAKEN1'] },
    ...options,
  });
  t.after(() => sim.close());
  return sim;
}

const args = (input: string, out: string, sim: Simulator, ...more: string[]) =>
  ['apply', input, '--customer', CUSTOMER, '--policy', 'sales laptops', '--register', '--out', out, '--endpoint', sim.url, '--json', '--quiet', ...more];

const rowsOf = (out: string) => readJsonResults(out).rows as unknown as RegisteredRow[];
const uploads = (sim: Simulator) => sim.requests.filter((r) => r.method === 'POST');
const patches = (sim: Simulator) => sim.requests.filter((r) => r.method === 'PATCH');

/** Per serial number: how many upload jobs carried it (an upload repeated under its MS-RequestId is one job). */
function uploadsPerDevice(sim: Simulator): Map<string, number> {
  const counts = new Map<string, number>();
  for (const job of sim.jobs()) {
    if (job.batchId === undefined) continue;
    for (const d of job.devices) counts.set(d.serialNumber ?? '', (counts.get(d.serialNumber ?? '') ?? 0) + 1);
  }
  return counts;
}

/** Per device ID: how many policy-update jobs assigned it. */
function assignmentsPerDevice(sim: Simulator): Map<string, number> {
  const counts = new Map<string, number>();
  for (const job of sim.jobs()) {
    if (job.batchId !== undefined) continue;
    for (const d of job.devices) counts.set(d.deviceId, (counts.get(d.deviceId) ?? 0) + 1);
  }
  return counts;
}

test('a Get-WindowsAutopilotInfo -Partner file of unknown devices: each registered, given its new ID and assigned in one run; a second run changes nothing', async (t) => {
  const sim = await simulator(t);
  const dir = tempDir(t);
  const devices = laptops(5);
  const input = writeAutopilotFile(dir, devices);
  const out = join(dir, 'first.json');

  const first = await runCli(args(input, out, sim), env);
  assert.equal(first.code, 0, first.stderr);
  const summary = JSON.parse(first.stdout) as { registered: number; requests: number; byStatus: Record<string, number> };
  assert.equal(summary.registered, 5);
  // One upload creating the batch (named after the input), one assignment.
  assert.equal(summary.requests, 2);
  const [create] = uploads(sim);
  assert.equal(uploads(sim).length, 1);
  assert.equal(create?.path, `/v1/customers/${CUSTOMER}/deviceBatches`);
  const body = create?.body as { BatchId: string; Devices: Array<Record<string, string>> };
  assert.equal(body.BatchId, 'AutopilotHWID');
  // What the row has, as the file has it: hash, serial, manufacturer, model; no empty product key.
  assert.deepEqual(body.Devices[0], { HardwareHash: devices[0]?.hash, SerialNumber: 'PF400001', OemManufacturerName: 'LENOVO', ModelName: '21HD' });

  const newIds = new Map((sim.jobs().find((j) => j.batchId !== undefined)?.devices ?? []).map((d) => [d.serialNumber, d.deviceId]));
  const rows = rowsOf(out);
  assert.deepEqual(
    rows.map((r) => [r.row, r.status, r.resolvedDeviceId, r.resolvedPolicyId, r.registered]),
    devices.map((d, i) => [i + 2, 'accepted', newIds.get(d.serial), SALES, 'AutopilotHWID']),
  );
  assert.ok(rows.every((r) => r.input['Hardware Hash'] !== undefined && r.input['Device Serial Number'] !== undefined));
  assert.equal(patches(sim).length, 1);
  assert.deepEqual([...assignmentsPerDevice(sim).keys()].sort(), [...newIds.values()].sort());
  assert.ok(!existsSync(`${out}.journal`), 'the journal is removed once everything is answered');

  // The same sheet again: the devices are registered and carry the policy, so nothing is sent at all.
  const before = sim.requests.length;
  const againOut = join(dir, 'second.json');
  const again = await runCli(args(input, againOut, sim), env);
  assert.equal(again.code, 0, again.stderr);
  const second = rowsOf(againOut);
  assert.deepEqual(second.map((r) => r.status), Array(5).fill('unchanged'));
  assert.deepEqual(second.map((r) => r.resolvedDeviceId), rows.map((r) => r.resolvedDeviceId));
  assert.ok(second.every((r) => r.registered === undefined), 'nothing was registered by the second run');
  assert.equal((JSON.parse(again.stdout) as { registered: number }).registered, 0);
  assert.deepEqual(sim.requests.slice(before).filter((r) => r.method !== 'GET'), []);
});

test('a device the upload refuses (808) fails with the code and what to do; a row that cannot be registered says what it lacks; the rest go through', async (t) => {
  const sim = await simulator(t);
  const dir = tempDir(t);
  const devices: AutopilotDevice[] = [
    ...laptops(2),
    laptop('PF4TAKEN1'),
    { ...laptops(1, 4)[0]!, hash: '', model: '' },
  ];
  const input = writeAutopilotFile(dir, devices);
  const out = join(dir, 'r.json');
  const run = await runCli([...args(input, out, sim), '--batch', 'Contoso Q3 / wave 1'], env);
  assert.equal(run.code, 1, run.stderr);
  const rows = rowsOf(out);
  assert.deepEqual(rows.map((r) => r.status), ['accepted', 'accepted', 'failed', 'invalid']);
  assert.deepEqual(rows.map((r) => r.registered), ['Contoso Q3 / wave 1', 'Contoso Q3 / wave 1', undefined, undefined]);
  assert.equal(rows[2]?.errorCode, '808');
  assert.match(rows[2]?.detail ?? '', /^not registered \(upload job [0-9a-f-]+\): 808 ZtdDeviceAssignedToOtherTenant — the device is registered to another tenant\. That tenant .* must deregister it/);
  assert.match(rows[3]?.detail ?? '', /no device with serial number "PF400004".*; cannot be registered: no hardware hash, no product key, and serial number "PF400004" has no model/);
  // Only the two registered devices were assigned.
  assert.equal(assignmentsPerDevice(sim).size, 2);
  assert.equal((uploads(sim)[0]?.body as { BatchId: string }).BatchId, 'Contoso Q3 / wave 1');
});

test('--dry-run --register says per customer how many devices would be registered into which batch and assigned; nothing is uploaded', async (t) => {
  const sim = await simulator(t);
  const dir = tempDir(t);
  const input = writeAutopilotFile(dir, laptops(3));
  const out = join(dir, 'plan.json');
  const run = await runCli([...args(input, out, sim), '--dry-run'].filter((a) => a !== '--quiet'), env);
  assert.equal(run.code, 0, run.stderr);
  // Plurals as a person writes them: "1 upload request", "3 devices".
  assert.match(run.stderr, new RegExp(`customer ${CUSTOMER}: would register 3 devices into batch "AutopilotHWID" \\(a new batch; 1 upload request\\), then assign 3 devices in 1 request`));
  assert.deepEqual(sim.requests.filter((r) => r.method !== 'GET'), []);
  const rows = rowsOf(out);
  assert.deepEqual(rows.map((r) => r.status), ['planned', 'planned', 'planned']);
  assert.match(rows[0]?.detail ?? '', /would be registered into batch "AutopilotHWID" \(a new batch\), then assigned its policy/);
  const summary = JSON.parse(run.stdout) as { registered: number; requests: number };
  assert.deepEqual([summary.registered, summary.requests], [3, 2]);
});

/**
 * Six devices in uploads of four, and a service that holds the first upload until `held.open()`: the
 * command is started and killed (-9) once that upload has reached the service.
 */
async function killDuringUpload(t: TestContext) {
  const held = gate();
  const sim = await simulator(t, { sleep: held.sleep, failNextRequests: [{ kind: 'delay', method: 'POST', ms: 60_000 }] });
  const devices = laptops(6);
  const out = join(tempDir(t), 'r.json');
  const command = [...args(writeAutopilotFile(dirname(out), devices), out, sim), '--chunk-size', '4'];
  const first = startCli(command, env);
  await until(() => uploads(sim).length === 1);
  first.kill('SIGKILL');
  assert.equal((await first.result).signal, 'SIGKILL');
  return { held, sim, devices, out, command };
}

test('kill -9 while an upload is in flight, the service finishing it only later: the same command sends it again under its MS-RequestId; one upload per device', async (t) => {
  const { held, sim, devices, out, command } = await killDuringUpload(t);
  assert.match(readFileSync(`${out}.journal`, 'utf8'), /"kind":"intent","requestId":"[^"]+","op":"create-batch"/);
  const second = await runCli(command, env);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stderr, /resuming: 1 device uploads of an earlier run are seen through/);
  const [lost, resent] = uploads(sim);
  assert.equal(resent?.headers['ms-requestid'], lost?.headers['ms-requestid'], 'the interrupted upload is sent again under its MS-RequestId');
  // Now the dead run's request completes in the service: the same request ID, so no second job.
  held.open();
  await until(() => lost?.status !== undefined);
  assert.equal(sim.stats().replays, 1);
  assert.deepEqual(Object.fromEntries(uploadsPerDevice(sim)), Object.fromEntries(devices.map((d) => [d.serial, 1])));
  const rows = rowsOf(out);
  assert.deepEqual(rows.map((r) => r.status), Array(6).fill('accepted'));
  assert.deepEqual(rows.map((r) => r.registered), Array(6).fill('AutopilotHWID'));
  const assigned = assignmentsPerDevice(sim);
  assert.ok([...assigned.values()].every((n) => n === 1), 'each device assigned once');
  assert.deepEqual([...assigned.keys()].sort(), rows.map((r) => r.resolvedDeviceId ?? '').sort());
  assert.ok(!existsSync(`${out}.journal`));
});

test('kill -9 while an upload is in flight, the service finishing it at once: the same command finds those devices and uploads only the rest', async (t) => {
  const { held, sim, devices, out, command } = await killDuringUpload(t);
  held.open();
  await until(() => sim.jobs().length === 1);
  const second = await runCli([...command, '--json'], env);
  assert.equal(second.code, 0, second.stderr);
  // Registered by this command, though by its first, killed run: the results say so all the same.
  assert.equal((JSON.parse(second.stdout) as { registered: number }).registered, 6);
  // The first four are registered (their job is done), so only the last two are uploaded, added to the batch.
  assert.deepEqual(uploads(sim).map((u) => u.path.endsWith('/deviceBatches/AutopilotHWID/devices')), [false, true]);
  assert.deepEqual(Object.fromEntries(uploadsPerDevice(sim)), Object.fromEntries(devices.map((d) => [d.serial, 1])));
  const rows = rowsOf(out);
  assert.deepEqual(rows.map((r) => r.status), Array(6).fill('accepted'));
  assert.deepEqual(rows.map((r) => r.registered), Array(6).fill('AutopilotHWID'));
  const assigned = assignmentsPerDevice(sim);
  assert.equal(assigned.size, 6);
  assert.ok([...assigned.values()].every((n) => n === 1), 'each device assigned once');
});

test('--batch without --register, or --register with --offline, is a usage error before anything is read or sent', async (t) => {
  const sim = await simulator(t);
  const dir = tempDir(t);
  const input = writeAutopilotFile(dir, laptops(1));
  const out = join(dir, 'r.json');
  const batchAlone = await runCli(args(input, out, sim, '--batch', 'B').filter((a) => a !== '--register'), env);
  assert.equal(batchAlone.code, 2);
  assert.match(batchAlone.stderr, /--batch names the batch --register uploads into; add --register/);
  const offline = await runCli(args(input, out, sim, '--offline'), env);
  assert.equal(offline.code, 2);
  assert.match(offline.stderr, /--register uploads the devices resolution does not find; --offline looks nothing up/);
  assert.deepEqual(sim.requests, []);
});

test('kill -9 while an accepted upload job is being tracked: the same command tracks that job again and uploads nothing', async (t) => {
  const early = Date.UTC(2026, 0, 5, 9);
  // The service's clock stands still until the second run asks for the job: only then is it done.
  let sim: Simulator | undefined;
  const jobReads = (): number => sim?.requests.filter((r) => /batchJobStatus/.test(r.path)).length ?? 0;
  sim = await simulator(t, { jobSteps: 2, jobStepMs: 1000, now: () => (jobReads() >= 2 ? early + 60_000 : early) });
  const dir = tempDir(t);
  const devices = laptops(3);
  const input = writeAutopilotFile(dir, devices);
  const out = join(dir, 'r.json');
  const command = args(input, out, sim);

  const first = startCli(command, env);
  await until(() => jobReads() === 1);
  first.kill('SIGKILL');
  await first.result;
  assert.match(readFileSync(`${out}.journal`, 'utf8'), /"kind":"answer","requestId":"[^"]+","at":"[^"]+","answer":\{"kind":"accepted"/);

  const second = await runCli(command, env);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stderr, /resuming: 1 device uploads of an earlier run are seen through/);
  assert.equal(uploads(sim).length, 1, 'the accepted upload is not sent again');
  assert.deepEqual(Object.fromEntries(uploadsPerDevice(sim)), Object.fromEntries(devices.map((d) => [d.serial, 1])));
  const rows = rowsOf(out);
  assert.deepEqual(rows.map((r) => [r.status, r.registered]), Array(3).fill(['accepted', 'AutopilotHWID']));
  const ids = sim.jobs().find((j) => j.batchId !== undefined)?.devices.map((d) => d.deviceId);
  assert.deepEqual(rows.map((r) => r.resolvedDeviceId), ids);
  assert.deepEqual([...assignmentsPerDevice(sim).keys()].sort(), [...(ids ?? [])].sort());
});

test('Ctrl-C while an upload is in flight: it is let finish, the rows are not-sent and say so, and the same command then assigns them without uploading again', async (t) => {
  const held = gate();
  const sim = await simulator(t, { sleep: held.sleep, failNextRequests: [{ kind: 'delay', method: 'POST', ms: 60_000 }] });
  const devices = laptops(3);
  const out = join(tempDir(t), 'r.json');
  const command = args(writeAutopilotFile(dirname(out), devices), out, sim);
  const run = startCli(command, env);
  await until(() => uploads(sim).length === 1);
  run.kill('SIGINT');
  await stderrMatches(run, /SIGINT: no new requests/);
  // The upload in flight is let finish; nothing new starts, the job is not waited for.
  held.open();
  const stopped = await run.result;
  assert.equal(stopped.code, 130, stopped.stderr);
  const rows = rowsOf(out);
  assert.deepEqual(rows.map((r) => r.status), Array(3).fill('not-sent'));
  assert.match(rows[0]?.detail ?? '', /upload job [0-9a-f-]+ had not finished registering the device \(interrupted\); run the same command again to finish \(the upload is not repeated\)/);
  assert.equal(patches(sim).length, 0);
  assert.ok(existsSync(`${out}.journal`), 'the journal is kept for the next run');

  const again = await runCli(command, env);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(uploads(sim).length, 1, 'the upload is not repeated');
  assert.deepEqual(rowsOf(out).map((r) => [r.status, r.registered]), Array(3).fill(['accepted', 'AutopilotHWID']));
  assert.equal(assignmentsPerDevice(sim).size, 3);
});
