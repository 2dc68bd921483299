// Which character encoding a text file is in, and its text as UTF-8 bytes whatever it was (SPEC §2
// Encodings). What CSV files in the wild are: UTF-8 with or without a BOM; UTF-16 from Windows tools
// (Get-WindowsAutopilotInfo writes UTF-16LE with a BOM; some tools drop the BOM); and Windows-1252,
// which a German or French Excel saves as "CSV". Nothing is guessed beyond that: a file that is not
// valid UTF-8 is Windows-1252, where every byte is some character.
import { createReadStream } from 'node:fs';
import { pipeline, Transform, type Readable } from 'node:stream';

export type TextEncoding =
  | 'UTF-8'
  | 'UTF-8 with BOM'
  | 'UTF-16LE'
  | 'UTF-16LE with BOM'
  | 'UTF-16BE'
  | 'UTF-16BE with BOM'
  | 'Windows-1252';

/** What the first bytes alone tell; `utf-8?` means "UTF-8 unless a byte further on says otherwise". */
export type HeadEncoding = Exclude<TextEncoding, 'UTF-8' | 'Windows-1252'> | 'utf-8?' | 'binary';

/**
 * From the first bytes: a byte-order mark, or the zero bytes that UTF-16 puts beside every ASCII
 * character (on the odd side for little-endian, the even side for big-endian). The header line is
 * what is looked at: it is ASCII in every sheet this tool reads, where the rows below may be all
 * Chinese (no zero bytes) or hold a character like U+0100 (a zero on the other side). Zero bytes in
 * any other pattern are binary data.
 */
export function headEncoding(head: Uint8Array): HeadEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'UTF-8 with BOM';
  if (head[0] === 0xff && head[1] === 0xfe) return 'UTF-16LE with BOM';
  if (head[0] === 0xfe && head[1] === 0xff) return 'UTF-16BE with BOM';
  if (!head.includes(0)) return 'utf-8?';
  let pairs = 0;
  let little = 0;
  let big = 0;
  for (let i = 0; i + 1 < head.length && pairs < HEADER_PAIRS; i += 2) {
    const [even, odd] = [head[i], head[i + 1]];
    pairs++;
    if (odd === 0 && even !== 0) little++;
    if (even === 0 && odd !== 0) big++;
    // The end of the header line, in either byte order.
    if ((even === 0x0a && odd === 0) || (even === 0 && odd === 0x0a)) break;
  }
  if (little >= pairs * 0.75) return 'UTF-16LE';
  if (big >= pairs * 0.75) return 'UTF-16BE';
  return 'binary';
}

/** How many characters of the first line are looked at. */
const HEADER_PAIRS = 512;

/**
 * The encoding of a file whose head said `utf-8?`: the whole file is checked, since the first
 * non-ASCII byte (an umlaut in row 40,000) can be anywhere. One streaming pass, no text kept.
 */
export async function utf8OrWindows1252(file: string): Promise<'UTF-8' | 'Windows-1252'> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of createReadStream(file)) decoder.decode(chunk as Buffer, { stream: true });
    decoder.decode();
    return 'UTF-8';
  } catch (e) {
    if (e instanceof TypeError) return 'Windows-1252';
    throw e;
  }
}

/** WHATWG label of each encoding, for TextDecoder (which drops a BOM by itself). */
const LABELS: Record<TextEncoding, string> = {
  'UTF-8': 'utf-8',
  'UTF-8 with BOM': 'utf-8',
  'UTF-16LE': 'utf-16le',
  'UTF-16LE with BOM': 'utf-16le',
  'UTF-16BE': 'utf-16be',
  'UTF-16BE with BOM': 'utf-16be',
  'Windows-1252': 'windows-1252',
};

/**
 * The file's text as UTF-8 bytes, BOM removed. UTF-8 passes through untouched (the parser takes off
 * its BOM); anything else is decoded chunk by chunk, a character split across chunks kept whole.
 * A read error reaches the returned stream, and destroying it closes the file.
 */
export function utf8Stream(file: string, encoding: TextEncoding): Readable {
  const source = createReadStream(file);
  if (encoding === 'UTF-8' || encoding === 'UTF-8 with BOM') return source;
  const decoder = new TextDecoder(LABELS[encoding]);
  const transcode = new Transform({
    transform(chunk: Buffer, _enc, done) {
      done(null, Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8'));
    },
    flush(done) {
      done(null, Buffer.from(decoder.decode(), 'utf8'));
    },
  });
  return pipeline(source, transcode, () => {});
}
