// The bytes of the CSV and the shape of the JSON: what other tools (Excel, jq, a ticket system) see.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { RESULT_COLUMNS } from '../../src/results/columns.js';
import { csvLine, unescapeFormula } from '../../src/record/csv-results.js';
import { isRecordError } from '../../src/record/errors.js';
import { readResultsFile, writeResultsFile } from '../../src/record/results-file.js';
import { tempDir } from '../helpers/paths.js';
import { resultsHeaders } from '../helpers/results.js';
import { CUSTOMER, HEADERS, JOB, sampleRows, sampleSummary } from './sample.js';

test('CSV: UTF-8 with a BOM, CRLF line ends, the header first', async (t) => {
  const path = join(tempDir(t), 'out.csv');
  await writeResultsFile(path, { headers: HEADERS, rows: sampleRows(), summary: sampleSummary() });
  const bytes = await readFile(path);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const text = bytes.toString('utf8').slice(1);
  assert.ok(text.startsWith(`${resultsHeaders(HEADERS).join(',')}\r\n`));
  assert.ok(text.endsWith('\r\n'));
  // The only bare LF is the one inside the quoted two-line note.
  assert.equal(text.replace(/\r\n/g, '').split('\n').length, 2);
  assert.ok(text.includes('"a, ""quoted""\nsecond line"'));
  assert.ok(text.includes('Müller 東京 😀'));
});

