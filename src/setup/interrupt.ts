// Ctrl-C / SIGTERM during a run (apply's sending, status's polling): the first stops starting new work
// and gives what is in flight a grace period (30 s) before it is abandoned, so what is known gets
// written; a second exits at once. Both jobs record progress as they go (apply's journal, status's
// whole-file replacement), so quitting at once loses nothing already finished.
// SPEC §2 promises exit 130 within 35 s of the signal whatever the service does: if the run has still
// not ended a few seconds after the grace period (something ignored the abort), the process exits.
import { setMaxListeners } from 'node:events';

export interface Interruptions {
  /** Fires on the first signal: start nothing new. */
  stop: AbortSignal;
  /** Fires a grace period after the first signal: abandon what is still in flight. */
  abort: AbortSignal;
  interrupted(): boolean;
  dispose(): void;
}

/** What the process offers; injected so a test can send signals and see the exit without dying. */
export interface SignalHost {
  on(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  off(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  exit(code: number): void;
}

export interface InterruptMessages {
  /** After the first signal, e.g. "no new requests; waiting up to 30 s for those in flight". */
  stopping: string;
  /** After the second, e.g. "the journal keeps what finished, so the next run resumes". */
  quitting: string;
}

export const GRACE_MS = 30_000;
/** After the grace period, how long writing the results may take before the process exits regardless. */
export const WRITE_MS = 4_000;
const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
/**
 * Internal, for tests only: a shorter grace period (ms), so a test of the bound need not wait 30 s.
 * Not documented for users: the 30 s is part of the contract.
 */
export const GRACE_ENV = 'DEVICE_POLICY_TEST_GRACE_MS';

export function graceFrom(env: NodeJS.ProcessEnv): number {
  const value = Number(env[GRACE_ENV]);
  return Number.isInteger(value) && value > 0 && value < GRACE_MS ? value : GRACE_MS;
}

export function interruptions(
  stderr: { write(text: string): unknown },
  messages: InterruptMessages,
  host: SignalHost = process,
  graceMs = graceFrom(process.env),
): Interruptions {
  const stop = new AbortController();
  const abort = new AbortController();
  // Every request and every retry wait listens to these: hundreds at once is expected, not a leak.
  setMaxListeners(0, stop.signal, abort.signal);
  const timers: NodeJS.Timeout[] = [];
  const later = (ms: number, fn: () => void): void => {
    // Unref'd: a run that ends sooner must not be kept alive by them.
    timers.push(setTimeout(fn, ms).unref());
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stop.signal.aborted) {
      stderr.write(`\n${signal} again: exiting now; ${messages.quitting}.\n`);
      host.exit(130);
      return;
    }
    stderr.write(`\n${signal}: ${messages.stopping} (press Ctrl-C again to quit now)\n`);
    stop.abort(new Error(signal));
    later(graceMs, () => {
      stderr.write(`${signal}: ${Math.round(graceMs / 1000)} s are over; abandoning what is still in flight\n`);
      abort.abort(new Error(`${signal}: grace period over`));
    });
    later(graceMs + WRITE_MS, () => {
      stderr.write(`${signal}: still not done ${Math.round((graceMs + WRITE_MS) / 1000)} s after the signal: exiting now; ${messages.quitting}.\n`);
      host.exit(130);
    });
  };
  for (const signal of SIGNALS) host.on(signal, onSignal);
  return {
    stop: stop.signal,
    abort: abort.signal,
    interrupted: () => stop.signal.aborted,
    dispose() {
      for (const signal of SIGNALS) host.off(signal, onSignal);
      for (const timer of timers) clearTimeout(timer);
    },
  };
}

export const APPLY_MESSAGES: InterruptMessages = {
  stopping: `no new requests; waiting up to ${GRACE_MS / 1000} s for those in flight`,
  quitting: 'the journal keeps what finished, so the next run resumes',
};

export const STATUS_MESSAGES: InterruptMessages = {
  stopping: 'stopping after this round and writing what is known',
  quitting: 'the results file is as the last completed check left it',
};
