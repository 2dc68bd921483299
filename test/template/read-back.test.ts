// The template as the tool itself reads it back, and as Excel will show it: the columns, their Text
// format, the 36-character check on the GUID columns, and an Instructions sheet that apply never
// mistakes for data.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { DataValidation, Workbook } from 'exceljs';
import ExcelJS from '../../src/vendor/exceljs.js';
import { fieldOfHeader } from '../../src/map/aliases.js';
import { mapColumns } from '../../src/map/columns.js';
import { isInputError } from '../../src/read/errors.js';
import { CHECKED_ROWS, EXAMPLE_ROWS, TEMPLATE_COLUMNS, TEMPLATE_HEADERS } from '../../src/template/content.js';
import { writeTemplate } from '../../src/template/write.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';
import { collect, open } from '../read/read-helpers.js';

const HEADERS = [
  'Customer Name',
  'Customer ID',
  'Device ID',
  'Serial Number',
  'Product Key',
  'Hardware Hash',
  'Manufacturer',
  'Model',
  'Profile Name',
  'Policy ID',
  'Notes',
];

for (const ext of ['xlsx', 'csv']) {
  test(`a .${ext} template is read back with its columns mapped and no rows`, async (t) => {
    const file = join(tempDir(t), `template.${ext}`);
    await writeTemplate(file);
    const table = await open(file);
    assert.deepEqual(table.info.headers, HEADERS);
    assert.deepEqual(mapColumns(table.info.headers, {}, file), {
      customerName: 0,
      customer: 1,
      device: 2,
      serial: 3,
      productKey: 4,
      hardwareHash: 5,
      manufacturer: 6,
      model: 7,
      policyName: 8,
      policy: 9,
    });
    assert.deepEqual(await collect(table.rows), []);
  });
}

test('the CSV template is the header alone, UTF-8 with a BOM so that Excel reads it as UTF-8', async (t) => {
  const file = join(tempDir(t), 'template.csv');
  await writeTemplate(file);
  assert.equal(readFileSync(file, 'utf8'), `\ufeff${HEADERS.join(',')}\r\n`);
});

async function readTemplate(t: { after(fn: () => void): void }): Promise<Workbook> {
  const file = join(tempDir(t), 'template.xlsx');
  await writeTemplate(file);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

test('the XLSX Devices sheet: bold frozen header, ID and serial columns formatted as Text', async (t) => {
  const wb = await readTemplate(t);
  assert.deepEqual(
    wb.worksheets.map((w) => w.name),
    ['Devices', 'Instructions'],
  );
  const devices = wb.getWorksheet('Devices');
  assert.ok(devices);
  assert.equal(devices.getCell('A1').font?.bold, true);
  assert.equal(devices.views[0]?.state, 'frozen');
  const text = HEADERS.filter((_, i) => devices.getColumn(i + 1).numFmt === '@');
  for (const header of ['Customer ID', 'Device ID', 'Serial Number', 'Product Key', 'Hardware Hash', 'Policy ID']) {
    assert.ok(text.includes(header), `${header} is formatted as Text`);
  }
});

test(`the XLSX Devices sheet flags a Customer ID or Policy ID that is not 36 characters, in rows 2 to ${CHECKED_ROWS + 1}`, async (t) => {
  const wb = await readTemplate(t);
  const devices = wb.getWorksheet('Devices');
  assert.ok(devices);
  for (const [letter, header] of [['B', 'Customer ID'], ['J', 'Policy ID']] as const) {
    assert.equal(devices.getCell(`${letter}1`).value, header);
    for (const row of [2, 100, CHECKED_ROWS + 1]) {
      const rule: DataValidation | undefined = devices.dataValidations.model[`${letter}${row}`];
      assert.ok(rule, `${letter}${row} is checked`);
      assert.equal(rule.type, 'textLength');
      assert.equal(rule.operator, 'equal');
      assert.deepEqual(rule.formulae, [36]);
      assert.equal(rule.allowBlank, true, 'an empty cell is not flagged');
      assert.equal(rule.showErrorMessage, true);
      assert.match(rule.error ?? '', new RegExp(`${header}.*36 characters`));
    }
    assert.equal(devices.dataValidations.model[`${letter}1`], undefined, 'the header is not checked');
  }
  assert.equal(devices.dataValidations.model['C2'], undefined, 'device IDs are not GUIDs and are not checked');
});

test('the Instructions sheet says when each column is needed and shows an example of each way to name a device', async (t) => {
  const wb = await readTemplate(t);
  const help = wb.getWorksheet('Instructions');
  assert.ok(help);
  const rows: string[][] = [];
  help.eachRow((row) => rows.push(Array.from({ length: help.columnCount }, (_, i) => String(row.getCell(i + 1).text))));
  const headings = rows.find((r) => r[0] === 'Column');
  assert.deepEqual(headings?.slice(3), ['Example: by ID', 'Example: by serial or hash', 'Example: to register']);
  for (const column of TEMPLATE_COLUMNS) {
    const line = rows.find((r) => r[0] === column.header);
    assert.ok(line, `${column.header} is explained`);
    assert.ok((line[1] ?? '') !== '' && (line[2] ?? '') !== '', `${column.header} says when and what`);
  }
  const example = (header: string, i: number): string => rows.find((r) => r[0] === header)?.[3 + i] ?? '';
  assert.match(example('Device ID', 0), /^\d{4}-/);
  assert.equal(example('Device ID', 1), '', 'the serial example has no device ID');
  assert.notEqual(example('Serial Number', 1), '');
  assert.notEqual(example('Hardware Hash', 2), '');
  assert.match(rows.find((r) => r[2] === 'How to run it')?.[5] ?? '', /--register/);
  assert.equal(EXAMPLE_ROWS.length, 3);
});

test('a Devices sheet whose header was deleted is refused, not read from the Instructions examples', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'devices.xlsx');
  await writeTemplate(file);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const devices = wb.getWorksheet('Devices');
  assert.ok(devices);
  devices.spliceRows(1, 1);
  await wb.xlsx.writeFile(file);
  const cli = await runCli(['apply', file, '--dry-run', '--out', join(dir, 'r.json')]);
  assert.equal(cli.code, 2, cli.stderr);
  assert.match(cli.stderr, /Instructions/, 'the sheets looked at are listed');
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

test('every template column but Notes is one the tool reads, by its header alone', () => {
  for (const header of TEMPLATE_HEADERS) {
    if (header === 'Notes') assert.equal(fieldOfHeader(header), undefined, 'Notes is the user\'s own column');
    else assert.notEqual(fieldOfHeader(header), undefined, `${header} is recognised`);
  }
});

test('TEMPLATE_HEADERS lists the columns in order', () => {
  assert.deepEqual([...TEMPLATE_HEADERS], HEADERS);
});
