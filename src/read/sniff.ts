// Decides how to read a file from its first bytes, the extension only breaking ties: vendors rename
// files freely, and a legacy .xls or a PDF must fail with a message that says what it is.
import { fileProblemWords } from '../text/file-problem.js';
import { extname } from 'node:path';
import type { TableInfo } from '../model.js';
import { headEncoding, type HeadEncoding } from './encoding.js';
import { InputError } from './errors.js';
import { notAFileMessage, openRegularFile } from './regular-file.js';
import { oleKind, type OleKind } from './ole.js';

export type Format = TableInfo['format'];

const SNIFF_BYTES = 4096;
const WORKBOOK_EXTENSIONS = new Set(['.xlsx', '.xlsm', '.xls', '.xlsb', '.ods', '.numbers']);

export interface Sniffed {
  format: Format;
  /** For text (CSV, JSON): what the first bytes say of its encoding. */
  encoding?: Exclude<HeadEncoding, 'binary'>;
}

export async function sniffFormat(file: string): Promise<Sniffed> {
  const head = await readHead(file);
  const ext = extname(file).toLowerCase();
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) return { format: 'xlsx' };
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) throw await oleRefusal(file);
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46])) throw notASpreadsheet(file, 'is a PDF document, not a spreadsheet');
  const encoding = headEncoding(head);
  if (encoding === 'binary') throw notASpreadsheet(file, 'holds binary data, not CSV text or an XLSX workbook');
  const utf16 = encoding.startsWith('UTF-16');
  // The JSON reader reads UTF-8 only (as RFC 8259 requires); telling the user how to re-save beats a
  // JSON message about a "\ufffd" they cannot see in their editor.
  if (ext === '.json' && utf16) {
    throw new InputError('unreadable', file, `${file}: is UTF-16 text, which JSON input cannot be: save it as UTF-8`);
  }
  if (WORKBOOK_EXTENSIONS.has(ext)) {
    throw notASpreadsheet(file, `is named ${ext} but is not an XLSX workbook (no zip signature)`);
  }
  // No sheet's text starts with "{" (a header cell never does), so that is JSON whatever the name; a
  // file named .json is read as JSON even when it is not, so that the message says what JSON must be.
  if (ext === '.json' || (!utf16 && firstText(head) === 0x7b)) return { format: 'json', encoding };
  return { format: 'csv', encoding };
}

/** The first byte after a UTF-8 byte-order mark and white space. */
function firstText(head: Buffer): number | undefined {
  let i = startsWith(head, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d)) i++;
  return head[i];
}

async function readHead(file: string): Promise<Buffer> {
  let opened: Awaited<ReturnType<typeof openRegularFile>>;
  try {
    opened = await openRegularFile(file);
  } catch (e) {
    throw new InputError('unreadable', file, `${file}: cannot read the file (${systemReason(e)})`, { cause: e });
  }
  if ('notAFile' in opened) throw new InputError('not-a-file', file, notAFileMessage(file, opened.notAFile));
  const { handle } = opened;
  try {
    try {
      const buf = Buffer.alloc(SNIFF_BYTES);
      const { bytesRead } = await handle.read(buf, 0, SNIFF_BYTES, 0);
      return buf.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (e) {
    throw new InputError('unreadable', file, `${file}: cannot read the file (${systemReason(e)})`, { cause: e });
  }
}

/** An OLE compound file is no XLSX; what it is decides what the user must do. */
async function oleRefusal(file: string): Promise<InputError> {
  const opened = await openRegularFile(file);
  if ('notAFile' in opened) return new InputError('not-a-file', file, notAFileMessage(file, opened.notAFile));
  let kind: OleKind;
  try {
    kind = await oleKind(opened.handle);
  } catch {
    kind = 'unknown';
  } finally {
    await opened.handle.close();
  }
  switch (kind) {
    case 'encrypted-workbook':
      return new InputError('encrypted', file,
        `${file}: is a password-protected workbook, which cannot be read: remove the password (File → Info → Protect Workbook → ` +
          'Encrypt with Password, clear it), save, and run again');
    case 'legacy-workbook':
      return notASpreadsheet(file, 'is a legacy Excel 97-2003 (.xls) workbook: save it as .xlsx or CSV');
    case 'other':
      return notASpreadsheet(file, 'is an OLE document (an older Office format), not an XLSX workbook: save it as .xlsx or CSV');
    case 'unknown':
      return notASpreadsheet(file, 'is a legacy Excel 97-2003 (.xls) workbook or another OLE document: save it as .xlsx or CSV');
  }
}

function systemReason(e: unknown): string {
  if (typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string') return fileProblemWords(e.code) ?? e.code;
  return e instanceof Error ? e.message : String(e);
}

function startsWith(buf: Buffer, magic: number[]): boolean {
  return buf.length >= magic.length && magic.every((b, i) => buf[i] === b);
}

function notASpreadsheet(file: string, why: string): InputError {
  return new InputError('not-a-spreadsheet', file, `${file}: ${why}`);
}
