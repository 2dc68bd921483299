// The frictions of a vendor sheet, repeated as commands: each stops (or goes on) with the exact next step
// in the message, and that step, taken as written, gets past it. Columns the tool does not read are named
// once on the console and in the Summary sheet.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { readXlsxResults } from '../helpers/results.js';
import { tempDir } from '../helpers/paths.js';

const CUSTOMER = 'c7f3c849-129f-4b85-a96d-4f8e88b315a3';
const POLICY = '15a04610-9229-4e80-94e0-0e826a09c9e2';

/** The `--…` options a message tells the user to add, split as a shell would (`--map serial="Serial No."`). */
function optionsToAdd(stderr: string): string[] {
  const added = /add ((?:--[\w-]+ (?:[\w-]+="[^"]*"|\d+) ?)+)$/m.exec(stderr)?.[1] ?? '';
  return [...added.matchAll(/(--[\w-]+) (?:([\w-]+)="([^"]*)"|(\d+))/g)].flatMap((m) => [m[1] ?? '', m[4] ?? `${m[2]}=${m[3]}`]);
}

test('headers "Serial No." and "Autopilot Profile Name": exit 2 with the --map to add, and with it the sheet is read', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'vendor.csv');
  writeFileSync(file, `Customer ID,Serial No.,Autopilot Profile Name\r\n${CUSTOMER},PF3X00001,Contoso - Standard user-driven\r\n`);
  const first = await runCli(['apply', file, '--dry-run', '--offline']);
  assert.equal(first.code, 2, first.stderr);
  const add = optionsToAdd(first.stderr);
  assert.deepEqual(add, ['--map', 'serial=Serial No.', '--map', 'policyName=Autopilot Profile Name'], first.stderr);
  const second = await runCli(['apply', file, '--dry-run', '--offline', ...add]);
  // Read: its row needs a lookup --offline does not make (exit 1), but the header is no longer the problem.
  assert.equal(second.code, 1, second.stderr);
  assert.match(second.stderr, /Plan for .*vendor\.csv \(header on row 1\)/);
});

test('a header on row 25: exit 2 with the --header-row to add, and with it the sheet is read', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'report.csv');
  const notes = Array.from({ length: 23 }, (_, i) => `Shipment note ${i + 1}`);
  writeFileSync(file, ['Device report', ...notes, 'Customer ID,Device ID,Policy ID', `${CUSTOMER},9993-8627-3608-6844-6369-4361-72,${POLICY}`].join('\r\n'));
  const first = await runCli(['apply', file, '--dry-run', '--offline']);
  assert.equal(first.code, 2, first.stderr);
  const add = optionsToAdd(first.stderr);
  assert.deepEqual(add, ['--header-row', '25'], first.stderr);
  const second = await runCli(['apply', file, '--dry-run', '--offline', ...add]);
  assert.equal(second.code, 0, second.stderr);
});

test('columns the tool does not read are named once on the console and in the Summary sheet', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'devices.csv');
  writeFileSync(file, `Customer ID,Device ID,Asset Tag,Policy ID,PO Number\r\n${CUSTOMER},9993-8627-3608-6844-6369-4361-72,AT-1,${POLICY},PO-4711\r\n`);
  const out = join(dir, 'devices.results.xlsx');
  const cli = await runCli(['apply', file, '--dry-run', '--offline', '--out', out]);
  assert.equal(cli.code, 0, cli.stderr);
  assert.equal(cli.stderr.split('\n').filter((l) => l.startsWith('not used:')).length, 1, cli.stderr);
  assert.match(cli.stderr, /^not used: "Asset Tag", "PO Number" \(kept in the results as they are\)$/m);
  const results = await readXlsxResults(out);
  assert.equal(results.summary.get('Columns not used'), 'Asset Tag, PO Number');
  assert.equal(results.rows[0]?.['PO Number'], 'PO-4711', 'kept in the results');
});
