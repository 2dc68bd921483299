// Shared by the reader tests: open a file the way the CLI does, and gather what a reader yields.
import { join } from 'node:path';
import type { SourceRow } from '../../src/model.js';
import { headerCheck, type ColumnOverrides, type FieldDefaults } from '../../src/map/columns.js';
import { openTable, type OpenedTable } from '../../src/read/open-table.js';
import { FIXTURES } from '../helpers/paths.js';

export function fixture(name: string): string {
  return join(FIXTURES, name);
}

export interface OpenAs {
  sheet?: string;
  headerRow?: number;
  map?: ColumnOverrides;
  defaults?: FieldDefaults;
}

/** openTable with the header rule the CLI uses (SPEC aliases, overrides, defaults). */
export function open(file: string, as: OpenAs = {}): Promise<OpenedTable> {
  return openTable(file, { sheet: as.sheet, headerRow: as.headerRow, ...headerCheck(as.map ?? {}, as.defaults ?? {}) });
}

export async function collect(rows: AsyncIterable<SourceRow>): Promise<SourceRow[]> {
  const out: SourceRow[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

/** Row number → cells, the way a test states what a spreadsheet shows. */
export async function byRow(rows: AsyncIterable<SourceRow>): Promise<Map<number, string[]>> {
  return new Map((await collect(rows)).map((r) => [r.rowNumber, r.cells]));
}
