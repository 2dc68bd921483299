#!/usr/bin/env node
// The floor a dry run is measured against: the same libraries doing only the unavoidable work. It reads
// the input once (csv-parse, or exceljs's streaming reader for XLSX) and writes every row with the same
// result columns through exceljs's streaming writer, without styles. Run by bench/main.mjs under
// /usr/bin/time; usage: node bench/floor.mjs INPUT.(csv|xlsx) OUT.xlsx
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { DIST } from './lib/paths.mjs';

const { default: ExcelJS } = await import(`${DIST}/vendor/exceljs.js`);
const RESULT_COLUMNS = ['Row', 'Status', 'Detail', 'Batch Job URI', 'Tracking ID', 'HTTP Status', 'Error Code', 'Request ID', 'Sent At', 'Job Status', 'Device Status', 'Device Error', 'Checked At'];
const CHUNK = 100;

const [input, out] = process.argv.slice(2);
if (input === undefined || out === undefined) {
  console.error('usage: node bench/floor.mjs INPUT.(csv|xlsx) OUT.xlsx');
  process.exit(2);
}

const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useStyles: false, useSharedStrings: false });
const sheet = book.addWorksheet('Results');
const perCustomer = new Map();
let header;
let rows = 0;
for await (const { number, cells } of input.endsWith('.xlsx') ? xlsxRows(input) : csvRows(input)) {
  if (header === undefined) {
    header = cells;
    sheet.addRow([...cells, ...RESULT_COLUMNS]).commit();
    continue;
  }
  // What a dry run says of a planned row: its request, counted per customer.
  const customer = cells[0];
  const n = (perCustomer.get(customer) ?? 0) + 1;
  perCustomer.set(customer, n);
  const detail = `would be sent in request ${customer}#${Math.ceil(n / CHUNK)}`;
  sheet.addRow([...cells, number, 'planned', detail]).commit();
  rows++;
}
sheet.commit();
await book.commit();
process.stdout.write(`${JSON.stringify({ rows })}\n`);

async function* csvRows(path) {
  let number = 0;
  for await (const cells of createReadStream(path).pipe(parse({ bom: true, relax_column_count: true }))) yield { number: ++number, cells };
}

async function* xlsxRows(path) {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(createReadStream(path), {
    styles: 'cache',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  // The generated workbooks have one sheet; reading on to the end lets exceljs remove its spooled copy.
  for await (const worksheet of reader) {
    for await (const row of worksheet) yield { number: row.number, cells: row.values.slice(1).map((v) => (v == null ? '' : String(v))) };
  }
}
