// Builds hostile workbooks in the test, so no large file is committed: a minimal XLSX (one sheet whose
// cells point into the shared strings) whose shared-strings part inflates to any size from a few
// hundred kilobytes of zip. The part's deflate stream is one compressed block repeated: each block is
// flushed with Z_FULL_FLUSH, which resets the dictionary, so the blocks can be concatenated freely.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { constants, crc32, deflateRawSync } from 'node:zlib';

export interface BombOptions {
  /** Roughly how many bytes the shared-strings part inflates to. */
  sharedStringsBytes: number;
  /** What the zip's directories declare as its size: the truth, or a lie. */
  declare: 'truth' | 'lie';
  /** Replace the sheet's compressed data with bytes no inflater accepts (a damaged file). */
  damagedSheet?: boolean;
}

interface Part {
  name: string;
  /** Raw-deflate blocks, written one after another. */
  blocks: Buffer[];
  crc: number;
  compressed: number;
  uncompressed: number;
}

const HEADER = 'Customer ID,Device ID,Policy ID'.split(',');

function part(name: string, text: string): Part {
  const data = Buffer.from(text, 'utf8');
  const block = deflateRawSync(data);
  return { name, blocks: [block], crc: crc32(data), compressed: block.length, uncompressed: data.length };
}

/** `<si>` elements of one repeated string, the XML around them, and the blocks repeated to `bytes`. */
function sharedStrings(bytes: number): Part {
  const head = Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${HEADER.map((h) => `<si><t>${h}</t></si>`).join('')}`);
  const chunk = Buffer.from(`<si><t>${'A'.repeat(1000)}</t></si>`.repeat(1024));
  const tail = Buffer.from('</sst>');
  const flushed = (b: Buffer): Buffer => deflateRawSync(b, { finishFlush: constants.Z_FULL_FLUSH });
  const repeats = Math.max(1, Math.ceil(bytes / chunk.length));
  const body = flushed(chunk);
  let crc = crc32(head);
  for (let i = 0; i < repeats; i++) crc = crc32(chunk, crc);
  crc = crc32(tail, crc);
  const blocks = [flushed(head), ...Array.from({ length: repeats }, () => body), deflateRawSync(tail)];
  return {
    name: 'xl/sharedStrings.xml',
    blocks,
    crc,
    compressed: blocks.reduce((n, b) => n + b.length, 0),
    uncompressed: head.length + repeats * chunk.length + tail.length,
  };
}

/** The same part, its deflate data replaced by a final block of the reserved type 3: "invalid block type". */
function damaged(p: Part): Part {
  const block = Buffer.from([0x07, 0x00, 0x00, 0x00]);
  return { ...p, blocks: [block], compressed: block.length };
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`;
const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WORKBOOK = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Devices" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const WORKBOOK_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`;
const SHEET = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row><row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="s"><v>4</v></c><c r="C2" t="s"><v>5</v></c></row></sheetData></worksheet>`;

/** Writes the workbook to `path`; the parts in the order Excel writes them (sheets before strings). */
export async function writeBombWorkbook(path: string, options: BombOptions): Promise<void> {
  const parts = [
    part('[Content_Types].xml', CONTENT_TYPES),
    part('_rels/.rels', ROOT_RELS),
    part('xl/workbook.xml', WORKBOOK),
    part('xl/_rels/workbook.xml.rels', WORKBOOK_RELS),
    options.damagedSheet === true ? damaged(part('xl/worksheets/sheet1.xml', SHEET)) : part('xl/worksheets/sheet1.xml', SHEET),
    sharedStrings(options.sharedStringsBytes),
  ];
  const out = createWriteStream(path);
  const write = async (b: Buffer): Promise<void> => {
    if (!out.write(b)) await once(out, 'drain');
  };
  const offsets: number[] = [];
  let offset = 0;
  const declared = (p: Part): number => (options.declare === 'lie' && p.name === 'xl/sharedStrings.xml' ? 4096 : p.uncompressed);
  for (const p of parts) {
    offsets.push(offset);
    const header = localHeader(p, declared(p));
    await write(header);
    offset += header.length;
    for (const block of p.blocks) await write(block);
    offset += p.compressed;
  }
  const directory = Buffer.concat(parts.map((p, i) => directoryEntry(p, declared(p), offsets[i] ?? 0)));
  await write(directory);
  await write(endRecord(parts.length, directory.length, offset));
  out.end();
  await once(out, 'close');
}

function localHeader(p: Part, uncompressed: number): Buffer {
  const name = Buffer.from(p.name);
  const b = Buffer.alloc(30);
  b.writeUInt32LE(0x04034b50, 0);
  b.writeUInt16LE(20, 4);
  b.writeUInt16LE(0, 6);
  b.writeUInt16LE(8, 8);
  b.writeUInt32LE(p.crc >>> 0, 14);
  b.writeUInt32LE(p.compressed, 18);
  b.writeUInt32LE(uncompressed, 22);
  b.writeUInt16LE(name.length, 26);
  return Buffer.concat([b, name]);
}

function directoryEntry(p: Part, uncompressed: number, offset: number): Buffer {
  const name = Buffer.from(p.name);
  const b = Buffer.alloc(46);
  b.writeUInt32LE(0x02014b50, 0);
  b.writeUInt16LE(20, 4);
  b.writeUInt16LE(20, 6);
  b.writeUInt16LE(8, 10);
  b.writeUInt32LE(p.crc >>> 0, 16);
  b.writeUInt32LE(p.compressed, 20);
  b.writeUInt32LE(uncompressed, 24);
  b.writeUInt16LE(name.length, 28);
  b.writeUInt32LE(offset, 42);
  return Buffer.concat([b, name]);
}

function endRecord(entries: number, size: number, offset: number): Buffer {
  const b = Buffer.alloc(22);
  b.writeUInt32LE(0x06054b50, 0);
  b.writeUInt16LE(entries, 8);
  b.writeUInt16LE(entries, 10);
  b.writeUInt32LE(size, 12);
  b.writeUInt32LE(offset, 16);
  return b;
}
