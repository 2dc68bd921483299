// exceljs's streaming WorkbookReader, wrapped so that a reader can stop anywhere and still release
// every file it holds.
//
// Why the care: exceljs reads a sheet one of two ways. When the zip holds the shared strings before
// the sheets, it parses the sheet straight from the zip; otherwise — the order Excel and exceljs
// itself write — it first spools every sheet to a temporary file and parses those at the end. Its
// parsers are async generators without `finally`, so calling `return()` on them (what `break` in a
// for-await does) leaves the input half-read and the spooled copies on disk. So we never `return()`
// them: we pull with `next()`, and to leave a sheet we destroy its spooled copy (or, inside the zip,
// read its raw chunks to the end, which is what lets the zip go on) and let exceljs move to the next
// sheet, which deletes the copy. Closing early either does the same for every remaining sheet (once
// the input has been read to its end) or destroys the input (while still inside the zip).
import { createReadStream, type ReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import ExcelJS from '../vendor/exceljs.js';
import type * as XL from 'exceljs';

export interface SheetStream {
  readonly name: string;
  /** The next row that exists in the sheet's XML (blank rows usually don't), or undefined at the end. */
  nextRow(): Promise<XL.Row | undefined>;
}

export interface WorkbookStream {
  /** The next worksheet, in the zip's order; the previous one is skipped to its end first. */
  nextSheet(): Promise<SheetStream | undefined>;
  /** Releases the input and any spooled copy. Safe to call at any point, and more than once. */
  close(): Promise<void>;
}

/** The parts of exceljs's WorksheetReader that its type declarations leave out. */
interface WorksheetReaderInternals {
  name: string;
  /** The sheet's XML: a spooled copy's file stream, or an iterator over the zip entry's chunks. */
  iterator: unknown;
  [Symbol.asyncIterator](): AsyncIterator<XL.Row>;
}

function isWorksheetReader(v: unknown): v is WorksheetReaderInternals {
  return (
    typeof v === 'object' &&
    v !== null &&
    'name' in v &&
    typeof v.name === 'string' &&
    'iterator' in v &&
    typeof v.iterator === 'object' &&
    Symbol.asyncIterator in v
  );
}

export function openWorkbookStream(file: string): WorkbookStream {
  const input: ReadStream = createReadStream(file);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    // Date-formatted cells arrive as Date only when styles are read; hyperlinks as their text.
    styles: 'cache',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  const sheets: AsyncIterator<unknown> = reader[Symbol.asyncIterator]();
  let current: { sheet: WorksheetReaderInternals; rows: AsyncIterator<XL.Row>; done: boolean } | undefined;
  let finished = false;
  let closed = false;

  async function skipCurrent(): Promise<void> {
    if (current === undefined || current.done) return;
    current.done = true;
    await leave(current.sheet.iterator);
  }

  async function nextSheet(): Promise<SheetStream | undefined> {
    if (closed) throw new Error('workbook stream is closed');
    await skipCurrent();
    if (finished) return undefined;
    const next = await sheets.next();
    if (next.done === true) {
      finished = true;
      return undefined;
    }
    const sheet = next.value;
    if (!isWorksheetReader(sheet)) throw new Error('exceljs WorksheetReader without name/iterator: unsupported exceljs version');
    const state = { sheet, rows: sheet[Symbol.asyncIterator](), done: false };
    current = state;
    return {
      name: sheet.name,
      async nextRow() {
        if (state.done) return undefined;
        const row = await state.rows.next();
        if (row.done === true) {
          state.done = true;
          return undefined;
        }
        return row.value;
      },
    };
  }

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    if (!input.readableEnded) {
      // Still inside the zip: stop reading it; the rest would only be decompressed to be thrown away.
      input.destroy();
      return;
    }
    try {
      await skipCurrent();
      while (!finished) {
        const next = await sheets.next();
        if (next.done === true) finished = true;
        else if (isWorksheetReader(next.value)) await leave(next.value.iterator);
      }
    } catch {
      // Closing after a failure that the caller is already reporting: a second error would only mask it.
      finished = true;
    }
  }

  return { nextSheet, close };
}

/** Lets go of a sheet's XML so that exceljs can go on to the next sheet. */
async function leave(xml: unknown): Promise<void> {
  if (xml instanceof Readable) {
    // A spooled copy's stream may not have opened yet; exceljs deletes the copy as soon as we move on,
    // so the late open fails with ENOENT. Nothing is lost by then: swallow it rather than crash.
    xml.on('error', () => {});
    xml.destroy();
    return;
  }
  if (isAsyncIterator(xml)) {
    for (let r = await xml.next(); r.done !== true; r = await xml.next()) {
      // Inside the zip the entry must be read to its end before the next entry can be.
    }
  }
}

function isAsyncIterator(v: unknown): v is AsyncIterator<unknown> {
  return typeof v === 'object' && v !== null && 'next' in v && typeof v.next === 'function';
}
