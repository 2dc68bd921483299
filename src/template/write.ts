// `device-policy template [file]`: a blank input the tool reads without any --map, in the format the
// file's extension names. What it holds is in content.ts. exceljs is loaded for an .xlsx template only.
import { writeFile } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { fileProblemWords } from '../text/file-problem.js';
import type { Workbook } from 'exceljs';
import { InputError } from '../read/errors.js';
import { CHECKED_ROWS, EXAMPLE_ROWS, GUID_COLUMNS, NOTES, TEMPLATE_COLUMNS, TEMPLATE_HEADERS } from './content.js';

export { DEFAULT_TEMPLATE } from './names.js';

/** The template's bytes for a file name ending in .xlsx or .csv. */
export async function templateContent(path: string): Promise<Buffer> {
  const ext = extname(path).toLowerCase();
  if (ext === '.xlsx') return xlsxTemplate();
  if (ext === '.csv') return csvTemplate();
  throw new InputError('bad-option', path, `${path}: a template must be named .xlsx or .csv, got ${ext === '' ? 'no extension' : ext}`);
}

export async function writeTemplate(path: string): Promise<void> {
  const content = await templateContent(path);
  try {
    // 'wx' refuses an existing file atomically: a filled-in sheet must never be replaced by a blank one.
    await writeFile(path, content, { flag: 'wx' });
  } catch (e) {
    if (e instanceof Error && 'code' in e && e.code === 'EEXIST') {
      throw new InputError('bad-option', path, `${path}: already exists; choose another name or remove it first`, { cause: e });
    }
    const code = (e as NodeJS.ErrnoException | undefined)?.code;
    const why = code === 'ENOENT' ? `the folder ${dirname(resolve(path))} does not exist` : fileProblemWords(code);
    if (why !== undefined) throw new InputError('bad-option', path, `${path}: cannot write the template: ${why}`, { cause: e });
    throw e;
  }
}

function csvTemplate(): Buffer {
  // The BOM is what makes Excel open a CSV as UTF-8; CRLF is what Excel itself writes.
  return Buffer.from(`\ufeff${TEMPLATE_HEADERS.join(',')}\r\n`, 'utf8');
}

async function xlsxTemplate(): Promise<Buffer> {
  const { default: ExcelJS } = await import('../vendor/exceljs.js');
  const workbook = new ExcelJS.Workbook();
  addDevices(workbook);
  addInstructions(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function addDevices(workbook: Workbook): void {
  const devices = workbook.addWorksheet('Devices', { views: [{ state: 'frozen', ySplit: 1 }] });
  devices.columns = TEMPLATE_COLUMNS.map((c) => ({
    header: c.header,
    width: c.width,
    // Text format on the whole column, so that typed or pasted IDs keep every digit and leading zero.
    ...(c.text ? { style: { numFmt: '@' } } : {}),
  }));
  devices.getRow(1).font = { bold: true };
  for (const header of GUID_COLUMNS) {
    const letter = devices.getColumn(TEMPLATE_HEADERS.indexOf(header) + 1).letter;
    // A warning, not a stop: braces around a GUID (38 characters) are accepted by the tool.
    devices.dataValidations.add(`${letter}2:${letter}${CHECKED_ROWS + 1}`, {
      type: 'textLength',
      operator: 'equal',
      formulae: [36],
      allowBlank: true,
      showErrorMessage: true,
      errorStyle: 'warning',
      errorTitle: `${header}: not 36 characters`,
      error: `A ${header} is a GUID of 36 characters, like c7f3c849-129f-4b85-a96d-4f8e88b315a3. A character is missing or extra.`,
    });
  }
}

function addInstructions(workbook: Workbook): void {
  const help = workbook.addWorksheet('Instructions');
  help.columns = [
    { width: 16 },
    { width: 34 },
    { width: 70 },
    ...EXAMPLE_ROWS.map(() => ({ width: 40, style: { alignment: { wrapText: true } } })),
  ];
  help.addRow(['How to fill in the Devices sheet']).font = { bold: true, size: 14 };
  help.addRow(['Each row names one device in one of the three ways on the right; the kinds may be mixed in one sheet.']);
  help.addRow([]);
  help.addRow(['Column', 'When it is needed', 'What to put there', ...EXAMPLE_ROWS.map((e) => e.heading)]).font = { bold: true };
  help.addRow(['', '', 'When to use this way', ...EXAMPLE_ROWS.map((e) => e.when)]).font = { italic: true };
  for (const c of TEMPLATE_COLUMNS) {
    help.addRow([c.header, c.needed, c.meaning, ...EXAMPLE_ROWS.map((e) => e.cells[c.header] ?? '')]);
  }
  help.addRow(['', '', 'How to run it', ...EXAMPLE_ROWS.map((e) => e.run)]).font = { italic: true };
  help.addRow([]);
  for (const note of NOTES) help.addRow(['', note]);
}
