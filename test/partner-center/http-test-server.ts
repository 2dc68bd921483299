// A real loopback HTTP server for client tests, scripted per request: status, headers, body, a delay
// before answering, or a destroyed socket. Random port; closed when the test ends.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedResponse {
  status?: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON; strings as they are (so a BOM or non-JSON text can be sent). */
  body?: string | object;
  /** Wait this long before answering (to outlast the client's timeout). */
  delayMs?: number;
  /** Drop the connection instead of answering (a reset, as the client sees it). */
  destroy?: boolean;
}

export interface ReceivedRequest {
  method: string;
  /** Path and query, as sent. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A list answers request n with entry n (and 500 past its end); a function decides per request. */
export type Script = ScriptedResponse[] | ((request: ReceivedRequest, index: number) => ScriptedResponse);

export interface TestServer {
  url: string;
  requests: ReceivedRequest[];
}

export async function startTestServer(t: { after(fn: () => Promise<void>): void }, script: Script): Promise<TestServer> {
  const requests: ReceivedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const received: ReceivedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      const index = requests.push(received) - 1;
      const scripted = typeof script === 'function' ? script(received, index) : (script[index] ?? { status: 500, body: `no scripted response for request ${index + 1}` });
      const answer = (): void => {
        if (scripted.destroy) {
          req.socket.destroy();
          return;
        }
        if (res.destroyed) return;
        const body = scripted.body === undefined ? '' : typeof scripted.body === 'string' ? scripted.body : JSON.stringify(scripted.body);
        const type = typeof scripted.body === 'object' ? { 'Content-Type': 'application/json' } : {};
        res.writeHead(scripted.status ?? 200, { ...type, ...scripted.headers });
        res.end(body);
      };
      if (scripted.delayMs === undefined) return answer();
      const timer = setTimeout(() => {
        timers.delete(timer);
        answer();
      }, scripted.delayMs);
      timers.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(async () => {
    for (const timer of timers) clearTimeout(timer);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests };
}
