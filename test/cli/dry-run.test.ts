// `apply FILE --dry-run` end to end, on every fixture: the built CLI as a child process, its results
// workbook read back through exceljs, and its `--json` summary. The expectations are fixtures/README.md's
// tables (row numbers as a spreadsheet shows them); a row the README does not call out must be planned.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it, test } from 'node:test';
import { runCli, type CliResult } from '../helpers/cli.js';
import { FIXTURES, tempDir } from '../helpers/paths.js';
import {
  cellText, parseJson, readJsonResults, readXlsxResults, resultsHeaders, STATUSES, CHECKED_TRAIL_HEADERS, TRAIL_HEADERS,
  type JsonResults, type Status, type SummaryJson, type XlsxResults,
} from '../helpers/results.js';

const CONTOSO = 'c7f3c849-129f-4b85-a96d-4f8e88b315a3';
const FABRIKAM = '1ecedaec-f4fc-461a-a132-6c7861dfc534';
const NORTHWIND = '645dc068-4825-4028-8073-964c76321efe';
const TAILSPIN = '81985331-0c57-445a-971c-2452bd7ad1b1';
const CONTOSO_POLICY = '15a04610-9229-4e80-94e0-0e826a09c9e2';

interface Mistake {
  status: Extract<Status, 'invalid' | 'duplicate'>;
  /** Words the Detail must hold, so the user knows what to fix. */
  detail: RegExp[];
}

