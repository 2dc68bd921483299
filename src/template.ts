// `device-policy template [file]`: a blank input the tool reads without any --map, in the format the
// file's extension names.
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import ExcelJS from './vendor/exceljs.js';
import { InputError } from './read/errors.js';

// Only the columns this version uses: looking devices up by serial number or product key, and policies
// by name (SPEC §2 Resolution), is not built yet, and a template must not invite what apply refuses.
export const TEMPLATE_HEADERS = ['Customer ID', 'Device ID', 'Policy ID'] as const;

const INSTRUCTIONS: readonly [column: string, meaning: string, example: string][] = [
  ['Customer ID', 'The customer’s Microsoft Entra tenant ID (a GUID). Required, unless given with --customer.', 'c7f3c849-129f-4b85-a96d-4f8e88b315a3'],
  ['Device ID', 'The Partner Center device ID (as Partner Center shows it, not the serial number). Required.', '9993-8627-3608-6844-6369-4361-72'],
  ['Policy ID', 'The Autopilot configuration policy ID (a GUID). Required, unless given with --policy.', '15a04610-9229-4e80-94e0-0e826a09c9e2'],
];

const NOTES = [
  'One device per row, on the Devices sheet; the header row must stay as it is.',
  'Keep the ID columns formatted as Text: Excel turns long digit strings into numbers and loses digits.',
  'Rows left entirely blank are skipped. Other columns (serial number, model, notes) may be added: they are kept in the results.',
];

export async function writeTemplate(path: string): Promise<void> {
  const ext = extname(path).toLowerCase();
  const content = ext === '.xlsx' ? await xlsxTemplate() : ext === '.csv' ? csvTemplate() : undefined;
  if (content === undefined) {
    throw new InputError('bad-option', path, `${path}: a template must be named .xlsx or .csv, got ${ext === '' ? 'no extension' : ext}`);
  }
  try {
    // 'wx' refuses an existing file atomically: a filled-in sheet must never be replaced by a blank one.
    await writeFile(path, content, { flag: 'wx' });
  } catch (e) {
    if (e instanceof Error && 'code' in e && e.code === 'EEXIST') {
      throw new InputError('bad-option', path, `${path}: already exists; choose another name or remove it first`, { cause: e });
    }
    throw e;
  }
}

function csvTemplate(): Buffer {
  // The BOM is what makes Excel open a CSV as UTF-8; CRLF is what Excel itself writes.
  return Buffer.from(`\ufeff${TEMPLATE_HEADERS.join(',')}\r\n`, 'utf8');
}

async function xlsxTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const devices = workbook.addWorksheet('Devices', { views: [{ state: 'frozen', ySplit: 1 }] });
  devices.columns = TEMPLATE_HEADERS.map((header) => ({
    header,
    width: 40,
    // Text format, so that pasted IDs keep every digit and leading zero.
    style: { numFmt: '@' },
  }));
  devices.getRow(1).font = { bold: true };

  const help = workbook.addWorksheet('Instructions');
  help.columns = [
    { header: 'Column', width: 16 },
    { header: 'What to put there', width: 100 },
    { header: 'Example', width: 40 },
  ];
  help.getRow(1).font = { bold: true };
  for (const row of INSTRUCTIONS) help.addRow([...row]);
  help.addRow([]);
  for (const note of NOTES) help.addRow(['', note]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
