import assert from 'node:assert/strict';
import { createWriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { describe, test } from 'node:test';
import { isInputError } from '../../src/read/errors.js';
import { tempDir } from '../helpers/paths.js';
import { byRow, collect, fixture, open } from './read-helpers.js';
import { CAN_LIST_OPEN_FILES, filesLeftOpen, openFiles } from './open-files.js';

const CUSTOMER = 'c7f3c849-129f-4b85-a96d-4f8e88b315a3';
const POLICY = '15a04610-9229-4e80-94e0-0e826a09c9e2';
const DEVICE = '9993-8627-3608-6844-6369-4361-72';

describe('european-export.csv (UTF-8 BOM, semicolons, CRLF)', () => {
  test('finds the header with the BOM stripped and picks ; as the delimiter', async () => {
    const { info } = await open(fixture('european-export.csv'));
    assert.equal(info.format, 'csv');
    assert.equal(info.headerRow, 1);
    assert.deepEqual(info.headers, ['Kunde', 'Customer Tenant ID', 'Device ID', 'Autopilot Profile ID', 'Serial Number', 'Bemerkung']);
  });

  test('numbers rows as Excel does: a two-line quoted cell is one row, the blank row is skipped but counted', async () => {
    const rows = await byRow((await open(fixture('european-export.csv'))).rows);
    assert.deepEqual([...rows.keys()], [2, 3, 4, 6, 7, 8, 9]);
    assert.equal(rows.get(3)?.[0], 'Schmidt; Söhne KG');
    assert.equal(rows.get(3)?.[5], 'Lieferung 2; Nachtrag');
    assert.equal(rows.get(4)?.[5], 'Zweizeilige\r\nBemerkung');
    assert.match(rows.get(6)?.[1] ?? '', /^\{[0-9A-F-]+\}$/);
  });

  test('trims cells and keeps empty trailing cells', async () => {
    const rows = await byRow((await open(fixture('european-export.csv'))).rows);
    assert.match(rows.get(8)?.[2] ?? '', /^\d{4}(-\d{4}){5}-\d{2}$/);
    assert.equal(rows.get(8)?.length, 6);
    assert.equal(rows.get(8)?.[5], '');
  });
});

describe('utf16-tab-export.csv (UTF-16LE BOM, tabs, LF)', () => {
  test('decodes UTF-16 and splits on tabs', async () => {
    const table = await open(fixture('utf16-tab-export.csv'));
    assert.deepEqual(table.info.headers, ['Tenant ID', 'Partner Center Device ID', 'Configuration Policy ID', 'Model', 'Serial Number']);
    const rows = await byRow(table.rows);
    assert.deepEqual([...rows.keys()], [2, 3, 4, 6, 7, 8]);
    assert.equal(rows.get(4)?.[3], 'dynabook Satellite Pro — 東京');
    assert.equal(rows.get(6)?.[3], 'Latitude 7440 «Büro»');
    assert.deepEqual(rows.get(8), rows.get(3), 'row 8 is the deliberate copy of row 3');
  });
});

describe('edge/cr-only.csv (CR line endings)', () => {
  test('finds the header below a title row and keeps a CR inside a quoted cell', async () => {
    const table = await open(fixture('edge/cr-only.csv'));
    assert.equal(table.info.headerRow, 3);
    const rows = await byRow(table.rows);
    assert.deepEqual([...rows.keys()], [4, 6]);
    assert.equal(rows.get(4)?.[3], 'two\rlines');
  });
});

describe('delimiter, encoding and line endings', () => {
  const header = ['Customer ID', 'Device ID', 'Policy ID', 'Notes'];
  const data = [CUSTOMER, DEVICE, POLICY, 'note, with; separators'];
  const cases = [
    { name: 'comma, LF', delimiter: ',', eol: '\n', bom: '' },
    { name: 'semicolon, CRLF, BOM', delimiter: ';', eol: '\r\n', bom: '\ufeff' },
    { name: 'tab, CR', delimiter: '\t', eol: '\r', bom: '' },
    { name: 'comma, CRLF, BOM', delimiter: ',', eol: '\r\n', bom: '\ufeff' },
  ];
  for (const c of cases) {
    test(c.name, async (t) => {
      const file = join(tempDir(t), 'devices.csv');
      const quote = (cell: string): string => (/[,;\t]/.test(cell) ? `"${cell}"` : cell);
      writeFileSync(file, c.bom + [header, data, data].map((r) => r.map(quote).join(c.delimiter)).join(c.eol) + c.eol);
      const table = await open(file);
      assert.deepEqual(table.info.headers, header);
      const rows = await collect(table.rows);
      assert.deepEqual(
        rows.map((r) => [r.rowNumber, ...r.cells]),
        [
          [2, ...data],
          [3, ...data],
        ],
      );
    });
  }

  test('a semicolon file whose cells hold commas is still read with semicolons', async (t) => {
    const file = join(tempDir(t), 'devices.csv');
    writeFileSync(file, `Kunde;Customer ID;Device ID;Policy ID\nMüller, Hans;${CUSTOMER};${DEVICE};${POLICY}\n`);
    const table = await open(file);
    assert.deepEqual(table.info.headers, ['Kunde', 'Customer ID', 'Device ID', 'Policy ID']);
    assert.deepEqual((await collect(table.rows))[0]?.cells, ['Müller, Hans', CUSTOMER, DEVICE, POLICY]);
  });

  test('short rows are padded and long rows cut to the header', async (t) => {
    const file = join(tempDir(t), 'ragged.csv');
    writeFileSync(file, `Customer ID,Device ID,Policy ID,Notes\n${CUSTOMER},${DEVICE}\n${CUSTOMER},${DEVICE},${POLICY},n,extra\n`);
    const rows = await collect((await open(file)).rows);
    assert.deepEqual(rows[0]?.cells, [CUSTOMER, DEVICE, '', '']);
    assert.deepEqual(rows[1]?.cells, [CUSTOMER, DEVICE, POLICY, 'n']);
  });

  test('rows that hold only empty cells are skipped like blank lines', async (t) => {
    const file = join(tempDir(t), 'gaps.csv');
    writeFileSync(file, `Customer ID;Device ID;Policy ID\n;;\n  ; ;\n${CUSTOMER};${DEVICE};${POLICY}\n`);
    const rows = await collect((await open(file)).rows);
    assert.deepEqual(
      rows.map((r) => r.rowNumber),
      [4],
    );
  });
});

describe('header search', () => {
  test('--header-row takes that row even when it lacks the required columns', async (t) => {
    const file = join(tempDir(t), 'odd.csv');
    writeFileSync(file, `Report\nKunde,Gerät,Profil\n${CUSTOMER},${DEVICE},${POLICY}\n`);
    const table = await open(file, { headerRow: 2 });
    assert.equal(table.info.headerRow, 2);
    assert.deepEqual(table.info.headers, ['Kunde', 'Gerät', 'Profil']);
    assert.deepEqual((await collect(table.rows)).map((r) => r.rowNumber), [3]);
  });

  test('--header-row picks the delimiter that splits that row, even below a title row', async (t) => {
    const file = join(tempDir(t), 'odd.csv');
    writeFileSync(file, `Report, March\nKunde;Gerät;Profil\n${CUSTOMER};${DEVICE};${POLICY}\n`);
    const table = await open(file, { headerRow: 2 });
    assert.deepEqual(table.info.headers, ['Kunde', 'Gerät', 'Profil']);
    assert.deepEqual((await collect(table.rows))[0]?.cells, [CUSTOMER, DEVICE, POLICY]);
  });

  test('--header-row naming a blank row: no-header saying so', async () => {
    const file = fixture('european-export.csv');
    await assert.rejects(open(file, { headerRow: 5 }), { code: 'no-header', message: /row 5 is blank or beyond the end of the file/ });
  });

  test('--map columns count towards finding the header', async (t) => {
    const file = join(tempDir(t), 'german.csv');
    writeFileSync(file, `Kunde;Gerät;Profil\n${CUSTOMER};${DEVICE};${POLICY}\n`);
    const table = await open(file, { map: { customer: 'Kunde', device: 'Gerät', policy: 'Profil' } });
    assert.equal(table.info.headerRow, 1);
  });

  test('--customer and --policy let a device column alone be the header', async () => {
    const table = await open(fixture('edge/missing-policy.csv'), { defaults: { policy: POLICY } });
    assert.deepEqual(table.info.headers, ['Customer ID', 'Device ID', 'Model']);
  });

  test('no usable header: no-header, naming the file and the headers found, and what they lack', async () => {
    const file = fixture('edge/no-header.csv');
    await assert.rejects(open(file), (e: unknown) => {
      assert.ok(isInputError(e));
      assert.equal(e.code, 'no-header');
      assert.ok(e.message.includes(file));
      assert.match(e.message, /row 1: "Name", "Address", "Phone"/);
      assert.match(e.message, /a customer column/);
      return true;
    });
  });

  test('a header whose own columns would do with --map says which --map', async (t) => {
    const file = join(tempDir(t), 'vendor.csv');
    writeFileSync(file, `Customer ID;Serial No.;Autopilot Profile Name;PO Number\n${CUSTOMER};PF3X1;Kiosk;4711\n`);
    await assert.rejects(open(file), (e: unknown) => {
      assert.ok(isInputError(e));
      assert.equal(e.code, 'no-header');
      assert.ok(e.message.endsWith('add --map serial="Serial No." --map policyName="Autopilot Profile Name"'), e.message);
      return true;
    });
    const table = await open(file, { map: { serial: 'Serial No.', policyName: 'Autopilot Profile Name' } });
    assert.equal(table.info.headerRow, 1);
  });

  test('a header missing one field says which', async () => {
    await assert.rejects(open(fixture('edge/missing-policy.csv')), (e: unknown) => {
      assert.ok(isInputError(e));
      assert.equal(e.code, 'no-header');
      assert.match(e.message, /"Customer ID", "Device ID", "Model" \(lacks a policy column/);
      assert.doesNotMatch(e.message, /customer column/);
      return true;
    });
  });

  test('a header below the first 20 non-blank rows is not taken, but named with the --header-row that takes it', async (t) => {
    const file = join(tempDir(t), 'deep.csv');
    const titles = Array.from({ length: 20 }, (_, i) => `Title line ${i + 1}`);
    writeFileSync(file, [...titles, 'Customer ID,Device ID,Policy ID', `${CUSTOMER},${DEVICE},${POLICY}`].join('\n'));
    await assert.rejects(open(file), {
      code: 'no-header',
      message: `${file}: the header is on row 21 ("Customer ID", "Device ID", "Policy ID"), below the first 20 rows searched: add --header-row 21`,
    });
    const table = await open(file, { headerRow: 21 });
    assert.deepEqual((await collect(table.rows)).map((r) => r.rowNumber), [22]);
  });

  test('an empty file says so', async () => {
    await assert.rejects(open(fixture('edge/empty.csv')), { code: 'no-header', message: /the file is empty/ });
  });

  test('--sheet on a CSV is refused', async () => {
    await assert.rejects(open(fixture('european-export.csv'), { sheet: 'Devices' }), { code: 'bad-option' });
  });
});

describe('broken CSV', () => {
  test('an unclosed quote is unreadable, naming the file and the line', async (t) => {
    const file = join(tempDir(t), 'broken.csv');
    writeFileSync(file, `Customer ID,Device ID,Policy ID\n${CUSTOMER},"${DEVICE},${POLICY}\n${CUSTOMER},${DEVICE},${POLICY}\n`);
    const table = await open(file);
    await assert.rejects(collect(table.rows), (e: unknown) => {
      assert.ok(isInputError(e));
      assert.equal(e.code, 'unreadable');
      assert.ok(e.message.includes(file));
      assert.match(e.message, /line \d+/);
      return true;
    });
  });
});

describe('streaming', () => {
  test('streams a 50,000-row file, every row numbered', async (t) => {
    const file = join(tempDir(t), 'big.csv');
    const out = createWriteStream(file);
    out.write('Customer ID;Device ID;Policy ID\r\n');
    for (let i = 0; i < 50_000; i++) {
      if (!out.write(`${CUSTOMER};${String(i).padStart(6, '0')}-8627;${POLICY}\r\n`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    let count = 0;
    let last = 0;
    for await (const row of (await open(file)).rows) {
      count++;
      assert.equal(row.rowNumber, last + (last === 0 ? 2 : 1));
      last = row.rowNumber;
    }
    assert.equal(count, 50_000);
    assert.equal(last, 50_001);
  });

  test('rows can be walked twice, and stopping early closes the file', { skip: !CAN_LIST_OPEN_FILES }, async () => {
    const file = fixture('european-export.csv');
    const before = openFiles();
    const table = await open(file);
    for await (const row of table.rows) {
      assert.equal(row.rowNumber, 2);
      break;
    }
    assert.deepEqual(await filesLeftOpen(before), []);
    assert.equal((await collect(table.rows)).length, 7);
    assert.equal((await collect(table.rows)).length, 7);
    assert.deepEqual(await filesLeftOpen(before), []);
  });
});
