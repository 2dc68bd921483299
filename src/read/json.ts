// A JSON results file given back as input (SPEC §2 Results file), read as the table its XLSX or CSV
// twin would be: Row, Status, Detail, the input headers, then the other result columns, each row's cells
// as text. The map stage
// then recognises it as it does any results file. Streamed (json-members.ts), never read whole.
import type { SourceRow, TableInfo } from '../model.js';
// The JSON row keys are the record stage's contract; sharing its tables keeps reader and writer agreed.
import { FAILURES, layoutColumns, PLAIN, rowLayout, tableHeader, uniqueKeys, widerLayout, type ResultLayout } from '../results/layout.js';
import { cellText } from './cells.js';
import { InputError } from './errors.js';
import { jsonMembers, JsonScanError, type JsonMember } from './json-members.js';

export interface JsonTable {
  info: TableInfo;
  rows: AsyncIterable<SourceRow>;
}

const SELECTION = { stream: 'rows', keep: new Set(['headers']) };

/** What one pass over the file learns before any row is handed out. */
interface Survey {
  headers: string[] | undefined;
  /** The first row's input keys: the headers of a file written without `headers`. */
  firstInputKeys: string[] | undefined;
  layout: ResultLayout;
  /** Whether a row names the results file it came from: a failures file (`--failures`). */
  failures: boolean;
}

/**
 * One full pass first, because the header must be known before the first row and depends on the
 * whole file: the Resolved columns exist only if some row carries them, and a file whose rows go
 * wrong at row 200,000 should fail here (exit 2) rather than after requests were sent.
 */
export async function openJson(file: string): Promise<JsonTable> {
  const survey = await surveyFile(file);
  const inputHeaders = survey.headers ?? survey.firstInputKeys ?? [];
  const layout = survey.failures ? (survey.layout.checked === true ? { ...FAILURES, checked: true as const } : FAILURES) : survey.layout;
  const headers = tableHeader(inputHeaders, layout);
  // The JSON has no rows of its own; its header stands first, as in the results file's XLSX or CSV twin.
  const info: TableInfo = { file, format: 'json', encoding: 'UTF-8', headerRow: 1, headers };
  const inputKeys = uniqueKeys(inputHeaders);
  return {
    info,
    rows: { [Symbol.asyncIterator]: () => dataRows(file, inputKeys, layout) },
  };
}

async function surveyFile(file: string): Promise<Survey> {
  const survey: Survey = { headers: undefined, firstInputKeys: undefined, layout: PLAIN, failures: false };
  let sawRows = false;
  for await (const member of members(file)) {
    switch (member.kind) {
      case 'value':
        survey.headers = headerList(file, member.value);
        break;
      case 'not-array':
        throw notResults(file, 'its "rows" member is not an array');
      case 'array':
        sawRows = true;
        break;
      case 'element': {
        const row = resultRow(file, member);
        survey.firstInputKeys ??= Object.keys(row.input);
        survey.layout = widerLayout(survey.layout, rowLayout((key) => row.fields[key] !== undefined));
        if (row.fields.resultsFile !== undefined) survey.failures = true;
        break;
      }
    }
  }
  if (!sawRows) throw notResults(file, 'it has no "rows" array');
  return survey;
}

async function* dataRows(file: string, inputKeys: string[], layout: ResultLayout): AsyncGenerator<SourceRow> {
  const { leadKeys, trailKeys } = layoutColumns(layout);
  for await (const member of members(file)) {
    if (member.kind !== 'element') continue;
    const row = resultRow(file, member);
    const cells: string[] = leadKeys.map((key) => resultText(row.fields[key]));
    const numericColumns: number[] = [];
    for (const key of inputKeys) {
      const cell = cellText(row.input[key]);
      // A JSON number holds no more digits than an Excel one: an ID stored as one may have lost some.
      if (cell.numeric) numericColumns.push(cells.length);
      cells.push(cell.text);
    }
    for (const key of trailKeys) cells.push(resultText(row.fields[key]));
    yield { rowNumber: row.number, cells, numericColumns };
  }
}

/** The scan, its errors turned into the reader's: syntax → unreadable, any other shape → not ours. */
async function* members(file: string): AsyncGenerator<JsonMember> {
  try {
    yield* jsonMembers(file, SELECTION);
  } catch (e) {
    if (!(e instanceof JsonScanError)) throw new InputError('unreadable', file, `${file}: cannot read the file (${messageOf(e)})`, { cause: e });
    if (e.code === 'not-an-object') throw notResults(file, e.message);
    throw new InputError('unreadable', file, `${file}: cannot parse the JSON: ${e.message}`, { cause: e });
  }
}

interface ResultRowJson {
  /** The row of the original sheet, which the row keeps naming (SPEC §2). */
  number: number;
  input: Record<string, unknown>;
  fields: Record<string, unknown>;
}

function resultRow(file: string, member: Extract<JsonMember, { kind: 'element' }>): ResultRowJson {
  const { value, index } = member;
  const where = `rows[${index}]`;
  if (!isRecord(value)) throw notResults(file, `${where} is not an object`);
  const number = value.row;
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 1) {
    throw notResults(file, `${where} has no "row" (the row number of the original sheet), got ${number === undefined ? 'nothing' : JSON.stringify(number)}`);
  }
  const input = value.input ?? {};
  if (!isRecord(input)) throw notResults(file, `${where}.input is not an object of cells by header`);
  return { number, input, fields: value };
}

function headerList(file: string, value: unknown): string[] {
  if (Array.isArray(value) && value.every((h): h is string => typeof h === 'string')) return value;
  throw notResults(file, '"headers" is not a list of column headers');
}

/** A result value as the text its XLSX/CSV twin holds: numbers (Row, HTTP Status) in digits, absent as ''. */
function resultText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

function notResults(file: string, why: string): InputError {
  return new InputError(
    'not-a-spreadsheet',
    file,
    `${file}: is JSON but not a device-policy results file (${why}). JSON input must be a results file written by apply --out FILE.json; other data must be CSV or XLSX`,
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
