// Ctrl-C / SIGTERM while `status` tracks, as apply behaves while sending: the first stops after the round
// in flight (its requests get a grace period) so what is known is written; a second exits at once — the
// file is only ever replaced whole (record/atomic.ts), so quitting leaves it as it was.
import { setMaxListeners } from 'node:events';

export interface TrackingInterruptions {
  /** Fires on the first signal: no new round, and the wait between rounds ends. */
  stop: AbortSignal;
  /** Fires a grace period after the first signal: abandon the requests still in flight. */
  abort: AbortSignal;
  dispose(): void;
}

/** What the process offers; injected so a test can send signals and see the exit without dying. */
export interface SignalHost {
  on(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  off(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  exit(code: number): void;
}

export const TRACKING_GRACE_MS = 30_000;
const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

export function trackingInterruptions(
  stderr: { write(text: string): unknown },
  host: SignalHost = process,
  graceMs = TRACKING_GRACE_MS,
): TrackingInterruptions {
  const stop = new AbortController();
  const abort = new AbortController();
  // Every request of a round listens to `abort`: many at once is expected, not a leak.
  setMaxListeners(0, stop.signal, abort.signal);
  let timer: NodeJS.Timeout | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stop.signal.aborted) {
      stderr.write(`\n${signal} again: exiting now; the results file is as the last completed check left it.\n`);
      host.exit(130);
      return;
    }
    stderr.write(`\n${signal}: stopping after this round and writing what is known (press Ctrl-C again to quit now)\n`);
    stop.abort(new Error(signal));
    timer = setTimeout(() => abort.abort(new Error(`${signal}: grace period over`)), graceMs);
    timer.unref();
  };
  for (const signal of SIGNALS) host.on(signal, onSignal);
  return {
    stop: stop.signal,
    abort: abort.signal,
    dispose() {
      for (const signal of SIGNALS) host.off(signal, onSignal);
      if (timer) clearTimeout(timer);
    },
  };
}
