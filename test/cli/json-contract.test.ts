// `--json` as a ticket job reads it: real outputs of apply and status, held to the JSON Schema the
// package ships (validated by ajv, a maintained validator, never by the code under test), in each way a
// run can end. The exit code, the outcome word, the rows needing attention and the files must agree with
// what the run did.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { startSimulator, type Simulator } from '../../src/simulator/start.js';
import { runCli, startCli, stderrMatches } from '../helpers/cli.js';
import { FIXTURES, ROOT, tempDir } from '../helpers/paths.js';
import { cellText, readXlsxResults } from '../helpers/results.js';
import { CUSTOMERS, POLICY, registered } from '../apply/inputs.js';

const TOKEN = 'json-token-0a7d';
const env = { PARTNER_CENTER_TOKEN: TOKEN };
const [CONTOSO = '', FABRIKAM = ''] = CUSTOMERS;
const OTHER_TENANT = ['DEV-00005'];

// Strict, so a schema mistake (an unknown keyword, a misspelt type) fails here rather than passing
// everything; strictRequired off: the "no error" check names a property its branch does not declare, as
// JSON Schema allows.
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schema', 'summary.schema.json'), 'utf8')) as object);

interface Attention {
  row: number;
  status: string;
  device: string;
  serial?: string;
  customer: string;
  customerName?: string;
  reason: { code?: string; httpStatus?: number; kind: string; text: string };
}
interface Summary {
  schemaVersion: number;
  command: string;
  outcome: string;
  exitCode: number;
  ticket?: string;
  byStatus: Record<string, number>;
  perCustomer: Array<{ customer: string; name?: string }>;
  attention: Attention[];
  files: Record<string, string>;
  intoCommand?: string;
  error?: string;
}

/** stdout parsed and held to the schema; the process's exit code is the one it states. */
function contract(run: { code: number | null; stdout: string; stderr: string }): Summary {
  let json: unknown;
  try {
    json = JSON.parse(run.stdout);
  } catch {
    assert.fail(`stdout is not JSON alone:\n${run.stdout}\n--- stderr:\n${run.stderr}`);
  }
  assert.ok(validate(json), `${ajv.errorsText(validate.errors)}\n${run.stdout.slice(0, 2000)}`);
  const summary = json as Summary;
  assert.equal(summary.exitCode, run.code, 'the JSON states the exit code the process gave');
  return summary;
}

/** Twelve devices of two named customers; rows 5 and 8 have a policy that is not a GUID; DEV-00005 belongs to another tenant. */
function writeSheet(dir: string): string {
  const lines = Array.from({ length: 12 }, (_, i) => {
    const customer = i % 2 === 0 ? CONTOSO : FABRIKAM;
    const policy = i === 3 || i === 6 ? 'profil-standard' : POLICY;
    return [customer === CONTOSO ? 'Contoso Ltd' : 'Fabrikam Inc', customer, `DEV-${String(i + 1).padStart(5, '0')}`, policy, `SN-${i + 1}`].join(',');
  });
  const path = join(dir, 'devices.csv');
  writeFileSync(path, `Customer Name,Customer ID,Device ID,Policy ID,Serial Number\r\n${lines.join('\r\n')}\r\n`);
  return path;
}

async function simulator(t: { after(fn: () => Promise<void>): void }, options: { jobStepMs?: number } = {}): Promise<Simulator> {
  // The devices the sheets name are the customers' (apply lists them before sending): DEV-00001 to 12 of both.
  const sheet = [CONTOSO, FABRIKAM].flatMap((customer) => Array.from({ length: 12 }, (_, i) => ({ customer, device: `DEV-${String(i + 1).padStart(5, '0')}`, policy: POLICY })));
  const sim = await startSimulator({ token: TOKEN, jobSteps: options.jobStepMs === undefined ? 0 : 3, ...options, data: registered(sheet, { customers: {}, otherTenantDevices: OTHER_TENANT }) });
  t.after(() => sim.close());
  return sim;
}

test('a dry run: valid, the invalid rows listed with their reasons, nothing sent', async (t) => {
  const dir = tempDir(t);
  const out = join(dir, 'dry.results.xlsx');
  const run = await runCli(['apply', join(FIXTURES, 'sample-devices.xlsx'), '--dry-run', '--offline', '--out', out, '--json', '--quiet']);
  const json = contract(run);
  assert.equal(json.command, 'apply');
  assert.equal(json.outcome, 'needs-attention');
  assert.ok(json.attention.length > 0 && json.attention.every((a) => a.status === 'invalid' && a.reason.text !== ''), JSON.stringify(json.attention[0]));
  assert.equal(json.attention.length, json.byStatus['invalid']);
  assert.deepEqual(json.files, { results: out });
});

