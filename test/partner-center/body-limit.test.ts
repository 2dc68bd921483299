// Answers are bounded: a body over MAX_BODY_BYTES is an error for its request, found while it streams in,
// so a 300 MB answer costs the cap and not 300 MB. The servers here stream their bodies as the client
// reads them, and count what they managed to send before the client hung up.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isPartnerCenterError } from '../../src/partner-center/errors.js';
import { MAX_BODY_BYTES } from '../../src/partner-center/bounded-body.js';
import { CUSTOMER, makeClient } from './client-kit.js';

const MiB = 1024 * 1024;

/** A server whose every answer is `answer(res)`; resolves to its URL. */
async function serve(t: TestContext, answer: (res: ServerResponse) => void): Promise<string> {
  const server = createServer((req, res) => {
    req.resume();
    answer(res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Streams `total` bytes of a JSON listing, chunk by chunk, as fast as the client takes them; counts what was written. */
function streamListing(total: number, sent: { bytes: number; finished: boolean }, declare: boolean): (res: ServerResponse) => void {
  return (res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', ...(declare ? { 'Content-Length': String(total) } : {}) });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const head = Buffer.from('{"totalCount":0,"items":[');
    res.write(head);
    sent.bytes = head.length;
    const more = (): void => {
      while (sent.bytes + chunk.length < total) {
        if (res.destroyed) return;
        sent.bytes += chunk.length;
        if (!res.write(chunk)) {
          res.once('drain', more);
          return;
        }
      }
      sent.finished = true;
      res.end(']}');
    };
    more();
  };
}

test('a 300 MB listing is refused once the cap is passed: the request fails, the rest is never read', async (t) => {
  const sent = { bytes: 0, finished: false };
  const url = await serve(t, streamListing(300 * MiB, sent, false));
  const { client } = makeClient(url, { maxRetries: 0 });
  const heapBefore = process.memoryUsage().heapUsed;
  await assert.rejects(client.listPolicies(CUSTOMER), (e: unknown) => {
    assert.ok(isPartnerCenterError(e), String(e));
    assert.equal(e.kind, 'protocol');
    assert.match(e.message, /^GET http:\/\/127\.0\.0\.1:\d+\/v1\/customers\/[^ ]+\/policies answered 200 with a body over the 16 MiB limit \(more than 16777216 bytes arrived\); nothing of it was used$/);
    return true;
  });
  assert.ok(!sent.finished, 'the body was not read to its end');
  // What the socket buffers may hold beyond the cap, not the 300 MB.
  assert.ok(sent.bytes < 64 * MiB, `${(sent.bytes / MiB).toFixed(1)} MiB sent before the client hung up`);
  assert.ok(process.memoryUsage().heapUsed - heapBefore < 128 * MiB, 'the body was never held whole');
});

test('a body that declares its size over the cap is refused before it is read', async (t) => {
  const sent = { bytes: 0, finished: false };
  const url = await serve(t, streamListing(300 * MiB, sent, true));
  const { client } = makeClient(url, { maxRetries: 0 });
  await assert.rejects(client.listPolicies(CUSTOMER), /with a body over the 16 MiB limit \(it declares 314572800 bytes\)/);
  assert.ok(sent.bytes < 64 * MiB, `${(sent.bytes / MiB).toFixed(1)} MiB sent`);
});

test('a body just under the cap is read whole: the cap is far above any real answer', async (t) => {
  const sent = { bytes: 0, finished: false };
  const url = await serve(t, streamListing(MAX_BODY_BYTES - 1024, sent, false));
  const { client } = makeClient(url, { maxRetries: 0 });
  // An empty listing padded with almost 16 MiB of whitespace.
  assert.deepEqual(await client.listPolicies(CUSTOMER), []);
  assert.ok(sent.finished, 'read to the end');
});
