import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import ExcelJS from '../../src/vendor/exceljs.js';
import { mapColumns } from '../../src/map/columns.js';
import { isInputError } from '../../src/read/errors.js';
import { TEMPLATE_HEADERS, writeTemplate } from '../../src/template.js';
import { tempDir } from '../helpers/paths.js';
import { collect, open } from './read-helpers.js';

for (const ext of ['xlsx', 'csv']) {
  test(`a .${ext} template is read back with every field mapped and no rows`, async (t) => {
    const file = join(tempDir(t), `template.${ext}`);
    await writeTemplate(file);
    const table = await open(file);
    assert.deepEqual(table.info.headers, [...TEMPLATE_HEADERS]);
    assert.deepEqual(mapColumns(table.info.headers, {}, file), { customer: 0, device: 1, policy: 2 });
    assert.deepEqual(await collect(table.rows), []);
  });
}

test('the CSV template starts with a BOM so that Excel reads it as UTF-8', async (t) => {
  const file = join(tempDir(t), 'template.csv');
  await writeTemplate(file);
  assert.equal(readFileSync(file, 'utf8'), '\ufeffCustomer ID,Device ID,Policy ID\r\n');
});

test('the XLSX template: Devices first with a bold header and text-formatted columns, then Instructions', async (t) => {
  const file = join(tempDir(t), 'template.xlsx');
  await writeTemplate(file);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  assert.deepEqual(
    wb.worksheets.map((w) => w.name),
    ['Devices', 'Instructions'],
  );
  const devices = wb.getWorksheet('Devices');
  assert.ok(devices);
  assert.equal(devices.getCell('A1').font?.bold, true);
  assert.equal(devices.getColumn(2).numFmt, '@');
  const help = wb.getWorksheet('Instructions');
  assert.ok(help);
  assert.equal(help.getCell('A2').value, 'Customer ID');
});

test('refuses to overwrite a file', async (t) => {
  const file = join(tempDir(t), 'devices.xlsx');
  writeFileSync(file, 'precious');
  await assert.rejects(writeTemplate(file), (e: unknown) => isInputError(e) && e.code === 'bad-option' && /already exists/.test(e.message));
  assert.equal(readFileSync(file, 'utf8'), 'precious');
});

test('refuses an extension it cannot write', async (t) => {
  await assert.rejects(writeTemplate(join(tempDir(t), 'devices.ods')), { code: 'bad-option', message: /\.xlsx or \.csv/ });
});