test('a run with invalid and failed rows, waited for: every row needing attention with its code and words, the files, the ticket everywhere', async (t) => {
  const sim = await simulator(t);
  const dir = tempDir(t);
  const input = writeSheet(dir);
  const out = join(dir, 'devices.results.xlsx');
  const report = join(dir, 'ticket.md');
  const failures = join(dir, 'fix.csv');
  const log = join(dir, 'run.ndjson');
  const run = await runCli(
    ['apply', input, '--endpoint', sim.url, '--wait', '--wait-timeout', '60', '--report', report, '--failures', failures, '--log', log, '--ticket', 'INC0012345', '--json'],
    { env },
  );
  const json = contract(run);
  assert.equal(json.outcome, 'needs-attention');
  assert.equal(json.ticket, 'INC0012345');
  assert.deepEqual(json.attention.map((a) => [a.row, a.status, a.device, a.serial, a.customerName, a.reason.code]), [
    [5, 'invalid', 'DEV-00004', 'SN-4', 'Fabrikam Inc', undefined],
    [6, 'failed', 'DEV-00005', 'SN-5', 'Contoso Ltd', '808'],
    [8, 'invalid', 'DEV-00007', 'SN-7', 'Contoso Ltd', undefined],
  ]);
  const failed = json.attention.find((a) => a.status === 'failed');
  assert.match(failed?.reason.text ?? '', /another tenant/);
  assert.equal(failed?.customer, CONTOSO);
  // Rows failing alike share their kind, which leaves out what is particular to each.
  const invalid = json.attention.filter((a) => a.status === 'invalid');
  assert.equal(new Set(invalid.map((a) => a.reason.kind)).size, 1);
  assert.deepEqual(json.files, { results: out, report, failures, log });
  assert.equal(json.intoCommand, `device-policy apply ${failures} --into ${out}`);
  assert.ok(run.stderr.includes(json.intoCommand ?? '-'), 'the console suggests it too');

  // The ticket in the report's title, the Summary sheet and every line of the log.
  assert.match(readFileSync(report, 'utf8').split('\n')[0] ?? '', /^# INC0012345: 9 devices applied, 1 failed/);
  assert.equal(cellText((await readXlsxResults(out)).summary.get('Ticket')), 'INC0012345');
  const lines = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { ticket?: string });
  assert.ok(lines.length > 0 && lines.every((l) => l.ticket === 'INC0012345'));

  // status on the same file: the same object, its command right, the same exit code.
  const status = await runCli(['status', out, '--json'], { env });
  const again = contract(status);
  assert.equal(again.command, 'status');
  assert.equal(again.exitCode, json.exitCode);
  assert.equal(again.ticket, 'INC0012345', 'the ticket the file records');
  assert.deepEqual(again.attention.map((a) => [a.row, a.status, a.reason.code]), json.attention.map((a) => [a.row, a.status, a.reason.code]));
});

test('--wait that runs out with devices pending: exit 3, pending, the same from status', async (t) => {
  // Jobs that take an hour a step: every device is still queued when the wait runs out.
  const sim = await simulator(t, { jobStepMs: 3_600_000 });
  const dir = tempDir(t);
  const input = join(dir, 'few.csv');
  writeFileSync(input, `Customer ID,Device ID,Policy ID\r\n${CONTOSO},DEV-00001,${POLICY}\r\n${CONTOSO},DEV-00002,${POLICY}\r\n`);
  const out = join(dir, 'few.results.json');
  const run = await runCli(['apply', input, '--out', out, '--endpoint', sim.url, '--wait', '--wait-timeout', '1', '--json', '--quiet'], { env });
  const json = contract(run);
  assert.equal(json.outcome, 'pending');
  assert.deepEqual(json.attention.map((a) => [a.row, a.status]), [[2, 'pending'], [3, 'pending']]);

  const status = contract(await runCli(['status', out, '--json', '--quiet'], { env }));
  assert.deepEqual([status.command, status.exitCode, status.outcome], ['status', 3, 'pending']);
});

test('interrupted while waiting: exit 130, interrupted, the results written', async (t) => {
  const sim = await simulator(t, { jobStepMs: 3_600_000 });
  const dir = tempDir(t);
  const input = join(dir, 'one.csv');
  writeFileSync(input, `Customer ID,Device ID,Policy ID\r\n${CONTOSO},DEV-00001,${POLICY}\r\n`);
  const out = join(dir, 'one.results.json');
  const run = startCli(['apply', input, '--out', out, '--endpoint', sim.url, '--wait', '--json'], { env });
  await stderrMatches(run, /waiting for the batch jobs/);
  run.kill('SIGINT');
  const json = contract(await run.result);
  assert.equal(json.outcome, 'interrupted');
  assert.equal(json.files['results'], out);
  assert.ok(existsSync(out));
});

test('a sign-in the service refuses: rows not sent, the journal kept and named, the ticket in its header', async (t) => {
  const sim = await simulator(t);
  const dir = tempDir(t);
  const input = join(dir, 'refused.csv');
  writeFileSync(input, `Customer ID,Device ID,Policy ID\r\n${CONTOSO},DEV-00001,${POLICY}\r\n`);
  const out = join(dir, 'refused.results.json');
  const run = await runCli(['apply', input, '--out', out, '--endpoint', sim.url, '--json', '--quiet', '--ticket', 'CHG-77'], { env: { PARTNER_CENTER_TOKEN: 'not-the-token' } });
  const json = contract(run);
  assert.equal(json.outcome, 'needs-attention');
  assert.deepEqual(json.attention.map((a) => a.status), ['not-sent']);
  assert.equal(json.files['journal'], `${out}.journal`);
  const header = JSON.parse(readFileSync(`${out}.journal`, 'utf8').split('\n')[0] ?? '') as { ticket?: string };
  assert.equal(header.ticket, 'CHG-77');
});

test('a command that cannot start still prints JSON: not-started, exit 2, why', async (t) => {
  const dir = tempDir(t);
  const apply = contract(await runCli(['apply', join(dir, 'missing.xlsx'), '--dry-run', '--offline', '--json']));
  assert.deepEqual([apply.command, apply.outcome], ['apply', 'not-started']);
  assert.match(apply.error ?? '', /missing\.xlsx/);
  // From the environment too, as a ticket job sets it.
  const status = contract(await runCli(['status', join(dir, 'missing.results.xlsx')], { env: { DEVICE_POLICY_JSON: '1' } }));
  assert.deepEqual([status.command, status.outcome], ['status', 'not-started']);
  // A reference that would break a report's title is refused.
  const ticket = contract(await runCli(['apply', join(dir, 'missing.xlsx'), '--dry-run', '--offline', '--json', '--ticket', 'INC1\nsecond line']));
  assert.match(ticket.error ?? '', /--ticket/);
});
