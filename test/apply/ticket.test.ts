// What an onboarding engineer attaches to a ticket, end to end against the simulator and read back as a
// person would (exceljs, csv-parse): Status is the final word, the report names failed devices and
// customers by name, the failures file goes back through apply, `status --report` refreshes the report
// after the fact, and finished results are never overwritten silently.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { startSimulator, type Simulator } from '../../src/simulator/start.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';
import { cellText, readCsvResults, readXlsxResults } from '../helpers/results.js';
import { CUSTOMERS, POLICY, readJsonResults, registered } from './inputs.js';
import ExcelJS from '../../src/vendor/exceljs.js';

const TOKEN = 'ticket-token-5e21';
const env = { PARTNER_CENTER_TOKEN: TOKEN };
const [CONTOSO = '', FABRIKAM = ''] = CUSTOMERS;
const NAMES: Record<string, string> = { [CONTOSO]: 'Contoso Ltd', [FABRIKAM]: 'Fabrikam Inc' };
/** Devices the simulator says belong to another tenant (808). */
const OTHER_TENANT = ['DEV-00005', 'DEV-00010'];
/** Data rows whose policy cell is not a GUID (0-based among the data rows). */
const BAD_POLICY = new Set([3, 6]);

/** A German-Excel style sheet: `;`-separated, a customer-name column, serial numbers. */
function writeSheet(dir: string): string {
  const lines = Array.from({ length: 12 }, (_, i) => {
    const customer = i % 2 === 0 ? CONTOSO : FABRIKAM;
    const policy = BAD_POLICY.has(i) ? 'profil-standard' : POLICY;
    return [NAMES[customer], customer, `DEV-${String(i + 1).padStart(5, '0')}`, policy, `SN-${i + 1}`].join(';');
  });
  const path = join(dir, 'geraete.csv');
  writeFileSync(path, `Customer Name;Customer ID;Device ID;Policy ID;Serial Number\r\n${lines.join('\r\n')}\r\n`);
  return path;
}

async function simulator(t: { after(fn: () => Promise<void>): void }): Promise<Simulator> {
  // Every device of the sheet is registered to its customer, as a tenant's are (apply lists them).
  const sheet = Array.from({ length: 12 }, (_, i) => ({ customer: i % 2 === 0 ? CONTOSO : FABRIKAM, device: `DEV-${String(i + 1).padStart(5, '0')}`, policy: POLICY }));
  const sim = await startSimulator({ token: TOKEN, jobSteps: 0, data: registered(sheet, { customers: {}, otherTenantDevices: OTHER_TENANT }) });
  t.after(() => sim.close());
  return sim;
}

const patches = (sim: Simulator): number => sim.requests.filter((r) => r.method === 'PATCH').length;
const sentDevices = (sim: Simulator): string[] => sim.jobs().flatMap((job) => job.devices.map((d) => d.deviceId)).sort();

/** A CSV as Excel would split it: the BOM, the separator of its first line, the records. */
function readCsv(path: string): { bom: boolean; delimiter: string; rows: Record<string, string>[] } {
  const bytes = readFileSync(path);
  const text = bytes.toString('utf8');
  const bom = text.startsWith('\uFEFF');
  const first = text.replace(/^\uFEFF/, '').split('\r\n')[0] ?? '';
  const delimiter = first.includes(';') ? ';' : ',';
  const rows = parse(bytes, { bom: true, columns: true, delimiter }) as Record<string, string>[];
  return { bom, delimiter, rows };
}

