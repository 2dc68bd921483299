// The file Get-WindowsAutopilotInfo -Partner writes puts a hash of thousands of characters, unquoted, on
// every line. The reader must take far longer ones whole (a hash is never cut, or it matches nothing).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openTable } from '../../src/read/open-table.js';
import { headerCheck, mapColumns, toMappedRow } from '../../src/map/columns.js';
import { tempDir } from '../helpers/paths.js';

test('an unquoted 200,000-character field in a UTF-16LE CSV is read whole, in its column', async (t) => {
  const dir = tempDir(t);
  const hash = `T0FnAgEAHAAAAAoA${'AbCd+/9z'.repeat(25_000)}==`;
  const lines = [
    'Device Serial Number,Windows Product ID,Hardware Hash,Manufacturer name,Device model',
    `PF3X0001,,${hash},Microsoft Corporation,Surface Laptop 7`,
    `PF3X0002,00330-80000-00000-AA123,${hash.slice(0, 5000)},Dell Inc.,Latitude 7450`,
  ];
  const file = join(dir, 'AutopilotHWID.csv');
  writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf16le')]));
  const defaults = { customer: 'c7f3c849-129f-4b85-a96d-4f8e88b315a3', policy: 'Sales Laptops' };
  const table = await openTable(file, headerCheck({}, defaults));
  const map = mapColumns(table.info.headers, {}, file);
  const rows = [];
  for await (const row of table.rows) rows.push(toMappedRow(row, rows.length, map));
  assert.deepEqual(rows.map((r) => [r.rowNumber, r.fields.serial, r.fields.hardwareHash?.length, r.fields.productKey, r.fields.model]), [
    [2, 'PF3X0001', hash.length, undefined, 'Surface Laptop 7'],
    [3, 'PF3X0002', 5000, '00330-80000-00000-AA123', 'Latitude 7450'],
  ]);
  assert.equal(rows[0]?.fields.hardwareHash, hash);
});
