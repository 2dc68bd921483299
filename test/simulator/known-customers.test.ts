// The simulator answers 404 for a customer its data does not name (the mistake of a domain or a typo in
// place of a tenant ID can be practised), so the demo's data must name every customer its sheets send to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from '../../src/vendor/exceljs.js';
import { startSimulator } from '../../src/simulator/start.js';
import { runCli } from '../helpers/cli.js';
import { FIXTURES, tempDir } from '../helpers/paths.js';
import { readJsonResults } from '../apply/inputs.js';

const DATA = join(FIXTURES, 'simulator', 'sample-data.json');
const GUID = /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i;

async function customersOf(file: string): Promise<Set<string>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const found = new Set<string>();
  for (const sheet of workbook.worksheets) {
    const header = Array.from(sheet.getRow(1).values as unknown[], (v) => String(v ?? ''));
    const at = header.findIndex((h) => /^customer( tenant)? id$/i.test(h.trim()));
    if (at < 0) continue;
    sheet.eachRow((row, n) => {
      const cell = String(row.getCell(at).value ?? '').trim();
      if (n > 1 && GUID.test(cell)) found.add(cell.replace(/[{}]/g, '').toLowerCase());
    });
  }
  return found;
}

test('the demo data names every customer the demo sheets send to', async () => {
  const named = new Set(Object.keys((JSON.parse(readFileSync(DATA, 'utf8')) as { customers: Record<string, unknown> }).customers).map((c) => c.toLowerCase()));
  for (const sheet of ['sample-devices.xlsx', 'vendor-serials.xlsx']) {
    const customers = await customersOf(join(FIXTURES, sheet));
    assert.ok(customers.size > 0, sheet);
    for (const customer of customers) assert.ok(named.has(customer), `${sheet}: ${customer} is not in ${DATA}`);
  }
});

test('a customer the data does not name: its rows fail with the service\'s 404, the others go through', async (t) => {
  const sim = await startSimulator({ token: 'known-customers-3c1a', data: DATA });
  t.after(() => sim.close());
  const dir = tempDir(t);
  const input = join(dir, 'devices.csv');
  const policy = '15a04610-9229-4e80-94e0-0e826a09c9e2';
  writeFileSync(input, `Customer ID,Device ID,Policy ID\r\nc7f3c849-129f-4b85-a96d-4f8e88b315a3,DEV-1,${policy}\r\n0b1c2d3e-4f50-4617-8283-94a5b6c7d8e9,DEV-2,${policy}\r\n`);
  const out = join(dir, 'r.json');
  // Nothing listed first, so that the rows reach the service and meet its 404.
  const run = await runCli(['apply', input, '--out', out, '--endpoint', sim.url, '--no-check-policies', '--no-verify-devices', '--quiet'], { env: { PARTNER_CENTER_TOKEN: 'known-customers-3c1a' } });
  assert.equal(run.code, 1, run.stderr);
  const rows = readJsonResults(out).rows;
  assert.deepEqual(rows.map((r) => [r.status, r.httpStatus, r.errorCode]), [['accepted', 202, undefined], ['failed', 404, 'CustomerNotFound']]);
});
