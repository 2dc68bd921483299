// The run's progress, shown on the page: the same events the command line's bar draws (progress/views.ts),
// sent to the browser as they come, at most a few times a second (a fast run settles hundreds of
// requests a second; the page needs to see the numbers move, not every step), and always the last.
import type { LookupProgress } from '../resolve/fetch-lists.js';
import type { SendProgress } from '../send/outcomes.js';
import type { TrackProgress } from '../track/tracker.js';
import type { ProgressReporter } from '../progress/progress.js';
import type { ProgressViews, SendingReporter } from '../progress/views.js';
import type { CustomerProgress, ProgressView } from './page/api-types.js';

const INTERVAL_MS = 250;

export interface PageViewsDeps {
  send(progress: ProgressView): void;
  /** A one-off line a stage writes beside its progress ("waiting for the batch jobs…"). */
  note(text: string): void;
  /** Customer key → the name the sheet gives it. */
  customerNames(): ReadonlyMap<string, string>;
  now?: () => number;
}

export function pageViews(deps: PageViewsDeps): ProgressViews {
  const now = deps.now ?? Date.now;
  return {
    lookup: () => coalesced<LookupProgress>(deps, now, (p) => ({ stage: 'looking up', ...p })),
    sending: () => sendingView('sending', deps, now),
    registering: () => sendingView('registering', deps, now),
    // The outcomes themselves reach the page as its rows (session.ts), not in the progress line.
    tracking: () => coalesced<TrackProgress>(deps, now, ({ outcomes: _rows, ...p }) => ({ stage: 'tracking', ...p })),
  };
}

function sendingView(stage: 'sending' | 'registering', deps: PageViewsDeps, now: () => number): SendingReporter {
  const started = now();
  const customers = new Map<string, CustomerProgress>();
  const view = coalesced<SendProgress>(deps, now, (p) => ({
    stage,
    ...p,
    perSecond: Math.round((p.requests * 10_000) / Math.max(1, now() - started)) / 10,
    customers: [...customers.values()].map((c) => ({ ...c })),
  }));
  return {
    ...view,
    answered(customer, settlement, devices) {
      let counts = customers.get(customer);
      if (counts === undefined) {
        const name = deps.customerNames().get(customer);
        counts = { customer, ...(name === undefined ? {} : { name }), accepted: 0, failed: 0, requests: 0 };
        customers.set(customer, counts);
      }
      counts.requests++;
      // As the scheduler counts them: a split's other devices go out again in requests of their own.
      if (settlement.kind === 'accepted') counts.accepted += devices;
      else counts.failed += settlement.kind === 'split' ? settlement.named.length : devices;
    },
  };
}

function coalesced<T>(deps: PageViewsDeps, now: () => number, describe: (p: T) => ProgressView): ProgressReporter<T> {
  let last: T | undefined;
  let sentAt = -Infinity;
  let timer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    timer = undefined;
    if (last === undefined) return;
    sentAt = now();
    deps.send(describe(last));
  };
  return {
    update(p) {
      last = p;
      if (timer !== undefined) return;
      const wait = sentAt + INTERVAL_MS - now();
      if (wait <= 0) flush();
      else timer = setTimeout(flush, wait);
    },
    note(line) {
      deps.note(line);
    },
    stop() {
      if (timer !== undefined) clearTimeout(timer);
      flush();
      last = undefined;
    },
  };
}
