// JSON results: {"headers": [...], "rows": [...], "summary": {...}}.
// The summary is written last although SPEC §2 shows it first: it is only complete once the last row has
// passed, and putting it first would mean spooling 300k rows to a second file. Key order carries no
// meaning in JSON. `headers` is an addition to the SPEC shape: it keeps duplicate input headers, which
// the `input` objects must make unique (`Notes`, `Notes (2)`).
import { readFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { writeText } from './atomic.js';
import { layoutOf, PLAIN, resultKeys, uniqueKeys } from '../results/layout.js';
import type { ResultKey } from '../results/columns.js';
import { rowResultFrom } from './table-reader.js';
import { RecordError, unreadableFile } from './errors.js';
import { usableSummary } from './summary-shape.js';
import { eachRow, type ResultRow, type ResultsFile, type ResultsTable } from './table.js';

const BLOCK = 64 * 1024;

export async function writeJsonResults(out: Writable, table: ResultsTable, path: string): Promise<void> {
  const keys = resultKeys(table.layout ?? PLAIN);
  const inputKeys = uniqueKeys(table.headers);
  let block = `{\n"headers": ${JSON.stringify(table.headers)},\n"rows": [`;
  let separator = '\n';
  for await (const row of eachRow(table, path)) {
    block += separator + JSON.stringify(jsonRow(row, keys, inputKeys));
    separator = ',\n';
    if (block.length >= BLOCK) {
      await writeText(out, block);
      block = '';
    }
  }
  block += `\n],\n"summary": ${JSON.stringify(table.summary, null, 2)}\n}\n`;
  await writeText(out, block);
}

function jsonRow(row: ResultRow, keys: readonly ResultKey[], inputKeys: string[]): Record<string, unknown> {
  const json: Record<string, unknown> = {};
  for (const key of keys) {
    const value = row.result[key];
    if (value !== undefined) json[key] = value;
  }
  // fromEntries defines own properties, so even an input header named "__proto__" is kept as data.
  json.input = Object.fromEntries(inputKeys.map((key, i) => [key, row.input[i] ?? '']));
  return json;
}

export async function readJsonResults(path: string): Promise<Omit<ResultsFile, 'format'>> {
  let doc: unknown;
  try {
    doc = JSON.parse((await readFile(path, 'utf8')).replace(/^\uFEFF/, ''));
  } catch (e) {
    throw unreadableFile(path, 'JSON', e);
  }
  if (!isRecord(doc) || !Array.isArray(doc.rows)) {
    throw new RecordError('not-results-file', path, `${path} is not a results file: expected an object with a "rows" array`);
  }
  const rows: unknown[] = doc.rows;
  const headers = stringArray(doc.headers) ?? inputKeysOf(rows[0]);
  const inputKeys = uniqueKeys(headers);
  const read = rows.map((row, i): ResultRow => {
    const where = `rows[${i}] of ${path}`;
    if (!isRecord(row)) throw new RecordError('bad-value', path, `${where}: expected an object`);
    const input = isRecord(row.input) ? row.input : {};
    const get = (key: ResultKey): string | number | undefined => scalar(row[key]);
    return { input: inputKeys.map((key) => String(scalar(input[key]) ?? '')), result: rowResultFrom(get, where, path) };
  });
  const layout = layoutOf(read.map((r) => r.result));
  // A summary without the parts `status` uses is treated as absent, as for CSV (summary-shape.ts).
  const summary = usableSummary(doc.summary);
  return summary === undefined ? { headers, rows: read, layout } : { headers, rows: read, layout, summary };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringArray(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;
}

function inputKeysOf(row: unknown): string[] {
  return isRecord(row) && isRecord(row.input) ? Object.keys(row.input) : [];
}

function scalar(value: unknown): string | number | undefined {
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'boolean') return String(value);
  return undefined;
}
