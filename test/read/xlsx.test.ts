import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import ExcelJS from '../../src/vendor/exceljs.js';
import { isInputError } from '../../src/read/errors.js';
import { tempDir } from '../helpers/paths.js';
import { byRow, collect, fixture, open } from './read-helpers.js';
import { CAN_LIST_OPEN_FILES, filesLeftOpen, openFiles } from './open-files.js';

const VENDOR = fixture('vendor-workbook.xlsx');
const SAMPLE = fixture('sample-devices.xlsx');
const STREAMED = fixture('edge/streamed-order.xlsx');
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('vendor-workbook.xlsx', () => {
  test('skips the cover sheet and the title rows: header in row 4 of "Devices"', async () => {
    const { info } = await open(VENDOR);
    assert.equal(info.format, 'xlsx');
    assert.equal(info.sheet, 'Devices');
    assert.equal(info.headerRow, 4);
    assert.deepEqual(info.headers, ['Customer ID', 'Device ID', 'Policy ID', 'Model', 'Serial Number', 'Ship Date', 'Notes']);
  });

  test('numbers rows as Excel shows them, the blank rows 10-11 skipped', async () => {
    const rows = await byRow((await open(VENDOR)).rows);
    assert.deepEqual([...rows.keys()], [5, 6, 7, 8, 9, 12, 13, 14, 15, 16, 17]);
  });

  test('reads rich text, hyperlink and formula cells as their text, dates as ISO dates', async () => {
    const rows = await byRow((await open(VENDOR)).rows);
    const customer = rows.get(5)?.[0] ?? '';
    assert.match(customer, GUID);
    assert.equal(rows.get(6)?.[0], customer, 'rich text joined');
    assert.match(rows.get(7)?.[1] ?? '', /^\d{4}(-\d{4}){5}-\d{2}$/, 'hyperlink text, not its URL');
    assert.match(rows.get(8)?.[2] ?? '', GUID, 'formula result');
    assert.match(rows.get(14)?.[1] ?? '', /^\d{4}(-\d{4}){5}-\d{2}$/, 'formula result');
    assert.equal(rows.get(9)?.[0], `{${customer.toUpperCase()}}`, 'kept as written; validation normalizes');
    assert.equal(rows.get(15)?.[2], '#N/A');
    assert.equal(rows.get(5)?.[5], '2024-03-04');
    assert.equal(rows.get(13)?.[6], '', 'empty Notes cell padded');
  });

  test('flags number-stored IDs, showing a long one as Excel does', async () => {
    const rows = new Map((await collect((await open(VENDOR)).rows)).map((r) => [r.rowNumber, r]));
    assert.equal(rows.get(12)?.cells[1], '9.99386E+15');
    assert.deepEqual(rows.get(12)?.numericColumns, [1]);
    assert.equal(rows.get(17)?.cells[1], '48213377');
    assert.deepEqual(rows.get(17)?.numericColumns, [1]);
    assert.deepEqual(rows.get(5)?.numericColumns, [], 'a date is not a number-stored ID');
  });

  test('--sheet picks the sheet (names match case-insensitively, as in Excel)', async () => {
    const { info } = await open(VENDOR, { sheet: 'devices' });
    assert.equal(info.sheet, 'Devices');
  });

  test('an unknown --sheet lists the sheets', async () => {
    await assert.rejects(open(VENDOR, { sheet: 'Geräte' }), (e: unknown) => {
      assert.ok(isInputError(e));
      assert.equal(e.code, 'unknown-sheet');
      assert.ok(e.message.includes(VENDOR));
      assert.match(e.message, /"Geräte"/);
      assert.match(e.message, /Sheets: "Cover", "Devices"/);
      return true;
    });
  });

  test('--sheet naming a sheet without a header: no-header for that sheet', async () => {
    await assert.rejects(open(VENDOR, { sheet: 'Cover' }), (e: unknown) => {
      assert.ok(isInputError(e));
      assert.equal(e.code, 'no-header');
      assert.match(e.message, /sheet "Cover" row 1: "Contoso Logistics — Autopilot shipment 4711"/);
      return true;
    });
  });

  test('--header-row with --sheet reads from that row', async () => {
    const table = await open(VENDOR, { sheet: 'Devices', headerRow: 4 });
    assert.equal(table.info.headerRow, 4);
    assert.equal((await collect(table.rows)).length, 11);
  });
});

describe('sample-devices.xlsx', () => {
  test('306 data rows from row 2, the blank row 152 skipped', async () => {
    const table = await open(SAMPLE);
    assert.equal(table.info.sheet, 'Devices');
    assert.equal(table.info.headerRow, 1);
    const rows = await collect(table.rows);
    assert.equal(rows.length, 306);
    assert.equal(rows[0]?.rowNumber, 2);
    assert.equal(rows.at(-1)?.rowNumber, 308);
    assert.ok(!rows.some((r) => r.rowNumber === 152));
  });

  test('the deliberate mistakes are where fixtures/README.md says', async () => {
    const rows = new Map((await collect((await open(SAMPLE)).rows)).map((r) => [r.rowNumber, r]));
    assert.equal(rows.get(42)?.cells[2], '', 'empty device');
    assert.deepEqual(rows.get(77)?.cells, rows.get(13)?.cells, 'exact copy');
    assert.equal(rows.get(104)?.cells[2], rows.get(194)?.cells[2], 'same device twice');
    assert.notEqual(rows.get(104)?.cells[3], rows.get(194)?.cells[3], 'with two policies');
    assert.equal(rows.get(214)?.cells[1], 'northwind.onmicrosoft.com');
    assert.equal(rows.get(274)?.cells[2], '9.41277E+15');
    assert.deepEqual(rows.get(274)?.numericColumns, [2]);
  });
});

