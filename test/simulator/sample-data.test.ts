// The demo's simulator data must agree with the demo's input sheet: same customers, their policies,
// their devices registered, and exactly two devices of the sheet failing with 808.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import ExcelJS from '../../src/vendor/exceljs.js';
import type { BatchJobStatus } from '../../src/partner-center/wire.js';
import { loadSimulatorData } from '../../src/simulator/data.js';
import { FIXTURES } from '../helpers/paths.js';
import { get, patch, start, updateBody } from './harness.js';

const SAMPLE_DATA = join(FIXTURES, 'simulator', 'sample-data.json');
const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

interface SheetRow {
  customer: string;
  device: string;
  policy: string;
}

/** The sheet's rows whose customer and policy are GUIDs and whose device ID is text. */
async function sheetRows(): Promise<SheetRow[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(join(FIXTURES, 'sample-devices.xlsx'));
  const sheet = workbook.getWorksheet('Devices');
  assert.ok(sheet, 'sample-devices.xlsx has a Devices sheet');
  const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const at = (name: string): number => header.indexOf(name) + 1;
  const rows: SheetRow[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const text = (name: string): string => row.getCell(at(name)).text.trim();
    const customer = GUID.exec(text('Customer ID'))?.[1];
    const policy = GUID.exec(text('Policy ID'))?.[1];
    const device = text('Device ID');
    if (customer && policy && /^\d{4}-/.test(device)) {
      rows.push({ customer: customer.toLowerCase(), device, policy: policy.toLowerCase() });
    }
  });
  return rows;
}

test('sample-data.json gives every customer of the sample sheet its policies and registers its devices', async () => {
  const data = await loadSimulatorData(SAMPLE_DATA);
  const rows = await sheetRows();
  assert.ok(rows.length > 250);
  for (const row of rows) {
    const customer = data.customers[row.customer];
    assert.ok(customer, `customer ${row.customer} is in the data`);
    assert.ok(customer.policies?.some((p) => p.id === row.policy), `policy ${row.policy} is ${row.customer}'s`);
    const registered = Object.values(customer.batches ?? {}).flat();
    assert.ok(registered.some((d) => d.id === row.device), `device ${row.device} is registered`);
  }
  const others = data.otherTenantDevices ?? [];
  assert.equal(others.length, 2);
  const owners = others.map((id) => rows.find((r) => r.device === id)?.customer);
  assert.ok(owners.every((o) => o !== undefined), 'both 808 devices are rows of the sheet');
  assert.equal(new Set(owners).size, 2, 'of two different customers');
});

test('with the sample data, a sheet device of another tenant fails with 808 and its neighbour succeeds', async (t) => {
  const rows = await sheetRows();
  const data = await loadSimulatorData(SAMPLE_DATA);
  const bad = rows.find((r) => data.otherTenantDevices?.includes(r.device));
  const good = rows.find((r) => r.customer === bad?.customer && !data.otherTenantDevices?.includes(r.device));
  assert.ok(bad && good);
  const sim = await start(t, { data: SAMPLE_DATA, jobSteps: 0 });
  const res = await patch(sim, updateBody([good.device, bad.device], bad.policy), { customer: bad.customer });
  assert.equal(res.status, 202);
  const job = (await (await get(sim, res.headers.get('location') ?? '')).json()) as BatchJobStatus;
  assert.equal(job.status, 'finished_with_errors');
  assert.deepEqual(
    job.devicesStatus.map((d) => [d.status, d.errorCode]),
    [
      ['finished', null],
      ['finished_with_errors', '808'],
    ],
  );
  assert.ok(job.devicesStatus[0]?.serialNumber, 'a registered device reports its serial number');
});
