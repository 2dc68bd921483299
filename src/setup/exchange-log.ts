// `--log FILE`: one NDJSON line per HTTP attempt. The records come from the client's log policy, which
// already leaves out tokens and bodies; this file only appends them in order.
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { ExchangeRecord } from '../partner-center/contract.js';

export interface ExchangeLog {
  write(record: ExchangeRecord): void;
  close(): Promise<void>;
}

export class ExchangeLogError extends Error {
  override readonly name = 'ExchangeLogError';
}

/**
 * Opens the log before anything is sent, so a path that cannot be written stops the run at once. A
 * `ticket` (`--ticket`) is on every line, so the lines of one ticket can be picked out of a shared log.
 */
export async function openExchangeLog(path: string | undefined, ticket?: string): Promise<ExchangeLog> {
  if (path === undefined) return { write() {}, close: async () => {} };
  const stream: WriteStream = createWriteStream(path, { flags: 'a' });
  try {
    await once(stream, 'open');
  } catch (e) {
    throw new ExchangeLogError(`--log ${path}: cannot open it for writing (${e instanceof Error ? e.message : String(e)})`);
  }
  // A log that stops working mid-run (disk full) must not take the run down with it: the journal and
  // the results are what matter. Say so once and stop logging.
  let failed: Error | undefined;
  stream.on('error', (e) => {
    if (failed === undefined) process.stderr.write(`device-policy: --log ${path}: ${e.message}; no further exchanges are logged\n`);
    failed = e;
  });
  return {
    write(record) {
      if (failed === undefined) stream.write(`${JSON.stringify(ticket === undefined ? record : { ...record, ticket })}\n`);
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (failed !== undefined || stream.destroyed) return resolve();
        stream.end(() => resolve());
      }),
  };
}
