// `device-policy ui`'s server: node:http on 127.0.0.1 only, a random token per run in every path, each
// request through the gate (gate.ts) before anything else looks at it. node:http rather than a
// framework: a dozen routes, and the one rule that matters (the gate) reads best as one function in
// front of all of them.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEventHub, type EventHub } from './events.js';
import { checkRequest, REFUSAL_TEXT } from './gate.js';
import { route } from './routes.js';
import { Session, type SessionConfig } from './session.js';
import { SECURITY_HEADERS } from './static-files.js';

export const HOST = '127.0.0.1';

export interface UiServer {
  /** The page's address, its token in the path: the one way in. */
  url: string;
  session: Session;
  close(): Promise<void>;
}

export interface UiServerOptions extends SessionConfig {
  /** 0: any free port. */
  port: number;
  /** The page's files, when not the package's own (tests that run the server in their process). */
  pageDir?: string;
}

export async function startUiServer(options: UiServerOptions): Promise<UiServer> {
  const token = randomBytes(24).toString('base64url');
  const events: EventHub = createEventHub(SECURITY_HEADERS);
  const session = new Session(options, events);
  let port = options.port;
  const server: Server = createServer((request, response) => {
    const decision = checkRequest({ token, port }, { url: request.url ?? '/', headers: request.headers });
    switch (decision.kind) {
      case 'refuse':
        // Said plainly, without echoing anything the request sent.
        response.writeHead(decision.status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
        response.end(`${REFUSAL_TEXT[decision.reason]}\n`);
        request.resume();
        return;
      case 'redirect':
        response.writeHead(308, { ...SECURITY_HEADERS, Location: decision.location });
        response.end();
        return;
      case 'pass':
        void route(request, response, decision.path, decision.query, { session, events, terminal: options.terminal, pageDir: options.pageDir });
    }
  });
  // Requests of a page that stays open are long (events); the server holds nothing else open.
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://${HOST}:${port}/${token}/`,
    session,
    close: () =>
      new Promise<void>((resolve) => {
        events.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
