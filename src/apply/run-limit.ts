// One adaptive limit for every request of a run to the service: the lookups and the sending share it,
// so that sending starts at the level the lookups reached rather than from slow start again, what either
// learnt of the service's ceiling holds for both, and the two together keep within --concurrency.
import { createAdaptiveLimit, type AdaptiveLimit } from '../send/adaptive-limit.js';
import type { Connection } from '../setup/connect.js';

export interface RunLimit {
  limit: AdaptiveLimit;
  /** Unhooks the limit from the client (its throttle signal and retry waits). */
  dispose(): void;
}

export function runLimit(connection: Connection, concurrency: number): RunLimit {
  const limit = createAdaptiveLimit({ max: concurrency });
  const unsubscribe = connection.onThrottle((retryAfterMs) => limit.throttled(retryAfterMs));
  const unwrap = connection.wrapRetryWaits((wait) => limit.whileWaiting(wait));
  return {
    limit,
    dispose() {
      unwrap();
      unsubscribe();
    },
  };
}
