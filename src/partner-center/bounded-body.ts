// An answer's body, read up to a cap (SPEC §2 Safety of the work: answers are bounded). A service that
// misbehaves — or anything answering in its place — must not be able to fill the memory with one body:
// the bytes are counted as they arrive and the read stops at the cap, so a 300 MB body costs the cap,
// not 300 MB (nor the several copies that decoding a whole body makes).
import { PartnerCenterError } from './errors.js';

/**
 * 16 MiB: far above the largest answer the service gives (a page of 100 devices is tens of kilobytes,
 * a few hundred with hardware hashes; a batch job of 100 devices about 30 KB).
 */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** What the error names of the request whose answer it was. */
export interface BodyRequest {
  readonly method: string;
  readonly url: string;
  readonly context: { readonly requestId: string; readonly correlationId: string };
}

export interface BodySource {
  readonly status: number;
  readonly headers: Headers;
  readonly body: ReadableStream<Uint8Array> | null;
}

/** The body as text (UTF-8, a leading BOM dropped as fetch's text() drops it), or a PartnerCenterError past `limit` bytes. */
export async function readBoundedText(response: BodySource, request: BodyRequest, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (response.body === null) return '';
  if (Number.isFinite(declared) && declared > limit) {
    void response.body.cancel().catch(() => {});
    throw tooLarge(request, response.status, limit, `it declares ${declared} bytes`);
  }
  const decoder = new TextDecoder('utf-8');
  const reader = response.body.getReader();
  let received = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > limit) {
      // Not awaited: should another reader share the stream (a tee), the cancel settles only with it.
      void reader.cancel().catch(() => {});
      throw tooLarge(request, response.status, limit, `more than ${limit} bytes arrived`);
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

function tooLarge(request: BodyRequest, status: number, limit: number, why: string): PartnerCenterError {
  const message = `${request.method} ${request.url} answered ${status} with a body over the ${limit / (1024 * 1024)} MiB limit (${why}); nothing of it was used`;
  const { requestId, correlationId } = request.context;
  return new PartnerCenterError({ kind: 'protocol', message, description: message, method: request.method, url: request.url, status, requestId, correlationId });
}
