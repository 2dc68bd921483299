// A JSON results file given back as input (SPEC §2 Results file) must read as the table its XLSX twin
// reads as, so the map stage recognises it like any results file. Written here by the real writer:
// the file the tool writes is the file it must read.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { inspectHeaders, priorResult } from '../../src/map/result-columns.js';
import { RESOLVED_COLUMNS, RESULT_COLUMNS } from '../../src/results/columns.js';
import { isInputError } from '../../src/read/errors.js';
import { writeResultsFile, type ResultRow } from '../../src/record/results-file.js';
import { tempDir } from '../helpers/paths.js';
import { resultsHeaders } from '../helpers/results.js';
import { CUSTOMER, HEADERS, POLICY, sampleRows, sampleSummary } from '../record/sample.js';
import { CAN_LIST_OPEN_FILES, filesLeftOpen, openFiles } from './open-files.js';
import { collect, open } from './read-helpers.js';

type Dir = { after(fn: () => void): void };

async function written(t: Dir, name: string, rows: ResultRow[], resolved = false): Promise<string> {
  const path = join(tempDir(t), name);
  await writeResultsFile(path, { headers: HEADERS, rows, summary: sampleSummary(), layout: resolved ? { resolved: true } : {} });
  return path;
}

function withResolved(): ResultRow[] {
  const rows = sampleRows();
  const first = rows[0];
  assert.ok(first);
  first.result.resolvedDeviceId = '1234567890123456789';
  first.result.resolvedPolicyId = POLICY;
  return rows;
}

/** A results document as a person might hand-write or re-indent one (the writer's layout not assumed). */
function writeJson(t: Dir, doc: unknown, name = 'r.json'): string {
  const path = join(tempDir(t), name);
  writeFileSync(path, typeof doc === 'string' ? doc : JSON.stringify(doc, null, 2));
  return path;
}

const row = (n: number, input: Record<string, unknown> = { 'Customer ID': CUSTOMER, 'Device ID': `DEV-${n}`, 'Policy ID': POLICY }) => ({
  row: n,
  status: 'failed',
  detail: 'x',
  input,
});

describe('a results file written as JSON', () => {
  test('reads as its XLSX twin: Row, Status, Detail, input headers, then the other result columns, the same cells', async (t) => {
    // The sample has no policy column: the XLSX reader's header search needs to be told there is a default.
    const json = await open(await written(t, 'r.json', sampleRows()), { defaults: { policy: POLICY } });
    const xlsx = await open(await written(t, 'r.xlsx', sampleRows()), { defaults: { policy: POLICY } });
    assert.equal(json.info.format, 'json');
    assert.deepEqual(json.info.headers, resultsHeaders(HEADERS));
    assert.deepEqual(json.info.headers, xlsx.info.headers);
    const jsonRows = await collect(json.rows);
    const xlsxRows = await collect(xlsx.rows);
    assert.deepEqual(jsonRows.map((r) => r.cells), xlsxRows.map((r) => r.cells));
  });

  test('numbers each row by its "row" (the original sheet row), not its place in the file', async (t) => {
    const rows = await collect((await open(await written(t, 'r.json', sampleRows()))).rows);
    assert.deepEqual(rows.map((r) => r.rowNumber), sampleRows().map((r) => r.result.row));
    assert.deepEqual(rows.map((r) => r.rowNumber), [2, 3, 4, 5, 7, 8]);
  });

  test('the map stage recognises it and reads back every outcome as written', async (t) => {
    const table = await open(await written(t, 'r.json', withResolved(), true));
    const shape = inspectHeaders(table.info.headers);
    assert.equal(shape.isResultsFile, true);
    assert.deepEqual(shape.outputHeaders, HEADERS, 'duplicate "Notes" and "Status (input)" kept, result columns replaced');
    const rows = await collect(table.rows);
    assert.deepEqual(rows.map((r) => priorResult(r.cells, shape.priorColumns)), withResolved().map((r) => r.result));
  });

  test('the Resolved columns come only when some row carries them', async (t) => {
    const plain = await open(await written(t, 'plain.json', sampleRows(), true));
    assert.deepEqual(plain.info.headers.slice(-2), ['Device Error', 'Checked At'], 'asked for, but no row was resolved');
    // The resolved row is the first here; put it last so a look at the first rows alone would miss it.
    const late = withResolved().reverse();
    const resolved = await open(await written(t, 'late.json', late, true));
    assert.deepEqual(resolved.info.headers.slice(-2), [...RESOLVED_COLUMNS]);
    const cells = (await collect(resolved.rows)).at(-1)?.cells;
    assert.deepEqual(cells?.slice(-2), ['1234567890123456789', POLICY]);
  });

  test('each iteration streams the file afresh', async (t) => {
    const table = await open(await written(t, 'r.json', sampleRows()));
    const first = await collect(table.rows);
    const second = await collect(table.rows);
    assert.equal(first.length, 6);
    assert.deepEqual(second, first);
  });

  test('stopping early lets go of the file', { skip: !CAN_LIST_OPEN_FILES && 'needs /proc/self/fd' }, async (t) => {
    const many = Array.from({ length: 5000 }, (_, i) => ({ input: [CUSTOMER, `DEV-${i}`, '', '', ''], result: { row: i + 2, status: 'planned' as const, detail: '' } }));
    const table = await open(await written(t, 'many.json', many));
    const before = openFiles();
    for await (const r of table.rows) if (r.rowNumber === 10) break;
    assert.deepEqual(await filesLeftOpen(before), []);
  });
});

