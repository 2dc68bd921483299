// `apply --wait` records each device's final state; --report and --log write what a ticket needs; and
// the token appears in none of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from '../../src/vendor/exceljs.js';
import { startSimulator } from '../../src/simulator/start.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';
import { devices, registered, writeDeviceCsv } from './inputs.js';

const TOKEN = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.secret-part-9c41';

async function allCellText(path: string): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const texts: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => texts.push(String(cell.text)))));
  return texts;
}

test('apply --wait records device outcomes (808 explained), writes report and log, and never leaks the token', async (t) => {
  const lines = devices(60, 2);
  const other = lines[4]?.device ?? '';
  const sim = await startSimulator({
    token: TOKEN,
    jobStepMs: 200,
    data: registered(lines, { customers: {}, otherTenantDevices: [other] }),
    failNextRequests: [{ kind: 'throttle', method: 'PATCH', retryAfter: 0 }, { kind: 'error', method: 'PATCH', status: 503 }],
  });
  t.after(() => sim.close());
  const dir = tempDir(t);
  const input = writeDeviceCsv(dir, lines);
  const out = join(dir, 'r.xlsx');
  const report = join(dir, 'ticket.md');
  const log = join(dir, 'http.ndjson');
  const run = await runCli(
    ['apply', input, '--out', out, '--endpoint', sim.url, '--chunk-size', '20', '--wait', '--wait-timeout', '60', '--report', report, '--log', log, '--json'],
    { env: { PARTNER_CENTER_TOKEN: TOKEN } },
  );
  assert.equal(run.code, 1, `one device failed, so exit 1: ${run.stderr}`);
  const summary = JSON.parse(run.stdout) as { devices: Record<string, number>; byStatus: Record<string, number> };
  assert.deepEqual(summary.devices, { succeeded: 59, failed: 1, pending: 0 });
  assert.equal(summary.byStatus['applied'], 59, 'Status follows the device once its outcome is known');
  assert.equal(summary.byStatus['failed'], 1);
  assert.equal(summary.byStatus['accepted'], 0);

  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(out);
  const sheet = wb.getWorksheet('Results');
  assert.ok(sheet);
  const header = (sheet.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
  const col = (name: string): number => header.indexOf(name);
  const failedRow = sheet.getRow(6); // data row 5 of the sheet: the 5th device, lines[4]
  assert.equal(failedRow.getCell(col('Device ID')).text, other);
  assert.equal(failedRow.getCell(col('Device Status')).text, 'failed');
  assert.match(failedRow.getCell(col('Device Error')).text, /808.*another tenant/i);
  assert.equal(failedRow.getCell(col('Status')).text, 'failed', 'no accepted beside a failed device');
  assert.match(failedRow.getCell(col('Detail')).text, /808.*another tenant/i);
  assert.equal(failedRow.getCell(col('HTTP Status')).text, '202', 'the request-level columns are kept');
  assert.equal(sheet.getRow(2).getCell(col('Device Status')).text, 'succeeded');
  assert.equal(sheet.getRow(2).getCell(col('Status')).text, 'applied');
  assert.match(sheet.getRow(2).getCell(col('Job Status')).text, /^finished/);
  assert.ok(sheet.getRow(2).getCell(col('Checked At')).text.length > 0);

  const md = readFileSync(report, 'utf8');
  assert.match(md, /808/);
  assert.equal(md.split('\n')[0], '# 59 devices applied, 1 failed, 0 pending, 0 not sent, 0 invalid');
  assert.match(md, new RegExp(`### failed: 808 ZtdDeviceAssignedToOtherTenant[^\n]*\\(1 row\\)[\\s\\S]*\\| 6 \\| ${other} \\| SN-5 \\|`),
    'the failed device is listed under its reason with its row, device ID and serial');
  assert.match(md, /batchJobStatus/);

  const records = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.ok(records.some((r) => r['status'] === 429) && records.some((r) => r['status'] === 503), 'retries are logged');
  assert.ok(records.some((r) => r['method'] === 'GET'), 'polling is logged');
  for (const r of records) {
    assert.ok(typeof r['requestId'] === 'string' && typeof r['attempt'] === 'number' && typeof r['durationMs'] === 'number');
  }

  // The token: not in stdout, stderr, the log, the report, any cell of the results, nor any file left.
  const everywhere = [run.stdout, run.stderr, readFileSync(log, 'utf8'), md, ...(await allCellText(out))];
  for (const name of readdirSync(dir)) if (!name.endsWith('.xlsx')) everywhere.push(readFileSync(join(dir, name), 'utf8'));
  for (const text of everywhere) assert.ok(!text.includes('secret-part-9c41'), 'the token leaked');
  assert.ok(!/authorization/i.test(readFileSync(log, 'utf8')));
});
