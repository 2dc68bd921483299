import { setMaxListeners } from 'node:events';

// Ctrl-C / SIGTERM while sending: the first stops new requests and gives the ones in flight up to 30 s;
// a second exits at once (the journal already holds every request that finished).
export interface Interruptions {
  /** Fires on the first signal: start nothing new. */
  stop: AbortSignal;
  /** Fires 30 s after the first signal: abandon requests still in flight. */
  abort: AbortSignal;
  interrupted(): boolean;
  dispose(): void;
}

export const GRACE_MS = 30_000;

export function interruptions(stderr: NodeJS.WritableStream, graceMs = GRACE_MS): Interruptions {
  const stop = new AbortController();
  const abort = new AbortController();
  // Every request and every retry wait listens to these: hundreds at once is expected, not a leak.
  setMaxListeners(0, stop.signal, abort.signal);
  let timer: NodeJS.Timeout | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stop.signal.aborted) {
      stderr.write(`\n${signal} again: exiting now; the journal keeps what finished, so the next run resumes.\n`);
      process.exit(130);
    }
    stderr.write(`\n${signal}: no new requests; waiting up to ${graceMs / 1000} s for those in flight (press Ctrl-C again to quit now)\n`);
    stop.abort(new Error(signal));
    timer = setTimeout(() => abort.abort(new Error(`${signal}: grace period over`)), graceMs);
    timer.unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    stop: stop.signal,
    abort: abort.signal,
    interrupted: () => stop.signal.aborted,
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      if (timer) clearTimeout(timer);
    },
  };
}