describe('edge/streamed-order.xlsx (sheets parsed straight from the zip)', () => {
  test('finds the second sheet and its rows', async () => {
    const table = await open(STREAMED);
    assert.equal(table.info.sheet, 'Devices');
    assert.deepEqual((await collect(table.rows)).map((r) => r.rowNumber), [2, 3, 4, 5]);
  });
});

describe('workbooks without a usable header', () => {
  test('no-header lists the headers found on every sheet', async (t) => {
    const file = join(tempDir(t), 'contacts.xlsx');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Cover').addRow(['Contacts export']);
    const people = wb.addWorksheet('People');
    people.addRow([]);
    people.addRow(['Name', 'Customer ID', 'Phone']);
    people.addRow(['Ana', 'c7f3c849-129f-4b85-a96d-4f8e88b315a3', '555-0100']);
    await wb.xlsx.writeFile(file);
    await assert.rejects(open(file), (e: unknown) => {
      assert.ok(isInputError(e));
      assert.equal(e.code, 'no-header');
      assert.ok(e.message.includes(file));
      assert.match(e.message, /sheet "Cover" row 1: "Contacts export"/);
      // The row closest to a header is quoted, with what it lacks.
      assert.match(e.message, /sheet "People" row 2: "Name", "Customer ID", "Phone" \(lacks a device column/);
      return true;
    });
  });

  test('a header on row 25 of the second sheet: named, with the --header-row that takes it (which finds the sheet)', async (t) => {
    const file = join(tempDir(t), 'report.xlsx');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Cover').addRow(['Quarterly shipment']);
    const devices = wb.addWorksheet('Devices');
    for (let i = 1; i <= 24; i++) devices.addRow([`Note ${i}`]);
    devices.addRow(['Customer ID', 'Device ID', 'Policy ID', 'Model', 'Asset Tag']);
    devices.addRow(['c7f3c849-129f-4b85-a96d-4f8e88b315a3', '9993-8627-3608-6844-6369-4361-72', '15a04610-9229-4e80-94e0-0e826a09c9e2', 'X', 'A1']);
    await wb.xlsx.writeFile(file);
    await assert.rejects(open(file), {
      code: 'no-header',
      message: `${file}: sheet "Devices": the header is on row 25 ("Customer ID", "Device ID", "Policy ID", "Model", …), below the first 20 rows searched: add --header-row 25`,
    });
    const table = await open(file, { headerRow: 25 });
    assert.equal(table.info.sheet, 'Devices');
    assert.deepEqual((await collect(table.rows)).map((r) => r.rowNumber), [26]);
  });

  test('a zip that is not a workbook is not a spreadsheet', async (t) => {
    const file = join(tempDir(t), 'archive.xlsx');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('x');
    // A valid zip with the worksheet entries renamed away: what a .docx or a plain .zip looks like to us.
    const zip = Buffer.from(await wb.xlsx.writeBuffer());
    const renamed = Buffer.from(zip.toString('latin1').replaceAll('xl/worksheets/sheet1.xml', 'xl/worksheets/notes1.xml'), 'latin1');
    writeFileSync(file, renamed);
    await assert.rejects(open(file), { code: 'not-a-spreadsheet' });
  });
});

describe('releasing the file', { skip: !CAN_LIST_OPEN_FILES }, () => {
  for (const file of [VENDOR, SAMPLE, STREAMED]) {
    test(`stopping early leaves nothing open, and the rows can be walked again (${file.split('/').pop() ?? ''})`, async () => {
      const before = openFiles();
      const table = await open(file);
      // The workbook stays open after the header, for the rows to follow in the same pass.
      for await (const row of table.rows) {
        assert.ok(row.rowNumber > table.info.headerRow);
        break;
      }
      assert.deepEqual(await filesLeftOpen(before), [], 'after stopping at the first row');
      const first = await collect(table.rows);
      const second = await collect(table.rows);
      assert.ok(first.length > 0);
      assert.deepEqual(second, first);
      assert.deepEqual(await filesLeftOpen(before), [], 'after reading to the end twice');
    });

    test(`the rows that follow the header search are the rows of a fresh pass (${file.split('/').pop() ?? ''})`, async () => {
      const before = openFiles();
      const table = await open(file);
      const followed = await collect(table.rows);
      const fresh = await collect(table.rows);
      assert.ok(followed.length > 0);
      assert.deepEqual(followed, fresh);
      assert.deepEqual(await filesLeftOpen(before), [], 'after both');
    });

    test(`a table closed without reading its rows leaves nothing open (${file.split('/').pop() ?? ''})`, async () => {
      const before = openFiles();
      const table = await open(file);
      await table.close?.();
      assert.deepEqual(await filesLeftOpen(before), [], 'after close()');
      // Its rows can still be read: from the file afresh.
      assert.ok((await collect(table.rows)).length > 0);
      assert.deepEqual(await filesLeftOpen(before), [], 'after reading them');
    });
  }
});
