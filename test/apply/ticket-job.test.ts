// The README's ticket job, run as written: its two shell blocks (marked `<!-- ticket-job: … -->`) in
// bash, with the tool on PATH as an install puts it and ajv found as `npm install ajv` would leave it,
// against the simulator. Between them the failures file is corrected as a person would. At the end the
// one results file and its report show every row's current state, with the ticket's reference in each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from '../../src/vendor/exceljs.js';
import { startSimulator } from '../../src/simulator/start.js';
import { cleanEnv } from '../helpers/cli.js';
import { CLI, ROOT, tempDir } from '../helpers/paths.js';
import { cellText, readXlsxResults } from '../helpers/results.js';
import { CUSTOMERS, POLICY, registered } from './inputs.js';

const run = promisify(execFile);
const TOKEN = 'ticket-job-token-91c3';
const TICKET = 'INC0012345';
const [CONTOSO = ''] = CUSTOMERS;
const OTHER_TENANT = 'DEV-00006';

/** The shell block right under the README's `<!-- ticket-job: NAME -->` mark. */
function readmeBlock(name: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const mark = readme.indexOf(`<!-- ticket-job: ${name} -->`);
  assert.ok(mark >= 0, `the README marks the ticket job's "${name}" block`);
  const open = readme.indexOf('```sh\n', mark);
  const close = readme.indexOf('\n```', open + 1);
  return readme.slice(open + '```sh\n'.length, close);
}

/** The vendor's sheet: eight devices of Contoso; rows 3 and 8 name the profile by a word that is not its ID. */
async function writeSheet(path: string): Promise<void> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Devices');
  sheet.addRow(['Customer Name', 'Customer ID', 'Device ID', 'Policy ID', 'Serial Number']);
  for (let i = 1; i <= 8; i++) {
    sheet.addRow(['Contoso Ltd', CONTOSO, `DEV-${String(i).padStart(5, '0')}`, i === 2 || i === 7 ? 'standard' : POLICY, `SN-${i}`]);
  }
  await book.xlsx.writeFile(path);
}

test("the README's ticket job, end to end: one results file and its report end with every row's current state and the ticket", async (t) => {
  // The sheet's devices are Contoso's (apply lists them before sending).
  const sheet = Array.from({ length: 8 }, (_, i) => ({ customer: CONTOSO, device: `DEV-${String(i + 1).padStart(5, '0')}`, policy: POLICY }));
  const sim = await startSimulator({ token: TOKEN, jobSteps: 0, data: registered(sheet, { customers: {}, otherTenantDevices: [OTHER_TENANT] }) });
  t.after(() => sim.close());
  const dir = tempDir(t);
  const job = join(dir, 'job');
  mkdirSync(job);
  await writeSheet(join(job, 'devices.xlsx'));
  // `device-policy` on PATH, and the package and ajv where `npm install device-policy ajv` would put them.
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'device-policy'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  chmodSync(join(bin, 'device-policy'), 0o755);
  const modules = join(dir, 'modules');
  mkdirSync(modules);
  symlinkSync(ROOT, join(modules, 'device-policy'));
  const env = cleanEnv({
    PATH: `${bin}:${process.env['PATH'] ?? ''}`,
    NODE_PATH: `${modules}:${join(ROOT, 'node_modules')}`,
    PARTNER_CENTER_TOKEN: TOKEN,
    PARTNER_CENTER_ENDPOINT: sim.url,
    TICKET,
  });
  const bash = (script: string) => run('bash', ['-c', script], { cwd: job, env });

  const first = await bash(readmeBlock('first run'));
  assert.match(first.stdout, /^needs-attention: 3 rows need attention$/m, first.stderr);
  assert.match(first.stdout, /row 7 DEV-00006 failed: 808/);
  assert.match(first.stdout, /^rows to fix: /m);
  const fix = join(job, 'fix.csv');
  assert.equal(readFileSync(fix, 'utf8').split('\r\n').filter((l) => l !== '').length, 1 + 3);

  // The person working the ticket puts the profile right; the 808 device stays for its owner to release.
  writeFileSync(fix, readFileSync(fix, 'utf8').replaceAll(',standard,', `,${POLICY},`));
  const second = await bash(readmeBlock('after the fix'));
  assert.match(second.stdout, /^exit 1: attach devices\.results\.xlsx again/m, second.stderr);

  const summary = JSON.parse(readFileSync(join(job, 'summary.json'), 'utf8')) as { outcome: string; ticket: string; byStatus: Record<string, number>; attention: Array<{ row: number }> };
  assert.deepEqual([summary.outcome, summary.ticket, summary.byStatus['applied'], summary.byStatus['failed'], summary.byStatus['invalid']], ['needs-attention', TICKET, 7, 1, 0]);
  assert.deepEqual(summary.attention.map((a) => a.row), [7]);

  const results = await readXlsxResults(join(job, 'devices.results.xlsx'));
  assert.deepEqual(results.rows.map((r) => [r['Row'], r['Status'], cellText(r['Runs'])]), [
    [2, 'applied', '1'], [3, 'applied', '2'], [4, 'applied', '1'], [5, 'applied', '1'],
    [6, 'applied', '1'], [7, 'failed', '2'], [8, 'applied', '2'], [9, 'applied', '1'],
  ]);
  assert.equal(cellText(results.summary.get('Ticket')), TICKET);
  const report = readFileSync(join(job, 'ticket.md'), 'utf8');
  assert.equal(report.split('\n')[0], `# ${TICKET}: 7 devices applied, 1 failed, 0 pending, 0 not sent, 0 invalid`);
  assert.match(report, /\| 7 \| DEV-00006 \| SN-6 \| Contoso Ltd \| failed \|/);
  assert.equal(readFileSync(join(job, 'fix-again.csv'), 'utf8').split('\r\n').filter((l) => l !== '').length, 1 + 1);
});