describe('JSON laid out otherwise', () => {
  test('re-indented, summary first, no "headers": the first row\'s input keys are the headers', async (t) => {
    const file = writeJson(t, { summary: { rows: 2, nested: [{ a: '}]' }] }, rows: [row(4), row(9)] });
    const table = await open(file);
    assert.deepEqual(table.info.headers, resultsHeaders(['Customer ID', 'Device ID', 'Policy ID']));
    assert.deepEqual((await collect(table.rows)).map((r) => [r.rowNumber, r.cells[4]]), [[4, 'DEV-4'], [9, 'DEV-9']]);
  });

  test('"headers" after "rows" still names the columns, a missing cell reads as empty', async (t) => {
    const file = writeJson(t, { rows: [row(2, { 'Device ID': 'D' })], headers: ['Customer ID', 'Device ID', 'Policy ID'] });
    const [only] = await collect((await open(file)).rows);
    assert.deepEqual(only?.cells.slice(3, 6), ['', 'D', '']);
  });

  test('an input value stored as a JSON number is flagged: it may have lost digits', async (t) => {
    const file = writeJson(t, { headers: ['Customer ID', 'Device ID', 'Policy ID'], rows: [row(2, { 'Customer ID': CUSTOMER, 'Device ID': 9993862736086844, 'Policy ID': POLICY })] });
    const [only] = await collect((await open(file)).rows);
    assert.equal(only?.cells[4], '9.99386E+15');
    assert.deepEqual(only?.numericColumns, [4]);
  });

  test('an empty "rows" array gives the header and no rows', async (t) => {
    const table = await open(writeJson(t, { headers: ['Customer ID', 'Device ID', 'Policy ID'], rows: [] }));
    assert.equal(table.info.headers.length, 3 + RESULT_COLUMNS.length);
    assert.deepEqual(await collect(table.rows), []);
  });

  test('a file whose text starts with "{" is JSON whatever its name', async (t) => {
    const table = await open(writeJson(t, { rows: [row(2)] }, 'renamed.txt'));
    assert.equal(table.info.format, 'json');
  });

  test('strings that hide brackets, quotes and escapes across many read chunks come back exact', async (t) => {
    // Long enough to cross the 64 KiB read chunks at many places inside strings and escapes.
    const tricky = ['a"b', 'back\\slash', '{not [an] object}', '\\"', 'ünïcödé 東京 😀', '\u0001\t\n', ']}', '\\'];
    const rows = Array.from({ length: 3000 }, (_, i) => row(i + 2, { 'Customer ID': CUSTOMER, 'Device ID': `D${i}${tricky[i % tricky.length] ?? ''}`, 'Policy ID': '\\'.repeat(i % 7) }));
    const doc = { headers: ['Customer ID', 'Device ID', 'Policy ID'], rows };
    const table = await open(writeJson(t, JSON.stringify(doc)));
    const got = await collect(table.rows);
    assert.deepEqual(got.map((r) => r.cells.slice(3, 6)), rows.map((r) => [CUSTOMER, String(r.input['Device ID']).trim(), r.input['Policy ID']]));
  });

  // The reader takes the file 64 KiB at a time: an escape whose backslash ends one chunk and whose
  // quote starts the next must not end the string, whether the value is kept (a row) or skipped.
  for (const place of ['a row', 'a skipped member'] as const) {
    test(`an escaped quote split across two read chunks, in ${place}`, async (t) => {
      const CHUNK = 64 * 1024;
      const head = place === 'a row' ? '{"rows": [{"row": 2, "input": {"Device ID": "' : '{"summary": {"note": "';
      const filler = 'x'.repeat(CHUNK - 1 - head.length);
      const tail = place === 'a row'
        ? '\\"} tail"}}], "headers": ["Device ID"]}'
        : '\\"} tail"}, "rows": [{"row": 2, "input": {"Device ID": "D"}}], "headers": ["Device ID"]}';
      const text = head + filler + tail;
      assert.equal(text[CHUNK - 1], '\\', 'the backslash is the last character of the first chunk');
      const [only] = await collect((await open(writeJson(t, text))).rows);
      assert.equal(only?.cells[3], place === 'a row' ? `${filler}"} tail` : 'D');
    });
  }
});

