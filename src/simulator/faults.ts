// Which fault, if any, a request meets: a scripted one first (tests that need an exact sequence), else
// the configured rates. Rules only decide; the handler acts.
import type { ResolvedOptions, ScriptedFault } from './options.js';

export type Fault =
  | { kind: 'throttle'; retryAfter: number | Date }
  | { kind: 'error'; status: number }
  | { kind: 'drop'; afterHandling: boolean }
  | { kind: 'delay'; ms: number };

/** Takes the first scripted fault meant for `method` off the queue (so it happens once). */
export function takeScriptedFault(options: ResolvedOptions, method: string): Fault | undefined {
  const queue = options.failNextRequests;
  const index = queue.findIndex((f) => f.method === undefined || f.method.toUpperCase() === method);
  if (index < 0) return undefined;
  const [fault] = queue.splice(index, 1) as [ScriptedFault];
  switch (fault.kind) {
    case 'throttle':
      return { kind: 'throttle', retryAfter: fault.retryAfter ?? options.retryAfterSeconds };
    case 'error':
      return { kind: 'error', status: fault.status ?? 503 };
    case 'drop':
      return { kind: 'drop', afterHandling: fault.afterHandling ?? false };
    case 'delay':
      return { kind: 'delay', ms: fault.ms };
  }
}

/**
 * Draws drop, then throttle, then error. A rate of 0 draws nothing, so a test that sets one rate sees
 * its seed's sequence undisturbed by the others.
 */
export function rateFault(options: ResolvedOptions): Fault | undefined {
  const hit = (rate: number): boolean => rate > 0 && options.random() < rate;
  if (hit(options.dropRate)) return { kind: 'drop', afterHandling: false };
  if (hit(options.throttleRate)) return { kind: 'throttle', retryAfter: options.retryAfterSeconds };
  if (hit(options.errorRate)) return { kind: 'error', status: 503 };
  return undefined;
}

/** Any non-empty bearer, or exactly the configured token. */
export function isAuthorized(authorization: string | undefined, token: string | undefined): boolean {
  const match = /^Bearer\s+(\S.*)$/i.exec(authorization ?? '');
  const presented = match?.[1]?.trim();
  if (!presented) return false;
  return token === undefined || presented === token;
}
