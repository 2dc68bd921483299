// SPEC §2 Encodings: the same sheet saved every way Windows tools save text reads the same, and the
// table says how it was read (the Summary records it).
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../helpers/paths.js';
import { byRow, open } from './read-helpers.js';

const CUSTOMER = 'c7f3c849-129f-4b85-a96d-4f8e88b315a3';
const POLICY = '15a04610-9229-4e80-94e0-0e826a09c9e2';

/** Windows-1252 bytes of Latin-1 text, with € where the text has it (0x80 in 1252, absent in Latin-1). */
function windows1252(text: string): Buffer {
  return Buffer.from(text.replaceAll('€', '\u0080'), 'latin1');
}

const swap = (b: Buffer): Buffer => {
  const out = Buffer.from(b);
  out.swap16();
  return out;
};

// Plain ASCII rows first, so that the one non-ASCII byte sits far past any sniffed head.
const PLAIN = Array.from({ length: 400 }, (_, i) => `${CUSTOMER};DEV-${i + 1};${POLICY};ok`);
const TEXT = `Customer ID;Device ID;Policy ID;Bemerkung\r\n${PLAIN.join('\r\n')}\r\n${CUSTOMER};DEV-X;${POLICY};Müller Straße 5 €\r\n`;
const LAST_ROW = PLAIN.length + 2;

const CASES: Array<[string, Buffer]> = [
  ['UTF-8', Buffer.from(TEXT, 'utf8')],
  ['UTF-8 with BOM', Buffer.from(`\uFEFF${TEXT}`, 'utf8')],
  ['UTF-16LE', Buffer.from(TEXT, 'utf16le')],
  ['UTF-16LE with BOM', Buffer.from(`\uFEFF${TEXT}`, 'utf16le')],
  ['UTF-16BE', swap(Buffer.from(TEXT, 'utf16le'))],
  ['UTF-16BE with BOM', swap(Buffer.from(`\uFEFF${TEXT}`, 'utf16le'))],
  ['Windows-1252', windows1252(TEXT)],
];

for (const [encoding, bytes] of CASES) {
  test(`${encoding}: every row read, umlauts, ß and € intact, the encoding named`, async (t) => {
    const file = join(tempDir(t), 'devices.csv');
    writeFileSync(file, bytes);
    const table = await open(file);
    assert.equal(table.info.encoding, encoding);
    assert.equal(table.info.delimiter, ';');
    assert.deepEqual(table.info.headers, ['Customer ID', 'Device ID', 'Policy ID', 'Bemerkung']);
    const rows = await byRow(table.rows);
    assert.equal(rows.size, PLAIN.length + 1);
    assert.deepEqual(rows.get(2), [CUSTOMER, 'DEV-1', POLICY, 'ok']);
    assert.deepEqual(rows.get(LAST_ROW), [CUSTOMER, 'DEV-X', POLICY, 'Müller Straße 5 €']);
  });
}

test('a UTF-8 file with one stray byte is read as Windows-1252, not with \uFFFD in it', async (t) => {
  const file = join(tempDir(t), 'devices.csv');
  // Valid UTF-8 up to a lone 0xE9 (é in Windows-1252): the whole file is one or the other.
  writeFileSync(file, Buffer.concat([Buffer.from(`Customer ID,Device ID,Policy ID,Note\r\n${CUSTOMER},D1,${POLICY},caf`), Buffer.from([0xe9]), Buffer.from('\r\n')]));
  const table = await open(file);
  assert.equal(table.info.encoding, 'Windows-1252');
  assert.deepEqual((await byRow(table.rows)).get(2), [CUSTOMER, 'D1', POLICY, 'café']);
});

test("Get-WindowsAutopilotInfo's file (UTF-16LE with BOM, unquoted, 4 kB hashes) is read as it is", async (t) => {
  const file = join(tempDir(t), 'AutopilotHWID.csv');
  const hash = (n: number): string => Buffer.alloc(3000, n).toString('base64');
  const lines = [
    'Device Serial Number,Windows Product ID,Hardware Hash,Manufacturer name,Device model',
    `PF3ABCDE,00330-80000-00000-AA123,${hash(1)},LENOVO,21BR001MGE`,
    `5CG1234XYZ,,${hash(2)},HP,HP EliteBook 840 G8`,
  ];
  writeFileSync(file, Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf16le'));
  const table = await open(file, { defaults: { customer: CUSTOMER, policy: POLICY } });
  assert.equal(table.info.encoding, 'UTF-16LE with BOM');
  assert.equal(table.info.delimiter, ',');
  const rows = await byRow(table.rows);
  assert.deepEqual(rows.get(2), ['PF3ABCDE', '00330-80000-00000-AA123', hash(1), 'LENOVO', '21BR001MGE']);
  assert.equal(rows.get(3)?.[2]?.length, 4000);
});
