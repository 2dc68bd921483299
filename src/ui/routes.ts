// What each path does, once the gate (gate.ts) has let the request through. Reading answers are GETs;
// everything that changes something is a POST whose body is JSON (or the multipart upload), which a
// plain HTML form on another site cannot send without the browser marking it.
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventHub } from './events.js';
import { BadRequest, parseChoices } from './choices.js';
import { isExpectedProblem, problemText } from './problem.js';
import { SessionBusy, type Session } from './session.js';
import { pageAsset, SECURITY_HEADERS } from './static-files.js';
import { rowQuery } from './table.js';
import { UploadError } from './upload-error.js';

const JSON_LIMIT = 64 * 1024;

export interface RouteDeps {
  session: Session;
  events: EventHub;
  terminal: { write(text: string): unknown };
  /** Where the page's files are (the package's dist/ui/page unless a test runs the server from its own build). */
  pageDir?: string;
}

export async function route(request: IncomingMessage, response: ServerResponse, path: string, query: URLSearchParams, deps: RouteDeps): Promise<void> {
  const { session } = deps;
  const method = request.method ?? 'GET';
  try {
    if (method === 'GET' || method === 'HEAD') {
      if (path === '/api/state') return json(response, 200, session.state());
      if (path === '/api/rows') return json(response, 200, session.rows(rowQuery(query)));
      if (path === '/api/events') return deps.events.attach(response, [['state', session.state()]]);
      if (path.startsWith('/files/')) return download(response, session.download(path.slice('/files/'.length)));
      const asset = await pageAsset(path, deps.pageDir);
      if (asset === undefined) return json(response, 404, { problem: `nothing here: ${path}` });
      response.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': asset.type, 'Content-Length': asset.body.length });
      response.end(method === 'HEAD' ? undefined : asset.body);
      return;
    }
    if (method !== 'POST') return json(response, 405, { problem: `${method} is not answered here` }, { Allow: 'GET, HEAD, POST' });
    if (path === '/api/sheet') return json(response, 200, await session.upload(request));
    const body = await readJson(request);
    switch (path) {
      case '/api/choices':
        return json(response, 200, await session.choose(parseChoices(body)));
      case '/api/check':
        session.check(parseChoices(body));
        return json(response, 202, session.state());
      case '/api/apply':
        session.apply();
        return json(response, 202, session.state());
      case '/api/wait':
        session.wait();
        return json(response, 202, session.state());
      case '/api/sign-in':
        session.signIn();
        return json(response, 202, session.state());
      case '/api/stop':
        if (!session.stop()) return json(response, 409, { problem: 'nothing is running that can be stopped' });
        return json(response, 202, session.state());
      default:
        return json(response, 404, { problem: `nothing here: ${path}` });
    }
  } catch (error) {
    if (response.headersSent) {
      response.destroy();
      return;
    }
    if (error instanceof SessionBusy) return json(response, 409, { problem: error.message });
    if (error instanceof BadRequest) return json(response, 400, { problem: error.message });
    if (error instanceof UploadError) {
      // The rest of a refused upload is read and thrown away, so that the browser, still sending it,
      // gets the answer rather than a broken connection; then the connection closes.
      request.resume();
      return json(response, error.status, { problem: error.message }, { Connection: 'close' });
    }
    return json(response, isExpectedProblem(error) ? 422 : 500, { problem: problemText(error, deps.terminal) });
  }
}

export function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { ...SECURITY_HEADERS, ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

function download(response: ServerResponse, file: { path: string; name: string } | undefined): void {
  if (file === undefined) return json(response, 404, { problem: 'no such file yet' });
  const stream = createReadStream(file.path);
  stream.once('open', () => {
    response.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'application/octet-stream',
      // RFC 6266: an ASCII fallback and the name as it is.
      'Content-Disposition': `attachment; filename="${file.name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    });
    stream.pipe(response);
  });
  stream.once('error', () => {
    if (!response.headersSent) json(response, 404, { problem: `${file.name} is gone from the page's folder` });
    else response.destroy();
  });
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const type = request.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) throw new BadRequest('expected a JSON body (Content-Type: application/json)');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > JSON_LIMIT) throw new BadRequest('the request body is too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BadRequest('the request body is not JSON');
  }
}
