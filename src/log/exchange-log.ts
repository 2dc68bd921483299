// `--log FILE`: one NDJSON line per HTTP attempt. The records come from the client's log policy, which
// already leaves out tokens and bodies; this file only appends them in order.
import { createWriteStream, type WriteStream } from 'node:fs';
import type { ExchangeRecord } from '../partner-center/contract.js';

export interface ExchangeLog {
  write(record: ExchangeRecord): void;
  close(): Promise<void>;
}

export function openExchangeLog(path: string | undefined): ExchangeLog {
  if (path === undefined) return { write() {}, close: async () => {} };
  const stream: WriteStream = createWriteStream(path, { flags: 'a' });
  return {
    write(record) {
      stream.write(`${JSON.stringify(record)}\n`);
    },
    close: () => new Promise<void>((resolve, reject) => stream.end((e?: Error | null) => (e ? reject(e) : resolve()))),
  };
}
