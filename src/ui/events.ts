// Server-sent events to every open page: the run's progress, its notes, and the state after each change.
// One stream per page (EventSource reconnects by itself); a comment line every 15 s keeps proxies and
// the browser from taking a quiet stream for a dead one.
import type { ServerResponse } from 'node:http';
import type { EventData } from './page/api-types.js';

const KEEP_ALIVE_MS = 15_000;

export interface EventHub {
  /** Takes over the response: it stays open until the page goes or the hub closes. */
  attach(response: ServerResponse, first: { [K in keyof EventData]: [K, EventData[K]] }[keyof EventData][]): void;
  send<K extends keyof EventData>(event: K, data: EventData[K]): void;
  close(): void;
}

export function createEventHub(headers: Record<string, string>): EventHub {
  const open = new Set<ServerResponse>();
  const write = (response: ServerResponse, event: string, data: unknown): void => {
    response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  const timer = setInterval(() => {
    for (const response of open) response.write(': keep-alive\n\n');
  }, KEEP_ALIVE_MS).unref();
  return {
    attach(response, first) {
      response.writeHead(200, { ...headers, 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' });
      open.add(response);
      response.on('close', () => open.delete(response));
      for (const [event, data] of first) write(response, event, data);
    },
    send(event, data) {
      for (const response of open) write(response, event, data);
    },
    close() {
      clearInterval(timer);
      for (const response of open) response.end();
      open.clear();
    },
  };
}