test('device failures and invalid rows: applied/failed/invalid rows, a report naming devices and customers, a failures file, the reasons on the console', async (t) => {
  const sim = await simulator(t);
  const dir = tempDir(t);
  const input = writeSheet(dir);
  const out = join(dir, 'geraete.results.xlsx');
  const report = join(dir, 'ticket.md');
  const failures = join(dir, 'zu-beheben.csv');
  const run = await runCli(['apply', input, '--endpoint', sim.url, '--wait', '--wait-timeout', '60', '--report', report, '--failures', failures], { env });
  assert.equal(run.code, 1, run.stderr);

  // The results: Status is the final word, beside the request-level columns.
  const results = await readXlsxResults(out);
  const statusOf = (device: string): string => cellText(results.rows.find((r) => r['Device ID'] === device)?.['Status']);
  assert.equal(statusOf('DEV-00001'), 'applied');
  for (const device of OTHER_TENANT.slice(0, 1)) {
    const row = results.rows.find((r) => r['Device ID'] === device);
    assert.equal(cellText(row?.['Status']), 'failed');
    assert.match(cellText(row?.['Detail']), /808.*another tenant/);
    assert.equal(cellText(row?.['HTTP Status']), '202', 'the request itself was accepted');
  }
  assert.deepEqual(results.rows.map((r) => cellText(r['Status'])), [
    'applied', 'applied', 'applied', 'invalid', 'failed', 'applied', 'invalid', 'applied', 'applied', 'failed', 'applied', 'applied',
  ]);
  assert.equal(results.summary.get('applied'), 8);
  assert.equal(results.summary.get('failed'), 2);
  assert.equal(results.summary.get('Contoso Ltd'), CONTOSO, 'the Summary names customers by name');

  // The report: device counts first, customers by name, each failed device with its serial.
  const md = readFileSync(report, 'utf8');
  assert.equal(md.split('\n')[0], '# 8 devices applied, 2 failed, 0 pending, 0 not sent, 2 invalid');
  assert.match(md, /\| Contoso Ltd \| c7f3c849-129f-4b85-a96d-4f8e88b315a3 \| 6 \|/);
  assert.match(md, /### failed: 808 ZtdDeviceAssignedToOtherTenant[^\n]*\(2 rows\)/);
  assert.match(md, /\| 6 \| DEV-00005 \| SN-5 \| Contoso Ltd \| failed \|/);
  assert.match(md, /\| 11 \| DEV-00010 \| SN-10 \| Fabrikam Inc \| failed \|/);
  assert.match(md, /### invalid: Policy ID is not a GUID[^\n]*\(2 rows\)/);
  assert.match(md, /\| 5 \| DEV-00004 \| SN-4 \| Fabrikam Inc \| invalid \|/);

  // The failures file: only the rows to fix, Row, Status, Detail, their own columns, and the results file they
  // came from (beside it, so named by its name alone), in the input's dialect.
  const fix = readCsv(failures);
  assert.equal(fix.bom, true);
  assert.equal(fix.delimiter, ';', 'a ;-separated input gets a ;-separated failures file');
  assert.deepEqual(Object.keys(fix.rows[0] ?? {}), ['Row', 'Status', 'Detail', 'Customer Name', 'Customer ID', 'Device ID', 'Policy ID', 'Serial Number', 'Results File', 'Input Check']);
  assert.deepEqual(new Set(fix.rows.map((r) => r['Results File'])), new Set(['geraete.results.xlsx']));
  assert.deepEqual(fix.rows.map((r) => [r['Row'], r['Status'], r['Device ID']]), [
    ['5', 'invalid', 'DEV-00004'], ['6', 'failed', 'DEV-00005'], ['8', 'invalid', 'DEV-00007'], ['11', 'failed', 'DEV-00010'],
  ]);

  // The console: the most common reasons with example rows, and every file written.
  const said = run.stdout;
  assert.match(said, /2 invalid: Policy ID "profil-standard" is not a GUID[^\n]*\(rows 5, 8\)/);
  assert.match(said, /2 failed: 808 ZtdDeviceAssignedToOtherTenant[^\n]*\(rows 6, 11\)/);
  assert.ok(said.includes(`Results: ${out}`) && said.includes(`Report: ${report}`) && said.includes(`Rows to fix (4): ${failures}`), said);

  // Fixed and fed back: only those rows are sent, under their original row numbers.
  writeFileSync(failures, readFileSync(failures, 'utf8').replaceAll('profil-standard', POLICY));
  const before = patches(sim);
  const retry = join(dir, 'retry.json');
  const again = await runCli(['apply', failures, '--endpoint', sim.url, '--wait', '--wait-timeout', '60', '--out', retry], { env });
  assert.equal(again.code, 1, 'the 808 devices still fail');
  assert.ok(patches(sim) - before <= 2, 'one request per customer');
  const retried = readJsonResults(retry);
  assert.deepEqual(retried.rows.map((r) => [r.row, r.status, r.input['Device ID']]), [
    [5, 'applied', 'DEV-00004'], [6, 'failed', 'DEV-00005'], [8, 'applied', 'DEV-00007'], [11, 'failed', 'DEV-00010'],
  ]);
  assert.deepEqual(Object.keys(retried.rows[0]?.input ?? {}), ['Customer Name', 'Customer ID', 'Device ID', 'Policy ID', 'Serial Number']);
  assert.deepEqual(sentDevices(sim), [...Array.from({ length: 12 }, (_, i) => `DEV-${String(i + 1).padStart(5, '0')}`).filter((_, i) => !BAD_POLICY.has(i)),
    'DEV-00004', 'DEV-00005', 'DEV-00007', 'DEV-00010'].sort());
});

test('a CSV results file for a ;-separated input is ;-separated with a BOM', async (t) => {
  const sim = await simulator(t);
  const dir = tempDir(t);
  const out = join(dir, 'r.csv');
  const run = await runCli(['apply', writeSheet(dir), '--endpoint', sim.url, '--out', out], { env });
  assert.equal(run.code, 1, run.stderr);
  const csv = await readCsvResults(out);
  assert.equal(csv.delimiter, ';');
  assert.equal(csv.bom, true);
  assert.equal(csv.rows.length, 12);
  assert.equal(csv.rows[0]?.['Customer Name'], 'Contoso Ltd');
});

test('status --report after the fact: the devices asked about, the report and the failures file refreshed', async (t) => {
  const sim = await simulator(t);
  const dir = tempDir(t);
  const out = join(dir, 'r.json');
  const applied = await runCli(['apply', writeSheet(dir), '--endpoint', sim.url, '--out', out, '--quiet'], { env });
  assert.equal(applied.code, 1, 'two invalid rows');
  assert.deepEqual(readJsonResults(out).rows.filter((r) => r.status === 'accepted').length, 10, 'no device outcome asked for yet');

  const report = join(dir, 'later.md');
  const failures = join(dir, 'later-fix.xlsx');
  const status = await runCli(['status', out, '--report', report, '--failures', failures], { env });
  assert.equal(status.code, 1, status.stderr);
  assert.match(status.stderr, /2 failed: 808 ZtdDeviceAssignedToOtherTenant[^\n]*\(rows 6, 11\)/);
  assert.ok(status.stderr.includes(`Report: ${report}`) && status.stderr.includes(`Rows to fix (4): ${failures}`), status.stderr);
  const rows = readJsonResults(out).rows;
  assert.deepEqual(rows.filter((r) => r.status === 'failed').map((r) => r.input['Device ID']), OTHER_TENANT);
  const md = readFileSync(report, 'utf8');
  assert.equal(md.split('\n')[0], '# 8 devices applied, 2 failed, 0 pending, 0 not sent, 2 invalid');
  assert.match(md, /\| 6 \| DEV-00005 \| SN-5 \| Contoso Ltd \| failed \|/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(failures);
  const sheet = wb.getWorksheet('Results');
  assert.ok(sheet);
  assert.deepEqual((sheet.getRow(1).values as unknown[]).slice(1), ['Row', 'Status', 'Detail', 'Customer Name', 'Customer ID', 'Device ID', 'Policy ID', 'Serial Number', 'Results File', 'Input Check']);
  assert.deepEqual([2, 3, 4, 5].map((r) => [sheet.getRow(r).getCell(1).value, sheet.getRow(r).getCell(2).value, sheet.getRow(r).getCell(9).value]), [
    [5, 'invalid', 'r.json'], [6, 'failed', 'r.json'], [8, 'invalid', 'r.json'], [11, 'failed', 'r.json'],
  ]);
});

test('--out naming the finished results of another run is refused before anything is sent, unless --overwrite', async (t) => {
  const sim = await simulator(t);
  const dir = tempDir(t);
  const input = writeSheet(dir);
  const out = join(dir, 'r.xlsx');
  const first = await runCli(['apply', input, '--endpoint', sim.url, '--out', out, '--quiet'], { env });
  assert.equal(first.code, 1, first.stderr);
  const written = statSync(out).mtimeMs;
  const sent = patches(sim);

  const again = await runCli(['apply', input, '--endpoint', sim.url, '--out', out], { env });
  assert.equal(again.code, 2);
  assert.match(again.stderr, /holds the finished results of an earlier run/);
  assert.ok(again.stderr.includes(`apply ${out} --out ${join(dir, 'r.retry.xlsx')}`), `the message suggests feeding it back: ${again.stderr}`);
  assert.equal(patches(sim), sent, 'nothing sent');
  assert.equal(statSync(out).mtimeMs, written, 'the earlier results are untouched');

  const replaced = await runCli(['apply', input, '--endpoint', sim.url, '--out', out, '--overwrite', '--quiet'], { env });
  assert.equal(replaced.code, 1, replaced.stderr);
  assert.ok(patches(sim) > sent, 'with --overwrite the run goes ahead');

  // A dry run's results record nothing sent: replacing them loses nothing.
  const dry = join(dir, 'dry.xlsx');
  assert.equal((await runCli(['apply', input, '--dry-run', '--out', dry, '--quiet'])).code, 1);
  assert.equal((await runCli(['apply', input, '--dry-run', '--out', dry, '--quiet'])).code, 1);
});

test('Detail names a customer by the name the sheet gives it, beside its ID', async (t) => {
  const dir = tempDir(t);
  const input = join(dir, 'named.csv');
  // One device with two policies: both rows invalid, the Detail naming the device and its customer.
  writeFileSync(input, `Customer Name,Customer ID,Device ID,Policy ID\r\nContoso Ltd,${CONTOSO},DEV-1,${POLICY}\r\nContoso Ltd,${CONTOSO},DEV-1,9ab79dc7-6858-4998-a1a0-c1e008d78b8c\r\n`);
  const out = join(dir, 'named.results.xlsx');
  const run = await runCli(['apply', input, '--dry-run', '--offline', '--out', out, '--quiet']);
  assert.equal(run.code, 1, run.stderr);
  const results = await readXlsxResults(out);
  for (const row of results.rows) assert.match(cellText(row['Detail']), new RegExp(`of customer Contoso Ltd \\(${CONTOSO}\\) is listed with 2 different policies`));
});
