// The page's Stop, as the run sees it: the same first Ctrl-C (interrupt.ts) that a run in a terminal
// gets. A run listens here instead of on the process, so Stop means what Ctrl-C means: no new requests,
// those in flight given up to 30 s, the journal kept, the rows not sent said so, the results written.
import type { SignalHost } from '../setup/interrupt.js';

export interface StopButton extends SignalHost {
  press(): void;
  readonly pressed: boolean;
}

/** `onOverdue`: the run did not end in the time a stop allows (interrupt.ts would exit the process). */
export function createStopButton(onOverdue: () => void): StopButton {
  const listeners = new Set<(signal: NodeJS.Signals) => void>();
  let pressed = false;
  return {
    on(_signal, listener) {
      listeners.add(listener);
      return undefined;
    },
    off(_signal, listener) {
      listeners.delete(listener);
      return undefined;
    },
    // A server must not exit because one run overran its stop; the engineer is told instead.
    exit() {
      onOverdue();
    },
    press() {
      if (pressed) return;
      pressed = true;
      // interrupt.ts listens for SIGINT and SIGTERM with one listener: one call is one signal.
      const [first] = listeners;
      first?.('SIGINT');
    },
    get pressed() {
      return pressed;
    },
  };
}
