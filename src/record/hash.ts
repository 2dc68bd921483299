// The input's fingerprint: recorded in the journal (a resumed run must be of the same input) and in the
// Summary, so a results file can be matched to the exact spreadsheet it came from.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** SHA-256 of a file's bytes, hex, read as a stream (inputs may be hundreds of megabytes). */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
