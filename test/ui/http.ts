// The page's server spoken to as a browser would, without one: raw HTTP requests (so that Host, Origin
// and Sec-Fetch-Site are exactly what a test says), a sheet as the page uploads it, and the page's event
// stream, which a test waits on as the page does.
import { request } from 'node:http';
import type { TestContext } from 'node:test';

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function send(url: URL, options: { method?: string; path?: string; headers?: Record<string, string>; body?: Buffer | string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method: options.method ?? 'GET', path: options.path ?? url.pathname, headers: { Host: url.host, ...options.headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A file as the page's upload sends it (multipart/form-data, field `sheet`). */
export function multipart(name: string, content: Buffer): { headers: Record<string, string>; body: Buffer } {
  const boundary = 'x-boundary-42';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="sheet"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` }, body };
}

export interface EventLog {
  /** Everything the stream said so far. */
  text(): string;
  /** Resolves once the stream has said something that matches. */
  seen(pattern: RegExp): Promise<void>;
}

/** The page's event stream (server-sent events), open until the test ends. */
export function listen(t: TestContext, url: URL): EventLog {
  let events = '';
  const waiting: Array<{ pattern: RegExp; resolve: () => void }> = [];
  const stream = request({ host: url.hostname, port: url.port, path: `${url.pathname}api/events`, headers: { Host: url.host } }, (res) => {
    res.setEncoding('utf8').on('data', (d: string) => {
      events += d;
      for (const w of waiting.filter((w) => w.pattern.test(events))) w.resolve();
    });
  });
  stream.end();
  t.after(() => stream.destroy());
  return {
    text: () => events,
    seen: (pattern) => new Promise((resolve) => (pattern.test(events) ? resolve() : waiting.push({ pattern, resolve }))),
  };
}
