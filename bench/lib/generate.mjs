// Generated inputs, the way vendor exports look: a customer tenant GUID, a Partner Center device ID, a
// policy GUID, a serial number and a model per row. Deterministic, so every run measures the same bytes.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { DIST } from './paths.mjs';

const HEADER = ['Customer ID', 'Device ID', 'Policy ID', 'Serial Number', 'Model'];
const MODELS = ['Surface Laptop 6', 'ThinkPad X1 Carbon Gen 12', 'Latitude 7450', 'EliteBook 840 G11'];

/** A GUID of its own for each (n, kind): kind 1 for customers, 2 for policies. */
export function guid(n, kind) {
  const h = Math.imul(n + 1, 2654435761) >>> 0;
  const hex = h.toString(16).padStart(8, '0');
  return `${hex}-${kind.toString(16).padStart(4, '0')}-4${hex.slice(0, 3)}-8${hex.slice(3, 6)}-${n.toString(16).padStart(12, '0')}`;
}

/** A device ID shaped like Partner Center's (groups of digits). */
function deviceId(i) {
  const d = String(i).padStart(14, '0');
  return `${d.slice(0, 4)}-${d.slice(4, 8)}-${d.slice(8, 12)}-${d.slice(12)}${String((i * 7) % 100).padStart(2, '0')}-2024-01-01`;
}

function row(i, customer) {
  return [guid(customer, 1), deviceId(i), guid(customer, 2), `PF${(i * 2654435761 >>> 0).toString(36).toUpperCase().padStart(7, '0')}`, MODELS[i % MODELS.length]];
}

/** Customers for a dry-run input of `rows` rows: from 1 (small sheets) up to 500 (a million rows). */
export function customersFor(rows) {
  return Math.min(500, Math.max(1, Math.round(rows / 2000)));
}

/** Rows of `customers` customers, interleaved (the plan's worst case: no customer's rows are together). */
function* dryRunRows(rows, customers) {
  for (let i = 0; i < rows; i++) yield row(i, i % customers);
}

export async function writeCsv(path, rows) {
  const out = createWriteStream(path);
  out.write(`${HEADER.join(',')}\n`);
  for (const cells of rows) {
    if (!out.write(`${cells.join(',')}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** An XLSX as Excel saves one: shared strings (written after the sheet), no styles that matter. */
export async function writeXlsx(path, rows) {
  const { default: ExcelJS } = await import(`${DIST}/vendor/exceljs.js`);
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: false });
  const sheet = book.addWorksheet('Devices');
  sheet.addRow(HEADER).commit();
  let n = 0;
  for (const cells of rows) {
    sheet.addRow(cells).commit();
    // Let the zip take what is written so far.
    if (++n % 1000 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  sheet.commit();
  await book.commit();
}

export function dryRunInput(path, format, rows) {
  const customers = customersFor(rows);
  const source = dryRunRows(rows, customers);
  return (format === 'xlsx' ? writeXlsx(path, source) : writeCsv(path, source)).then(() => ({ rows, customers }));
}

/**
 * The input of a full run: `customers` customers with `requests` chunks between them, each customer's last
 * chunk part-full (so the minimum, ceil(devices/chunk) per customer, is exactly `requests`). Returns the
 * devices and that minimum.
 */
export async function sendInput(path, { requests, customers, chunkSize }) {
  const perCustomer = [];
  for (let c = 0; c < customers; c++) {
    const chunks = Math.floor(requests / customers) + (c < requests % customers ? 1 : 0);
    if (chunks > 0) perCustomer.push(chunkSize * (chunks - 1) + 1 + ((c * 37) % chunkSize));
  }
  const devices = perCustomer.reduce((a, b) => a + b, 0);
  function* rows() {
    let i = 0;
    for (const [c, n] of perCustomer.entries()) for (let k = 0; k < n; k++) yield row(i++, c);
  }
  await writeCsv(path, rows());
  const minimum = perCustomer.reduce((sum, n) => sum + Math.ceil(n / chunkSize), 0);
  return { devices, customers: perCustomer.length, minimum };
}

/**
 * The sheet of a full run: `rows` rows shared evenly between `customers` customers, each customer's rows
 * together, as a vendor's export per customer pasted one under the other. Returns the rows, each
 * customer (ID, policy, device IDs) and the fewest requests that can carry them.
 */
export async function sendSheet(path, { rows, customers, chunkSize }) {
  const each = Array.from({ length: customers }, (_, c) => Math.floor(rows / customers) + (c < rows % customers ? 1 : 0));
  const list = [];
  function* cells() {
    let i = 0;
    for (const [c, n] of each.entries()) {
      const devices = [];
      for (let k = 0; k < n; k++) {
        const cells = row(i++, c);
        devices.push(cells[1]);
        yield cells;
      }
      list.push({ id: guid(c, 1), policy: guid(c, 2), devices });
    }
  }
  await writeCsv(path, cells());
  return { rows, customers: list, minimum: each.reduce((sum, n) => sum + Math.ceil(n / chunkSize), 0) };
}
