// Progress on stderr: a live bar on a terminal, a plain line at most every 5 s otherwise (logs and CI
// captures stay readable, and so do terminals under CI, NO_COLOR or TERM=dumb), nothing with --quiet. What the numbers mean is the caller's: sending shows
// rows, tracking shows batch jobs.
import { createRequire } from 'node:module';
import type * as CliProgress from 'cli-progress';
import { drawsInPlace } from './terminal.js';

// cli-progress is required only when a bar is drawn (a terminal, not --quiet): every other run, and
// every start-up, is spared loading it.
const require = createRequire(import.meta.url);

export interface ProgressSnapshot {
  done: number;
  total: number;
  /** The rest of the line, e.g. "12 accepted | 0 failed | 8.1 req/s". */
  text: string;
}

export interface ProgressReporter<T> {
  update(p: T): void;
  /** A one-off line (e.g. "resuming: …") that must not tear the bar. */
  note(line: string): void;
  stop(): void;
}

export interface ProgressOptions<T> {
  quiet: boolean;
  stream?: NodeJS.WriteStream;
  /** e.g. "sending", "tracking". */
  label: string;
  /** The unit of done/total, e.g. "rows", "jobs". */
  unit: string;
  describe(p: T, elapsedMs: number): ProgressSnapshot;
  /** Show an ETA (meaningful for rows sent; not for jobs whose pace the service sets). */
  eta: boolean;
  now?: () => number;
  /** Minimum gap between plain lines. */
  plainIntervalMs?: number;
  /** Where CI, NO_COLOR and TERM are read (terminal.ts). Default process.env. */
  env?: NodeJS.ProcessEnv;
}

export function createProgress<T>(options: ProgressOptions<T>): ProgressReporter<T> {
  const stream = options.stream ?? process.stderr;
  if (options.quiet) return { update() {}, note() {}, stop() {} };
  return drawsInPlace(stream, options.env ?? process.env) ? barProgress(stream, options) : plainProgress(stream, options);
}

function barProgress<T>(stream: NodeJS.WriteStream, options: ProgressOptions<T>): ProgressReporter<T> {
  const now = options.now ?? Date.now;
  const started = now();
  const cliProgress = require('cli-progress') as typeof CliProgress;
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `${options.label} [{bar}] {value}/{total} ${options.unit} | {text}${options.eta ? ' | ETA {eta_formatted}' : ''}`,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let begun = false;
  return {
    update(p) {
      const s = options.describe(p, now() - started);
      if (!begun) {
        bar.start(s.total, s.done, { text: s.text });
        begun = true;
      } else {
        bar.setTotal(s.total);
        bar.update(s.done, { text: s.text });
      }
    },
    note(line) {
      if (begun) stream.write('\n');
      stream.write(`${line}\n`);
    },
    stop() {
      if (begun) bar.stop();
    },
  };
}

function plainProgress<T>(stream: NodeJS.WriteStream, options: ProgressOptions<T>): ProgressReporter<T> {
  const now = options.now ?? Date.now;
  const interval = options.plainIntervalMs ?? 5000;
  const started = now();
  let lastPrinted = -Infinity;
  let last: T | undefined;
  let lastWasPrinted = false;
  const print = (p: T): void => {
    const s = options.describe(p, now() - started);
    stream.write(`${options.label}: ${s.done}/${s.total} ${options.unit} | ${s.text}\n`);
    lastPrinted = now();
    lastWasPrinted = true;
  };
  return {
    update(p) {
      last = p;
      lastWasPrinted = false;
      if (now() - lastPrinted >= interval) print(p);
    },
    note(line) {
      stream.write(`${line}\n`);
    },
    stop() {
      // The final state, unless it was the last line printed.
      if (last !== undefined && !lastWasPrinted) print(last);
    },
  };
}

/** Requests per second over the elapsed time, one decimal. */
export function perSecond(count: number, elapsedMs: number): string {
  return elapsedMs > 0 ? ((count * 1000) / elapsedMs).toFixed(1) : '0.0';
}
