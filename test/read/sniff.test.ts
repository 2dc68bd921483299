import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isInputError } from '../../src/read/errors.js';
import { openTable } from '../../src/read/open-table.js';
import { tempDir } from '../helpers/paths.js';
import { fixture, open } from './read-helpers.js';
import { compoundFile } from './compound-file.js';

// File-level refusals: each names the file and says what it is, so the user knows what to re-save.
const refusals = [
  { name: 'a PDF', file: () => fixture('edge/report.pdf'), code: 'not-a-spreadsheet', says: /PDF/ },
  { name: 'a legacy .xls', file: () => fixture('edge/legacy.xls'), code: 'not-a-spreadsheet', says: /97-2003.*save it as \.xlsx or CSV/ },
  { name: 'a missing file', file: () => fixture('edge/no-such-file.csv'), code: 'unreadable', says: /no such file/ },
] as const;

for (const r of refusals) {
  test(`refuses ${r.name}`, async () => {
    const file = r.file();
    await assert.rejects(open(file), (e: unknown) => {
      assert.ok(isInputError(e));
      assert.equal(e.code, r.code);
      assert.equal(e.file, file);
      assert.ok(e.message.startsWith(`${file}: `), e.message);
      assert.match(e.message, r.says);
      return true;
    });
  });
}

test('refuses a folder', async (t) => {
  const dir = join(tempDir(t), 'devices.csv');
  mkdirSync(dir);
  await assert.rejects(open(dir), { code: 'not-a-file', message: /devices\.csv: is a folder, not a file: name the CSV or XLSX file in it$/ });
});

test('refuses a device and a named pipe at once, without waiting for a writer', { skip: process.platform === 'win32' && 'no FIFOs on Windows' }, async (t) => {
  await assert.rejects(open('/dev/null'), { code: 'not-a-file', message: /^\/dev\/null: is a device, not a file: save the list to a file first/ });
  const fifo = join(tempDir(t), 'devices.csv');
  execFileSync('mkfifo', [fifo]);
  // Before the fix, this open waited for a writer that never came.
  await assert.rejects(open(fifo), { code: 'not-a-file', message: /devices\.csv: is a named pipe \(FIFO\), not a file/ });
});

// Compound files laid out as Excel writes them, their directories spread over two sectors (the names
// looked for in the second), so that the directory's sector chain must be followed.
const ENCRYPTED = ['Root Entry', '\u0006DataSpaces', 'Version', 'DataSpaceMap', 'EncryptionInfo', 'EncryptedPackage'];
const compoundRefusals = [
  { name: 'a password-protected workbook', streams: ENCRYPTED, code: 'encrypted', says: /: is a password-protected workbook, which cannot be read: remove the password \(File → Info → Protect Workbook/ },
  { name: 'a real .xls', streams: ['Root Entry', '\u0005SummaryInformation', '\u0005DocumentSummaryInformation', 'CompObj', 'Workbook'], code: 'not-a-spreadsheet', says: /: is a legacy Excel 97-2003 \(.xls\) workbook: save it as \.xlsx or CSV$/ },
  { name: 'a Word document', streams: ['Root Entry', 'WordDocument', '1Table', 'CompObj', 'Data'], code: 'not-a-spreadsheet', says: /: is an OLE document \(an older Office format\), not an XLSX workbook/ },
] as const;

for (const r of compoundRefusals) {
  test(`refuses ${r.name}, saying what it is`, async (t) => {
    const file = join(tempDir(t), 'devices.xlsx');
    writeFileSync(file, compoundFile(r.streams));
    await assert.rejects(open(file), { code: r.code, message: r.says });
  });
}

test('refuses text named .xlsx', async (t) => {
  const file = join(tempDir(t), 'devices.xlsx');
  writeFileSync(file, 'Customer ID,Device ID,Policy ID\n');
  await assert.rejects(open(file), { code: 'not-a-spreadsheet', message: /named \.xlsx but is not an XLSX workbook/ });
});

test('refuses binary data named .csv', async (t) => {
  const file = join(tempDir(t), 'devices.csv');
  writeFileSync(file, Buffer.from([0x00, 0x01, 0x02, 0x03, 0x41, 0x00]));
  await assert.rejects(open(file), { code: 'not-a-spreadsheet' });
});

test('refuses UTF-16 named .json, either byte order, saying to save it as UTF-8', async (t) => {
  const text = '{"rows": []}';
  const bodies = { le: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), be: Buffer.from([0xfe, 0xff, 0x00, 0x7b]) };
  for (const [order, body] of Object.entries(bodies)) {
    const file = join(tempDir(t), `results-${order}.json`);
    writeFileSync(file, body);
    await assert.rejects(open(file), { code: 'unreadable', message: /is UTF-16 text, which JSON input cannot be: save it as UTF-8$/ }, order);
  }
});

test('reads a workbook by its content whatever its name', async (t) => {
  const file = join(tempDir(t), 'devices.csv');
  writeFileSync(file, readFileSync(fixture('vendor-workbook.xlsx')));
  assert.equal((await open(file)).info.format, 'xlsx');
});

test('reads text with any other extension as CSV', async (t) => {
  const file = join(tempDir(t), 'devices.txt');
  writeFileSync(file, 'Customer ID\tDevice ID\tPolicy ID\n');
  assert.equal((await open(file)).info.format, 'csv');
});

test('refuses a header row that is not a row number', async () => {
  await assert.rejects(openTable(fixture('european-export.csv'), { headerRow: 0, isHeader: () => true }), { code: 'bad-option' });
});
