// A forward proxy on loopback, as a company network puts between a laptop and the internet: it tunnels
// CONNECT requests and forwards absolute-URI requests, and records what passed through. `route` lets a
// test send a tunnel for a name or address the client cannot reach directly to the simulator.
import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface TestProxy {
  url: string;
  /** `CONNECT host:port` and `METHOD absolute-uri` lines, in the order they came. */
  seen: string[];
  close(): Promise<void>;
}

export type Route = (host: string, port: number) => { host: string; port: number } | undefined;

export async function startProxy(t: { after(fn: () => Promise<void>): void }, route: Route = (host, port) => ({ host, port })): Promise<TestProxy> {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? '');
    const to = route(target.hostname, Number(target.port || 80));
    if (to === undefined) return void res.writeHead(502).end();
    const upstream = httpRequest({ host: to.host, port: to.port, path: `${target.pathname}${target.search}`, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url}`);
    sockets.add(client);
    const [host = '', port = '443'] = (req.url ?? '').split(/:(?=\d+$)/);
    const to = route(host, Number(port));
    if (to === undefined) {
      client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
      return;
    }
    const upstream = connect(to.port, to.host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const proxy: TestProxy = {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  t.after(() => proxy.close());
  return proxy;
}