test('skipped members may hold any JSON value: true, false, null, numbers in every form', async (t) => {
  const text = '{"a": true, "b":false,"c" : null, "d": -0.5e+3, "e": 0, "f": 12E-1, "rows": [{"row": 2, "input": {"Device ID": "D"}}], "g": 7}';
  const [only] = await collect((await open(writeJson(t, text))).rows);
  assert.equal(only?.rowNumber, 2);
});

// File-level refusals: each names the file and says what is wrong, and what JSON input must be.
const refusals = [
  { name: 'an array at the top', text: '[{"row": 2}]', code: 'not-a-spreadsheet', says: /not a device-policy results file.*expected a JSON object/ },
  { name: 'an object with no "rows"', text: '{"devices": []}', code: 'not-a-spreadsheet', says: /no "rows" array/ },
  { name: '"rows" that is not an array', text: '{"rows": {"a": 1}}', code: 'not-a-spreadsheet', says: /"rows" member is not an array/ },
  { name: 'a row that is not an object', text: '{"rows": [1]}', code: 'not-a-spreadsheet', says: /rows\[0\] is not an object/ },
  { name: 'a row without a row number', text: '{"rows": [{"row": 2}, {"status": "accepted"}]}', code: 'not-a-spreadsheet', says: /rows\[1\] has no "row"/ },
  { name: 'input that is not an object', text: '{"rows": [{"row": 2, "input": "x"}]}', code: 'not-a-spreadsheet', says: /rows\[0\]\.input/ },
  { name: '"headers" that are not text', text: '{"headers": [1, 2], "rows": []}', code: 'not-a-spreadsheet', says: /"headers" is not a list/ },
  { name: 'CSV text named .json', text: 'Customer ID,Device ID\n', code: 'not-a-spreadsheet', says: /found "C"/ },
  { name: 'an empty .json file', text: '', code: 'not-a-spreadsheet', says: /empty/ },
  { name: 'a broken row', text: '{"rows": [{"row": 2,}]}', code: 'unreadable', says: /cannot parse the JSON: expected a member name, but found "}" at byte 21$/ },
  { name: 'a file cut short', text: '{"rows": [{"row": 2}, {"row": 3, "input": {"a": "b', code: 'unreadable', says: /ends inside a value/ },
  { name: 'a missing comma between members', text: '{"rows": [] "headers": []}', code: 'unreadable', says: /expected "," or the end of the object or array, but found "headers" at byte 13$/ },
  { name: 'text after the end', text: '{"rows": []} {}', code: 'unreadable', says: /nothing after the closing/ },
  // JSON.parse would keep the second; the streamed reader would have read both arrays' rows.
  { name: 'two "rows" members', text: '{"rows": [{"row": 2}], "rows": [{"row": 3}]}', code: 'unreadable', says: /"rows" is given twice/ },
  { name: 'two "headers" members', text: '{"headers": ["A"], "rows": [], "headers": ["B"]}', code: 'unreadable', says: /"headers" is given twice/ },
  // Members that are not read are still checked, to the last byte: a file JSON.parse refuses is refused.
  { name: 'a broken summary', text: '{"summary": {"a": 1,, "b": 2}, "rows": []}', code: 'unreadable', says: /expected a member name, but found "," at byte 21$/ },
  { name: 'a member with no value', text: '{"x":,"rows":[{"row": 2}]}', code: 'unreadable', says: /expected a value .*, but found "," at byte 6$/ },
  { name: 'a misspelt true', text: '{"x":tru,"rows":[{"row": 2}]}', code: 'unreadable', says: /expected a value .*, but found "," at byte 9$/ },
  { name: 'a number JSON does not allow', text: '{"x": 01, "rows":[{"row": 2}]}', code: 'unreadable', says: /but found 1 at byte 8$/ },
  { name: 'a trailing comma in "rows"', text: '{"rows":[{"row": 2},]}', code: 'unreadable', says: /but found "]"/ },
] as const;

for (const r of refusals) {
  test(`refuses ${r.name}`, async (t) => {
    const file = writeJson(t, r.text);
    await assert.rejects(open(file), (e: unknown) => {
      assert.ok(isInputError(e), String(e));
      assert.equal(e.code, r.code);
      assert.equal(e.file, file);
      assert.ok(e.message.startsWith(`${file}: `), e.message);
      assert.match(e.message, r.says);
      return true;
    });
  });
}

test('--sheet and --header-row have nothing to pick in a JSON results file', async (t) => {
  const file = await written(t, 'r.json', sampleRows());
  await assert.rejects(open(file, { sheet: 'Results' }), { code: 'bad-option', message: /--sheet applies to CSV and XLSX input/ });
  await assert.rejects(open(file, { headerRow: 1 }), { code: 'bad-option', message: /--header-row applies to CSV and XLSX input/ });
});