test('CSV: a value a spreadsheet would run as a formula gets a leading apostrophe; plain values are left bare', () => {
  const cases: Array<[string, string]> = [
    ['=1+1', "'=1+1"],
    ['=HYPERLINK("http://x","click")', `"'=HYPERLINK(""http://x"",""click"")"`],
    ['+cmd|\' /C calc\'!A0', "'+cmd|' /C calc'!A0"],
    ['+49 30 1234', "'+49 30 1234"],
    ['-5', "'-5"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1+1', `"'\t=1+1"`],
    ['\r=1+1', `"'\r=1+1"`],
    // Already starting with an apostrophe: one more, so that reading takes exactly one off.
    ["'=1+1", "''=1+1"],
    ["'quoted", "'quoted"],
    ['a=b', 'a=b'],
    ['00123', '00123'],
    ['1234567890123456789', '1234567890123456789'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['a;b', '"a;b"'],
    ['line\r\nbreak', '"line\r\nbreak"'],
    [' padded ', '" padded "'],
    ['', ''],
  ];
  for (const [value, expected] of cases) {
    assert.equal(csvLine([value]), `${expected}\r\n`, JSON.stringify(value));
    // And read back as it was given.
    assert.deepEqual(parse(csvLine([value, 'x']), { relax_quotes: true }).map((r: string[]) => unescapeFormula(r[0] ?? '')), [value]);
  }
});

test('CSV: formula cells in the input and the results come back unchanged through a results file', async (t) => {
  const path = join(tempDir(t), 'out.csv');
  const rows = sampleRows().map((r) => ({ input: r.input.map((c, i) => (i === 2 ? "=HYPERLINK(\"http://evil\")" : c)), result: { ...r.result, detail: '-starts with a dash' } }));
  await writeResultsFile(path, { headers: ['=Header', ...HEADERS.slice(1)], rows, summary: sampleSummary() });
  const text = await readFile(path, 'utf8');
  // No cell of any record starts with a formula character.
  const records = parse(text, { bom: true }) as string[][];
  for (const record of records) for (const value of record) assert.doesNotMatch(value, /^[=+\-@\t\r]/, value);
  const back = await readResultsFile(path);
  assert.deepEqual(back.headers, ['=Header', ...HEADERS.slice(1)]);
  assert.deepEqual(back.rows, rows);
});

test('CSV: a results file Excel re-saved with ";" or tabs is read as the one it wrote', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'out.csv');
  await writeResultsFile(path, { headers: HEADERS, rows: sampleRows(), summary: sampleSummary() });
  const records = parse(await readFile(path, 'utf8'), { bom: true }) as string[][];
  for (const [name, delimiter] of [['semicolon', ';'], ['tab', '\t']] as const) {
    // As Excel writes it: only what holds the delimiter, a quote or a line break is quoted (commas are not).
    const field = (v: string): string => (v.includes(delimiter) || /["\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
    const resaved = join(dir, `${name}.csv`);
    await writeFile(resaved, `\uFEFF${records.map((r) => r.map(field).join(delimiter)).join('\r\n')}\r\n`);
    const back = await readResultsFile(resaved);
    assert.deepEqual(back.headers, HEADERS, name);
    assert.deepEqual(back.rows, sampleRows(), name);
    assert.equal(back.csvDelimiter, delimiter, name);
    // Rewritten (as `status` does) with the separator it came with, it reads back the same.
    await writeResultsFile(resaved, { headers: back.headers, rows: back.rows, summary: sampleSummary(), csvDelimiter: delimiter });
    const firstLine = (await readFile(resaved, 'utf8')).split('\r\n')[0] ?? '';
    assert.equal(firstLine.split(delimiter).length, back.headers.length + 13, `${name}: still split by ${JSON.stringify(delimiter)}`);
    assert.deepEqual((await readResultsFile(resaved)).rows, sampleRows(), name);
  }
});

test('JSON: rows carry camelCase result keys (absent ones left out) and the input by header', async (t) => {
  const path = join(tempDir(t), 'out.json');
  await writeResultsFile(path, { headers: HEADERS, rows: sampleRows(), summary: sampleSummary() });
  const doc = JSON.parse(await readFile(path, 'utf8')) as { headers: string[]; rows: Array<Record<string, unknown>>; summary: unknown };
  assert.deepEqual(Object.keys(doc).sort(), ['headers', 'rows', 'summary']);
  assert.deepEqual(doc.headers, HEADERS);
  assert.deepEqual(doc.summary, sampleSummary());
  const first = doc.rows[0];
  assert.deepEqual(first, {
    row: 2, status: 'accepted', detail: '', batchJobUri: JOB, trackingId: 'a15f3996-620a-4404-9f1f-4c2de78de0de',
    httpStatus: 202, requestId: '1b658428-5afa-46d4-af86-c9c6af5634e2', sentAt: '2025-01-02T03:04:30.000Z',
    input: { 'Customer ID': CUSTOMER, 'Device ID': '1234567890123456789', Notes: '=1+1', 'Notes (2)': '00123', 'Status (input)': 'ok' },
  });
});

test('JSON: a file without "headers" (written by hand or another tool) is read by its input keys', async (t) => {
  const path = join(tempDir(t), 'hand.json');
  const rows = [{ row: 4, status: 'failed', detail: 'no', errorCode: 808, input: { Device: 'D1', Customer: 'C1' } }];
  await writeFile(path, `\uFEFF${JSON.stringify({ summary: sampleSummary(), rows })}`);
  const back = await readResultsFile(path);
  assert.deepEqual(back.headers, ['Device', 'Customer']);
  assert.deepEqual(back.rows, [{ input: ['D1', 'C1'], result: { row: 4, status: 'failed', detail: 'no', errorCode: '808' } }]);
});

test('reading what is not a results file is a typed error that says so', async (t) => {
  const dir = tempDir(t);
  const cases: Array<[string, string, string]> = [
    ['plain.csv', 'Customer,Device\r\nc,d\r\n', 'not-results-file'],
    ['empty.csv', '', 'not-results-file'],
    ['ragged.csv', `${[...RESULT_COLUMNS].join(',')}\r\n1,2\r\n`, 'unreadable'],
    ['bad-status.csv', `${[...RESULT_COLUMNS].join(',')}\r\n2,maybe${',x'.repeat(RESULT_COLUMNS.length - 2)}\r\n`, 'bad-value'],
    ['list.json', '[1, 2]', 'not-results-file'],
    ['broken.json', '{"rows": [', 'unreadable'],
    ['fake.xlsx', 'this is not a zip', 'unreadable'],
  ];
  for (const [name, content, code] of cases) {
    const path = join(dir, name);
    await writeFile(path, content);
    await assert.rejects(readResultsFile(path), (e: unknown) => isRecordError(e) && e.code === code && e.message.includes(path), name);
  }
});
