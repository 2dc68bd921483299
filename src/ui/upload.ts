// A sheet sent from the page: one file in a multipart form, parsed by @fastify/busboy and streamed to
// disk, never held in memory. Bounded: a request that declares more than the limit is refused before
// a byte is read, and one that sends more is cut off and its file removed.
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Busboy, type BusboyFileStream } from '@fastify/busboy';
import { UploadError } from './upload-error.js';

export interface Uploaded {
  /** The file name the browser gave. */
  name: string;
  size: number;
}

/**
 * Reads the request's one file part; `place(name)` says where to write it (and may make its folder).
 * Any other part is refused.
 */
export async function receiveSheet(request: IncomingMessage, limit: number, place: (name: string) => Promise<string>): Promise<Uploaded & { path: string }> {
  const type = request.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\b/i.test(type)) throw new UploadError('not-multipart', 'expected a multipart/form-data upload with one file');
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit + 64 * 1024) throw tooLarge(limit);
  return new Promise((resolve, reject) => {
    let busboy: ReturnType<typeof Busboy>;
    try {
      busboy = new Busboy({ headers: { ...request.headers, 'content-type': type }, limits: { files: 1, fields: 0, parts: 1, fileSize: limit } });
    } catch (e) {
      reject(new UploadError('malformed', `the upload cannot be read: ${e instanceof Error ? e.message : String(e)}`));
      return;
    }
    let saving: Promise<Uploaded & { path: string }> | undefined;
    busboy.on('file', (_field: string, stream: BusboyFileStream, filename: string) => {
      // Listened for at once: the parser may reach the limit while the file's place is being made.
      let cut = false;
      stream.on('limit', () => {
        cut = true;
      });
      saving = (async () => {
        const path = await place(filename || 'sheet');
        await pipeline(stream, createWriteStream(path, { mode: 0o600 }));
        if (cut || stream.truncated) {
          await rm(path, { force: true });
          throw tooLarge(limit);
        }
        return { name: filename || 'sheet', size: stream.bytesRead, path };
      })();
      // Settled where it is awaited; this keeps an early failure from being an unhandled rejection.
      saving.catch(() => stream.resume());
    });
    busboy.on('error', (e: unknown) => reject(new UploadError('malformed', `the upload cannot be read: ${e instanceof Error ? e.message : String(e)}`)));
    busboy.on('finish', () => {
      if (saving === undefined) reject(new UploadError('no-file', 'the upload holds no file'));
      else saving.then(resolve, reject);
    });
    request.pipe(busboy);
  });
}

function tooLarge(limit: number): UploadError {
  return new UploadError('too-large', `the file is larger than ${Math.round(limit / (1024 * 1024))} MB, more than any device sheet needs`);
}
