// What the page shows of a sheet before it is checked: its worksheets, the header row found, each
// column with the field it is read as (the aliases, or the engineer's mapping), an example value, the
// field an unused column is likely to be, and what is still missing. The same reader, header search and
// mapping as `apply` (read/, map/): what the page shows is what a run will read.
import type { ColumnMap, Field } from '../model.js';
import { openTable, type OpenedTable } from '../read/open-table.js';
import { isInputError } from '../read/errors.js';
import { sheetNames } from '../read/sheet-names.js';
import { sniffFormat } from '../read/sniff.js';
import { headerCheck, mapColumns, missingFields, type GivenBy } from '../map/columns.js';
import { inspectHeaders } from '../map/result-columns.js';
import { unusedColumns } from '../map/unused-columns.js';
import type { Choices, ColumnView, SheetView } from './page/api-types.js';

// The page gives a value for every row in its own fields, not by --customer and --policy.
const ON_THE_PAGE: GivenBy = { customer: '"Customer for rows without one"', policy: '"Profile for rows without one"' };

export interface SheetFile {
  path: string;
  /** The name the engineer knows it by (messages say it instead of the path it was saved to). */
  name: string;
  size: number;
}

export async function inspectSheet(file: SheetFile, choices: Choices): Promise<SheetView> {
  let format: SheetView['format'];
  try {
    format = (await sniffFormat(file.path)).format;
  } catch (error) {
    if (!isInputError(error)) throw error;
    return { name: file.name, size: file.size, sheets: [], choices, columns: [], missing: [], problem: named(error.message, file), isResultsFile: false };
  }
  const sheets = format === 'xlsx' ? await sheetNames(file.path) : [];
  const base = { name: file.name, size: file.size, format, sheets, choices };
  const defaults = { customer: choices.customer, policy: choices.policy };
  let table: OpenedTable;
  let problem: string | undefined;
  try {
    table = await openTable(file.path, { sheet: choices.sheet, headerRow: choices.headerRow, ...headerCheck(choices.map, defaults) });
  } catch (error) {
    if (!isInputError(error)) throw error;
    problem = named(error.message, file);
    if (error.code !== 'no-header') return { ...base, columns: [], missing: [], problem, isResultsFile: false };
    // No row holds the required columns: the first row (or the one chosen) is shown as the header, so
    // that the engineer can say what its columns are.
    table = await openTable(file.path, { sheet: choices.sheet, headerRow: choices.headerRow, isHeader: () => true });
  }
  try {
    const { info } = table;
    const example = await firstRow(table);
    const shape = inspectHeaders(info.headers);
    let map: ColumnMap = {};
    try {
      map = mapColumns(info.headers, choices.map, file.name);
    } catch (error) {
      if (!isInputError(error)) throw error;
      problem ??= named(error.message, file);
    }
    const fieldAt = new Map<number, Field>(Object.entries(map).map(([field, index]) => [index, field as Field]));
    const unused = unusedColumns(info.headers, shape.keep, map, choices.map);
    const likely = new Map(unused.suggestions.map((s) => [s.header, s.field]));
    const columns: ColumnView[] = shape.keep.map((index) => {
      const header = info.headers[index] ?? '';
      const field = fieldAt.get(index);
      const suggestion = field === undefined ? likely.get(header.trim()) : undefined;
      return { index, header, example: shortened(example[index] ?? ''), ...(field === undefined ? {} : { field }), ...(suggestion === undefined ? {} : { suggestion }) };
    });
    return {
      ...base,
      ...(info.sheet === undefined ? {} : { sheet: info.sheet }),
      headerRow: info.headerRow,
      ...(info.encoding === undefined ? {} : { encoding: info.encoding }),
      columns,
      missing: problem === undefined ? missingFields(map, defaults, ON_THE_PAGE) : [],
      ...(problem === undefined ? {} : { problem }),
      isResultsFile: shape.isResultsFile,
    };
  } finally {
    await table.close?.();
  }
}

/** The first data row's cells, or none; the rest of the file is not read. */
async function firstRow(table: OpenedTable): Promise<string[]> {
  for await (const row of table.rows) return row.cells;
  return [];
}

/** The reader's message with the saved copy's path replaced by the name the engineer gave the file. */
export function named(message: string, file: { path: string; name: string }): string {
  return message.split(file.path).join(file.name);
}

/** An example to recognise a column by: a 4,000-character hash needs no more than its start. */
function shortened(cell: string): string {
  return cell.length <= 60 ? cell : `${cell.slice(0, 57)}…`;
}
