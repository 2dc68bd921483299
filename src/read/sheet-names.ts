// The worksheets of a workbook, in order: what a sheet picker offers (the web page). The same streaming
// reader and limits as reading a sheet; a workbook that cannot be read has no names to offer, and the
// reader that opens its table says why.
import { checkDeclaredSizes } from '../vendor/xlsx-limits.js';
import { openWorkbookStream } from './xlsx-stream.js';

export async function sheetNames(file: string): Promise<string[]> {
  const names: string[] = [];
  try {
    await checkDeclaredSizes(file);
    const book = openWorkbookStream(file);
    try {
      for (let sheet = await book.nextSheet(); sheet !== undefined; sheet = await book.nextSheet()) names.push(sheet.name);
    } finally {
      await book.close();
    }
  } catch {
    return names;
  }
  return names;
}
