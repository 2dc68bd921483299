// What a person sees in a workbook, without the zip's timestamps: sheets, cell values and styles,
// column formats and widths, frozen panes and data validations. Two workbooks with equal content look
// and behave the same in Excel, whatever their bytes.
import ExcelJS from '../../src/vendor/exceljs.js';

export interface SheetContent {
  name: string;
  views: unknown;
  columns: { width: number | undefined; numFmt: string | undefined }[];
  cells: Record<string, { value: unknown; numFmt: string | undefined; font: unknown; alignment: unknown }>;
  /** Each distinct rule, with the cells it covers as column → [first row, last row, cells]. */
  validations: { rule: unknown; columns: Record<string, [number, number, number]> }[];
}

export async function workbookContent(path: string): Promise<SheetContent[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb.worksheets.map((ws) => {
    const cells: SheetContent['cells'] = {};
    ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        cells[cell.address] = { value: cell.value, numFmt: cell.numFmt, font: cell.font, alignment: cell.alignment };
      }),
    );
    const columns = Array.from({ length: ws.columnCount }, (_, i) => {
      const column = ws.getColumn(i + 1);
      return { width: column.width, numFmt: column.numFmt };
    });
    return { name: ws.name, views: ws.views, columns, cells, validations: groupValidations(ws.dataValidations.model) };
  });
}

function groupValidations(model: Readonly<Record<string, unknown>>): SheetContent['validations'] {
  const byRule = new Map<string, SheetContent['validations'][number]>();
  for (const [address, rule] of Object.entries(model)) {
    if (rule === undefined) continue;
    const key = JSON.stringify(rule);
    const group = byRule.get(key) ?? { rule, columns: {} };
    byRule.set(key, group);
    const [, letters = '', digits = ''] = /^([A-Z]+)(\d+)$/.exec(address) ?? [];
    const row = Number(digits);
    const span = group.columns[letters];
    group.columns[letters] = span === undefined ? [row, row, 1] : [Math.min(span[0], row), Math.max(span[1], row), span[2] + 1];
  }
  return [...byRule.values()];
}
