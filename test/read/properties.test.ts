// Properties of the readers over random input (fast-check). Any bytes end in rows or in an InputError
// naming the file, never another error or a hang; a sheet written in any supported encoding, with
// any delimiter and any cell text, reads back as written (trimmed, blank rows skipped). Runs are
// few and files small, so the whole file takes seconds.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import ExcelJS from '../../src/vendor/exceljs.js';
import { isInputError } from '../../src/read/errors.js';
import { tempDir } from '../helpers/paths.js';
import { collect, open } from './read-helpers.js';

const HEADER = ['Customer ID', 'Device ID', 'Policy ID'];

/** Opens and reads every row; the outcome is rows or an InputError that names the file. */
async function readAll(file: string): Promise<string[][] | 'refused'> {
  try {
    const table = await open(file);
    return (await collect(table.rows)).map((r) => r.cells);
  } catch (e) {
    assert.ok(isInputError(e), `not an InputError: ${e instanceof Error ? e.stack : String(e)}`);
    assert.ok(e.message.includes(file), e.message);
    return 'refused';
  }
}

test('CSV reader: any bytes give rows or an InputError naming the file', async (t) => {
  const dir = tempDir(t);
  let n = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(
        fc.uint8Array({ maxLength: 600 }),
        // Bytes after a real header, so that the rows are read too.
        fc.uint8Array({ maxLength: 600 }).map((b) => new Uint8Array([...Buffer.from(`${HEADER.join(',')}\r\n`), ...b])),
      ),
      async (bytes) => {
        const file = join(dir, `random-${n++}.csv`);
        writeFileSync(file, bytes);
        await readAll(file);
      },
    ),
    { numRuns: 60 },
  );
});

type Encoding = 'utf8' | 'utf8-bom' | 'utf16le' | 'utf16le-bom' | 'utf16be' | 'utf16be-bom' | 'windows-1252';
const ENCODINGS: Encoding[] = ['utf8', 'utf8-bom', 'utf16le', 'utf16le-bom', 'utf16be', 'utf16be-bom', 'windows-1252'];

function encode(text: string, encoding: Encoding): Buffer {
  const bom = encoding.endsWith('-bom') ? '\uFEFF' : '';
  switch (encoding) {
    case 'utf8':
    case 'utf8-bom':
      return Buffer.from(bom + text, 'utf8');
    case 'utf16le':
    case 'utf16le-bom':
      return Buffer.from(bom + text, 'utf16le');
    case 'utf16be':
    case 'utf16be-bom':
      return Buffer.from(bom + text, 'utf16le').swap16();
    case 'windows-1252':
      return Buffer.from(text, 'latin1');
  }
}

/** Cell text: anything, or (for Windows-1252) what Latin-1 and 1252 agree on. */
const cellText = (latin: boolean): fc.Arbitrary<string> =>
  latin
    ? fc.string({ unit: fc.constantFrom(...'abcXYZ 019,;\t"\'\r\näöüßé=+-@'.split('')), maxLength: 12 })
    : fc.string({ unit: fc.oneof(fc.constantFrom(',', ';', '\t', '"', '\r', '\n', ' ', '東', '😀', 'ü'), anyChar), maxLength: 12 });

/** Any character but NUL, which makes a UTF-8 file binary data (and is refused as such). */
const anyChar = fc.string({ minLength: 1, maxLength: 1, unit: 'binary' }).filter((c) => c !== '\u0000');
/**
 * What XML 1.0 can hold and exceljs writes (its xmlEncode drops the rest, DEL too: a seed drew
 * ["", "", "\u007f"], which read back as no row), and no CR (XML reads CRLF as LF).
 */
const xmlChar = anyChar.filter((c) => !/[\u0001-\u0008\u000b\u000c\u000d\u000e-\u001f\u007f\ufffe\uffff]/.test(c));

const csvSheet = fc.constantFrom(...ENCODINGS).chain((encoding) =>
  fc.record({
    encoding: fc.constant(encoding),
    delimiter: fc.constantFrom(',', ';', '\t'),
    rows: fc.array(fc.tuple(cellText(encoding === 'windows-1252'), cellText(encoding === 'windows-1252'), cellText(encoding === 'windows-1252')), { maxLength: 15 }),
    crlf: fc.boolean(),
  }),
);

test('CSV reader: a sheet in any encoding and dialect reads back as written', async (t) => {
  const dir = tempDir(t);
  let n = 0;
  await fc.assert(
    fc.asyncProperty(csvSheet, async ({ encoding, delimiter, rows, crlf }) => {
      const text = stringify([HEADER, ...rows], { delimiter, record_delimiter: crlf ? '\r\n' : '\n' });
      const file = join(dir, `sheet-${n++}.csv`);
      writeFileSync(file, encode(text, encoding));
      const read = await readAll(file);
      const expected = rows.map((r) => r.map((c) => c.trim())).filter((r) => r.some((c) => c !== ''));
      assert.deepEqual(read, expected, `${encoding}, ${JSON.stringify(delimiter)}`);
    }),
    { numRuns: 80 },
  );
});

test('XLSX reader: a workbook of any cell text reads back as written', async (t) => {
  const dir = tempDir(t);
  let n = 0;
  const text = fc.string({ unit: fc.oneof(fc.constantFrom(' ', '東', '😀', '"', '<', '&', '\n', '=1+1'), xmlChar), maxLength: 10 });
  await fc.assert(
    fc.asyncProperty(fc.array(fc.tuple(text, text, text), { maxLength: 10 }), async (rows) => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('Devices');
      sheet.addRow(HEADER);
      for (const r of rows) sheet.addRow(r);
      const file = join(dir, `book-${n++}.xlsx`);
      await workbook.xlsx.writeFile(file);
      const read = await readAll(file);
      const expected = rows.map((r) => r.map((c) => c.trim())).filter((r) => r.some((c) => c !== ''));
      assert.deepEqual(read, expected);
    }),
    { numRuns: 25 },
  );
});

test('XLSX reader: a workbook with random bytes changed gives rows or an InputError naming the file', async (t) => {
  const dir = tempDir(t);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Devices');
  sheet.addRow(HEADER);
  sheet.addRow(['c7f3c849-129f-4b85-a96d-4f8e88b315a3', 'DEV-1', '15a04610-9229-4e80-94e0-0e826a09c9e2']);
  const original = Buffer.from(await workbook.xlsx.writeBuffer());
  let n = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(
        fc.array(fc.tuple(fc.nat(original.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }).map((edits) => {
          const b = Buffer.from(original);
          for (const [at, value] of edits) b[at] = value;
          return b;
        }),
        fc.nat(original.length - 1).map((cut) => original.subarray(0, Math.max(4, cut))),
        fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), b])),
      ),
      async (bytes) => {
        const file = join(dir, `mutant-${n++}.xlsx`);
        writeFileSync(file, bytes);
        await readAll(file);
      },
    ),
    { numRuns: 40 },
  );
});