interface FixtureCase {
  file: string;
  args?: string[];
  /** The input's header, as the results must repeat it before the result columns. */
  headers: string[];
  /** The headers of the customer, device and policy ID columns (text, never numbers, in the results). */
  ids: { customer: string; device: string; policy?: string };
  /** Every data row's number, in input order. */
  rows: number[];
  /** The README's deliberate mistakes; every other row must be `planned`. */
  mistakes: Record<number, Mistake>;
  /** Some mistake is in a row's own cells: the results end with the Input Check column. */
  checked?: true;
  customers: number;
  requests: number;
  /** The worksheet the rows must come from (XLSX). */
  sheet?: string;
  /** Cells that show the input was read faithfully (row number → column → text or pattern). */
  cells?: Record<number, Record<string, string | RegExp>>;
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

const NOT_A_GUID = /not a GUID/;
const STORED_AS_NUMBER = /stored as a number/;

const CASES: FixtureCase[] = [
  {
    file: 'european-export.csv',
    headers: ['Kunde', 'Customer Tenant ID', 'Device ID', 'Autopilot Profile ID', 'Serial Number', 'Bemerkung'],
    ids: { customer: 'Customer Tenant ID', device: 'Device ID', policy: 'Autopilot Profile ID' },
    rows: [2, 3, 4, 6, 7, 8, 9],
    mistakes: { 7: { status: 'invalid', detail: [/Policy/, NOT_A_GUID, /c92deabd-8a19-4faa-ae5c-59fb7d7b913\b/] } },
    checked: true,
    customers: 2,
    requests: 2,
    cells: {
      // Kunde is not mapped to anything, and is kept; its quoted `;` did not split the row.
      3: { Kunde: 'Schmidt; Söhne KG', Bemerkung: 'Lieferung 2; Nachtrag' },
      4: { Bemerkung: /^Zweizeilige\r?\nBemerkung$/ },
      // The customer ID is kept as typed; only the request uses the normalized form.
      6: { 'Customer Tenant ID': '{5762DB6A-4897-4FFD-88B4-534DBFC57D20}' },
      // Padded with spaces in the file: trimmed.
      8: { 'Device ID': '8916-3840-2040-0956-2677-2733-87' },
    },
  },
  {
    file: 'utf16-tab-export.csv',
    headers: ['Tenant ID', 'Partner Center Device ID', 'Configuration Policy ID', 'Model', 'Serial Number'],
    ids: { customer: 'Tenant ID', device: 'Partner Center Device ID', policy: 'Configuration Policy ID' },
    rows: [2, 3, 4, 6, 7, 8],
    mistakes: { 8: { status: 'duplicate', detail: [/duplicate of row 3\b/] } },
    customers: 1,
    requests: 1,
    cells: { 4: { Model: 'dynabook Satellite Pro — 東京' }, 6: { Model: 'Latitude 7440 «Büro»' } },
  },
  {
    file: 'vendor-workbook.xlsx',
    headers: ['Customer ID', 'Device ID', 'Policy ID', 'Model', 'Serial Number', 'Ship Date', 'Notes'],
    ids: { customer: 'Customer ID', device: 'Device ID', policy: 'Policy ID' },
    rows: [5, 6, 7, 8, 9, 12, 13, 14, 15, 16, 17],
    mistakes: {
      12: { status: 'invalid', detail: [/Device ID/, STORED_AS_NUMBER, /format the column as Text/] },
      15: { status: 'invalid', detail: [/Policy/, /#N\/A/, /spreadsheet error/] },
      17: { status: 'invalid', detail: [/Device ID/, STORED_AS_NUMBER] },
    },
    checked: true,
    customers: 1,
    requests: 1,
    cells: {
      5: { 'Ship Date': '2024-03-04', Notes: 'plain row', Model: 'ThinkPad T14s Gen 4' },
      6: { 'Customer ID': FABRIKAM }, // rich text in the workbook
      7: { 'Device ID': '7200-5910-3780-0749-7103-4086-83' }, // a hyperlink's text
      8: { 'Policy ID': '75c17636-ae4f-4063-bbc3-4c225a5940f6' }, // a formula's result
      12: { 'Device ID': '9.99386E+15' },
      15: { 'Policy ID': '#N/A' },
      17: { 'Device ID': '48213377' }, // a number in the workbook, text in the results
    },
  },
  {
    file: 'sample-devices.xlsx',
    headers: ['Customer Name', 'Customer ID', 'Device ID', 'Policy ID', 'Serial Number', 'Model', 'Order Number'],
    ids: { customer: 'Customer ID', device: 'Device ID', policy: 'Policy ID' },
    rows: range(2, 308).filter((r) => r !== 152),
    mistakes: {
      42: { status: 'invalid', detail: [/Device ID/, /missing/] },
      77: { status: 'duplicate', detail: [/duplicate of row 13\b/] },
      104: { status: 'invalid', detail: [/different policies/, /\brows? 104\b.*\b194\b/] },
      194: { status: 'invalid', detail: [/different policies/, /\brows? 104\b.*\b194\b/] },
      214: { status: 'invalid', detail: [/Customer/, /northwind\.onmicrosoft\.com/, NOT_A_GUID] },
      274: { status: 'invalid', detail: [/Device ID/, STORED_AS_NUMBER] },
    },
    checked: true,
    customers: 4,
    requests: 4,
    cells: { 122: { 'Policy ID': /^\{[0-9A-F-]{36}\}$/ }, 274: { 'Device ID': '9.41277E+15' } },
  },
  {
    file: 'edge/cr-only.csv',
    headers: ['Customer ID', 'Device ID', 'Policy ID', 'Notes'],
    ids: { customer: 'Customer ID', device: 'Device ID', policy: 'Policy ID' },
    rows: [4, 6],
    mistakes: {},
    customers: 1,
    requests: 1,
    cells: { 4: { Notes: /^two[\r\n]+lines$/ }, 6: { Notes: 'after a blank row' } },
  },
  {
    file: 'edge/repeated-notes.csv',
    headers: ['Customer ID', 'Device ID', 'Policy ID', 'Notes', 'Notes'],
    ids: { customer: 'Customer ID', device: 'Device ID', policy: 'Policy ID' },
    rows: [2],
    mistakes: {},
    customers: 1,
    requests: 1,
    // The helper keys the second `Notes` column `Notes (2)`: both are kept, each with its own text.
    cells: { 2: { Notes: 'first note', 'Notes (2)': 'second note' } },
  },
  {
    // The reader's other path (sheets parsed straight from the zip): the Devices sheet after a Notes
    // sheet is the one found, and every cell comes through, in order.
    file: 'edge/streamed-order.xlsx',
    sheet: 'Devices',
    headers: ['Customer ID', 'Device ID', 'Policy ID'],
    ids: { customer: 'Customer ID', device: 'Device ID', policy: 'Policy ID' },
    rows: [2, 3, 4, 5],
    mistakes: {},
    customers: 1,
    requests: 1,
    cells: {
      2: { 'Customer ID': CONTOSO, 'Device ID': '8150-1815-4939-3737-5721-0275-19', 'Policy ID': CONTOSO_POLICY },
      3: { 'Device ID': '8576-0831-0915-8393-3322-8979-15' },
      4: { 'Device ID': '8800-2750-3741-5588-3639-8241-40' },
      5: { 'Customer ID': CONTOSO, 'Device ID': '0168-0688-4224-6866-2070-1714-08', 'Policy ID': CONTOSO_POLICY },
    },
  },
  {
    file: 'edge/missing-policy.csv',
    args: ['--policy', CONTOSO_POLICY],
    headers: ['Customer ID', 'Device ID', 'Model'],
    ids: { customer: 'Customer ID', device: 'Device ID' },
    rows: [2],
    mistakes: {},
    customers: 1,
    requests: 1,
    cells: { 2: { Model: 'Surface Pro 9' } },
  },
];

interface DryRun {
  cli: CliResult;
  summary: SummaryJson;
  xlsx: XlsxResults;
}

/** `apply FILE --dry-run --out <tmp>/r.xlsx --json ARGS`, its stdout parsed and its workbook read. */
async function dryRun(dir: string, file: string, args: string[] = []): Promise<DryRun> {
  const out = join(dir, 'r.xlsx');
  const cli = await runCli(['apply', file, '--dry-run', '--out', out, '--json', ...args]);
  assert.ok(cli.code === 0 || cli.code === 1, `exit ${String(cli.code)}: ${cli.stderr}`);
  return { cli, summary: parseJson<SummaryJson>(cli.stdout, 'stdout of --json'), xlsx: await readXlsxResults(out) };
}

function expectedCounts(c: FixtureCase): Record<Status, number> {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const row of c.rows) counts[c.mistakes[row]?.status ?? 'planned'] += 1;
  return counts;
}

for (const c of CASES) {
  const title = `apply ${c.file}${c.args ? ` ${c.args.join(' ')}` : ''} --dry-run`;
  describe(title, () => {
    const counts = expectedCounts(c);
    const anyInvalid = counts.invalid > 0;
    let run: DryRun;
    before(async () => {
      run = await dryRun(tempDir({ after }), join(FIXTURES, c.file), c.args);
    });

    it(`exits ${anyInvalid ? 1 : 0} (${anyInvalid ? 'a row is invalid' : 'no row is invalid; duplicates are fine'})`, () => {
      assert.equal(run.cli.code, anyInvalid ? 1 : 0, run.cli.stderr);
    });

    it('writes Row, Status and Detail first, then the input headers, then the other result columns', () => {
      assert.deepEqual(run.xlsx.headers, resultsHeaders(c.headers, c.checked ? CHECKED_TRAIL_HEADERS : TRAIL_HEADERS));
    });

    it('keeps every data row, in input order, numbered as a spreadsheet shows it', () => {
      assert.deepEqual(run.xlsx.rows.map((r) => r['Row']), c.rows);
    });

    it('marks each deliberate mistake with its status and a Detail that says why; every other row is planned', () => {
      for (const r of run.xlsx.rows) {
        const row = Number(r['Row']);
        const mistake = c.mistakes[row];
        const detail = cellText(r['Detail']);
        assert.equal(r['Status'], mistake?.status ?? 'planned', `row ${row}: ${detail}`);
        for (const words of mistake?.detail ?? []) assert.match(detail, words, `row ${row} Detail`);
      }
    });

    it('keeps the original cells of the input, including the columns it maps to nothing', () => {
      const byRow = new Map(run.xlsx.rows.map((r) => [Number(r['Row']), r]));
      for (const [row, columns] of Object.entries(c.cells ?? {})) {
        for (const [column, want] of Object.entries(columns)) {
          const got = byRow.get(Number(row))?.[column];
          if (want instanceof RegExp) assert.match(cellText(got), want, `row ${row} ${column}`);
          else assert.equal(got, want, `row ${row} ${column}`);
        }
      }
    });

    if (c.sheet !== undefined) {
      it(`reads the sheet ${c.sheet}`, () => {
        assert.equal((run.summary as { sheet?: string }).sheet, c.sheet);
      });
    }

    it('writes ID cells as text, never as numbers', () => {
      for (const r of run.xlsx.rows) {
        for (const column of Object.values(c.ids)) {
          const value = r[column];
          assert.ok(value === null || typeof value === 'string', `row ${String(r['Row'])} ${column} is ${JSON.stringify(value)}`);
        }
      }
    });

    it('counts the rows by status on the Summary sheet', () => {
      for (const status of STATUSES) assert.equal(run.xlsx.summary.get(status), counts[status], `Summary ${status}`);
      assert.equal(run.xlsx.summary.get('Rows'), c.rows.length);
      assert.equal(run.xlsx.summary.get('Requests'), c.requests);
    });

    it('prints the summary as pure JSON with --json: rows, every status, customers, requests, input hash, exit code', async () => {
      const s = run.summary;
      assert.equal(s.rows, c.rows.length);
      assert.deepEqual(s.byStatus, counts, 'byStatus names every status, 0 included');
      assert.equal(s.customers, c.customers);
      assert.equal(s.requests, c.requests);
      const sha = createHash('sha256').update(await readFile(join(FIXTURES, c.file))).digest('hex');
      assert.equal(s.inputSha256, sha);
      assert.equal(run.xlsx.summary.get('Input SHA-256'), sha);
      assert.equal(s.exitCode, run.cli.code);
    });
  });
}

test('--chunk-size 10 on the sample: one request per 10 planned devices of each customer', async (t) => {
  const run = await dryRun(tempDir(t), join(FIXTURES, 'sample-devices.xlsx'), ['--chunk-size', '10']);
  // Contoso 90 → 9, Fabrikam 85 → 9, Northwind 70 → 7, Tailspin 55 → 6.
  assert.equal(run.summary.requests, 31);
  assert.equal(run.xlsx.summary.get('Requests'), 31);
  assert.equal(run.summary.byStatus['planned'], 300, 'the chunk size changes no row status');
  // The per-customer table counts the requests each customer would get, and they add up.
  const requests = new Map((run.summary.perCustomer ?? []).map((p) => [p.customer, p.requests]));
  assert.deepEqual([CONTOSO, FABRIKAM, NORTHWIND, TAILSPIN].map((customer) => requests.get(customer)), [9, 9, 7, 6]);
});

test('--sheet Devices and --header-row 4 on the vendor workbook find what detection finds', async (t) => {
  const file = join(FIXTURES, 'vendor-workbook.xlsx');
  const results = async (args: string[]): Promise<JsonResults['rows']> => {
    const out = join(tempDir(t), 'r.json');
    const cli = await runCli(['apply', file, '--dry-run', '--quiet', '--out', out, ...args]);
    assert.equal(cli.code, 1, cli.stderr);
    return (await readJsonResults(out)).rows;
  };
  const detected = await results([]);
  assert.equal(detected.length, 11);
  for (const args of [['--sheet', 'Devices'], ['--header-row', '4'], ['--sheet', 'Devices', '--header-row', '4']]) {
    assert.deepEqual(await results(args), detected, args.join(' '));
  }
});

test('--map device="Serial Number" makes the serial number the device', async (t) => {
  const run = await dryRun(tempDir(t), join(FIXTURES, 'sample-devices.xlsx'), ['--map', 'device=Serial Number']);
  const byRow = new Map(run.xlsx.rows.map((r) => [Number(r['Row']), r]));
  // Row 274's Device ID was stored as a number; its serial number is fine.
  assert.equal(byRow.get(274)?.['Status'], 'planned');
  // The conflict of rows 104 and 194 is now reported for the device's serial number.
  assert.equal(byRow.get(104)?.['Status'], 'invalid');
  assert.match(cellText(byRow.get(104)?.['Detail']), /FANVJECR/);
  assert.equal(run.summary.byStatus['invalid'], 4);
  assert.equal(run.summary.options?.['deviceColumn'], 'Serial Number');
});

test('--customer fills the rows whose customer cell is empty, and only those', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'devices.csv');
  await writeFile(file, [
    'Customer ID,Device ID,Policy ID',
    `,DEV-1,${CONTOSO_POLICY}`,
    `${FABRIKAM},DEV-2,${CONTOSO_POLICY}`,
    '',
  ].join('\r\n'));

  const without = await dryRun(dir, file);
  assert.equal(without.cli.code, 1);
  assert.equal(without.xlsx.rows[0]?.['Status'], 'invalid');
  assert.match(cellText(without.xlsx.rows[0]?.['Detail']), /Customer/);

  const filled = await dryRun(dir, file, ['--customer', CONTOSO]);
  assert.equal(filled.cli.code, 0, filled.cli.stderr);
  assert.deepEqual(filled.xlsx.rows.map((r) => r['Status']), ['planned', 'planned']);
  assert.deepEqual((filled.summary.perCustomer ?? []).map((p) => p.customer).sort(), [CONTOSO, FABRIKAM].sort());
  assert.equal(filled.summary.requests, 2);
  // The results repeat the input as it was: the empty cell stays empty.
  assert.equal(cellText(filled.xlsx.rows[0]?.['Customer ID']), '');
});
