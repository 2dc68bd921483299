// Polls batch jobs until they are done (or time runs out) and says what became of each row's device.
// The rules (backoff.ts, device-outcome.ts) decide; this one loop asks, sleeps and counts.
import { setTimeout as delay } from 'node:timers/promises';
import pLimit from 'p-limit';
import type { DeviceStatus } from '../model.js';
import type { BatchJobStatus } from '../partner-center/wire.js';
import { isInvalidBatchJobUriError } from '../partner-center/batch-job-uri.js';
import type { PartnerCenterApi } from '../partner-center/contract.js';
import { isPartnerCenterError, type PartnerCenterError } from '../partner-center/errors.js';
import { DEFAULT_WAIT_TIMEOUT_MS, FIRST_DELAY_MS, nextDelay, roundDelay, throttleDelay } from './backoff.js';
import { countDevices } from '../results/counts.js';
import { deviceOutcomes, isJobDone, type JobRow, type RowTracking } from './device-outcome.js';

/**
 * What one answer of a job means for each of its rows. Policy updates are read by device ID
 * (deviceOutcomes); device uploads, whose IDs the job gives out, are read their own way (src/register).
 */
export type OutcomeReader = (status: BatchJobStatus, rows: readonly JobRow[], checkedAt: string) => Map<number, RowTracking>;

export interface TrackedJob {
  batchJobUri: string;
  rows: JobRow[];
}

export interface TrackProgress {
  round: number;
  jobsDone: number;
  jobsTotal: number;
  succeeded: number;
  failed: number;
  pending: number;
  /**
   * The rows' outcomes known so far, by row index: the tracker's own map, to be read during the call and
   * not kept (the web page shows its rows settle round by round).
   */
  outcomes?: ReadonlyMap<number, RowTracking>;
}

export interface TrackOptions {
  api: Pick<PartnerCenterApi, 'getBatchJobStatus'>;
  /** Keep polling until every job is done or `waitTimeoutMs` passes; otherwise ask once. */
  wait?: boolean;
  /** With `wait`: how long to keep polling. 0 means one round and no waiting. Default 30 minutes. */
  waitTimeoutMs?: number;
  /** Jobs asked at the same time within a round. */
  concurrency?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
  /** Ctrl-C: no new round starts, a wait between rounds ends; what is known so far is returned. */
  signal?: AbortSignal;
  /**
   * Abandons the requests of the round in flight. Default: `signal`. `status` gives its own, fired a grace
   * period after `signal`, so the first Ctrl-C lets the round finish (as apply lets requests finish).
   */
  requestSignal?: AbortSignal;
  onProgress?: (progress: TrackProgress) => void;
}

export interface TrackReport {
  /** By row index; a row is absent only when its job was never answered nor failed (interrupted first). */
  results: Map<number, RowTracking>;
  jobsDone: number;
  jobsTotal: number;
  devices: Record<DeviceStatus, number>;
  /** GET requests made (each job asked at most once per round). */
  requests: number;
  rounds: number;
  timedOut: boolean;
  interrupted: boolean;
}

export const DEFAULT_TRACK_CONCURRENCY = 4;
/** A job the service says does not exist this many rounds in a row is given up on. */
export const NOT_FOUND_ROUNDS = 3;

/** TrackOptions with every default applied, once, at the entry (trackJobs, trackRows, runStatus). */
export interface TrackSettings {
  api: Pick<PartnerCenterApi, 'getBatchJobStatus'>;
  wait: boolean;
  waitTimeoutMs: number;
  concurrency: number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  now: () => number;
  signal: AbortSignal | undefined;
  requestSignal: AbortSignal | undefined;
  onProgress: (progress: TrackProgress) => void;
}

/** Applies the defaults; a value given but out of range is a caller's bug, refused rather than replaced. */
export function trackSettings(o: TrackOptions): TrackSettings {
  const waitTimeoutMs = o.waitTimeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
  if (!Number.isFinite(waitTimeoutMs) || waitTimeoutMs < 0) {
    throw new RangeError(`waitTimeoutMs must be a number of milliseconds, 0 or more; got ${waitTimeoutMs}`);
  }
  const concurrency = o.concurrency ?? DEFAULT_TRACK_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be a whole number, 1 or more; got ${concurrency}`);
  }
  return {
    api: o.api,
    wait: o.wait ?? false,
    waitTimeoutMs,
    concurrency,
    sleep: o.sleep ?? ((ms, signal) => delay(ms, undefined, signal ? { signal } : undefined)),
    now: o.now ?? Date.now,
    signal: o.signal,
    requestSignal: o.requestSignal ?? o.signal,
    onProgress: o.onProgress ?? (() => {}),
  };
}

interface JobState {
  uri: string;
  rows: JobRow[];
  done: boolean;
  /** Whether the service has answered at least once this run: an answer beats a later transient error. */
  answered: boolean;
  notFoundStreak: number;
}

/** The same URI named by several entries (rows of one job split up by the caller) is one job. */
function distinctJobs(jobs: readonly TrackedJob[]): JobState[] {
  const byUri = new Map<string, JobState>();
  for (const job of jobs) {
    const state = byUri.get(job.batchJobUri);
    if (state) state.rows.push(...job.rows);
    else byUri.set(job.batchJobUri, { uri: job.batchJobUri, rows: [...job.rows], done: false, answered: false, notFoundStreak: 0 });
  }
  return [...byUri.values()];
}

function failureText(e: PartnerCenterError): string {
  const head = e.status !== undefined ? `HTTP ${e.status}` : e.kind;
  const code = e.code ? ` ${e.code}` : '';
  return `${head}${code}: ${e.description || e.message}`;
}

function isAbort(e: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true || (isPartnerCenterError(e) && e.kind === 'aborted') || (e instanceof Error && e.name === 'AbortError');
}

function setRows(job: JobState, results: Map<number, RowTracking>, outcome: RowTracking): void {
  for (const row of job.rows) results.set(row.index, { ...outcome });
}

/** Asks one job once; returns how long a throttle asks the next round to hold off (0 if none). */
async function poll(job: JobState, o: TrackSettings, read: OutcomeReader, results: Map<number, RowTracking>, count: () => void): Promise<number> {
  count();
  try {
    const status = await o.api.getBatchJobStatus(job.uri, o.requestSignal ? { signal: o.requestSignal } : undefined);
    for (const [index, outcome] of read(status, job.rows, new Date(o.now()).toISOString())) results.set(index, outcome);
    job.answered = true;
    job.notFoundStreak = 0;
    job.done = isJobDone(status.status);
    return 0;
  } catch (e) {
    if (isAbort(e, o.requestSignal)) return 0;
    // Sign-in failures would repeat for every job and every round: the caller must hear of them at once.
    if (!isPartnerCenterError(e) || e.kind === 'auth' || e.status === 401) throw e;
    const checkedAt = new Date(o.now()).toISOString();
    // A URI that is no URI (a results file edited by hand) will be no better next round: the job is
    // given up, its rows failed, and the other jobs go on.
    if (isInvalidBatchJobUriError(e)) {
      job.done = true;
      setRows(job, results, { jobStatus: 'error', deviceStatus: 'failed', deviceError: e.message, checkedAt });
      return 0;
    }
    job.notFoundStreak = e.status === 404 ? job.notFoundStreak + 1 : 0;
    if (job.notFoundStreak >= NOT_FOUND_ROUNDS) {
      job.done = true;
      const deviceError = `batch job not found (${failureText(e)}) ${NOT_FOUND_ROUNDS} times in a row: check the Batch Job URI; the service may no longer keep this job`;
      setRows(job, results, { jobStatus: 'error', deviceStatus: 'failed', deviceError, checkedAt });
    } else if (!job.answered) {
      setRows(job, results, { jobStatus: 'error', deviceStatus: 'pending', deviceError: `could not read the batch job: ${failureText(e)}`, checkedAt });
    }
    return throttleDelay(e) ?? 0;
  }
}

/** Each row of the jobs once; a row not answered yet is pending. */
function deviceTotals(jobs: readonly JobState[], results: Map<number, RowTracking>): Record<DeviceStatus, number> {
  const indexes = new Set(jobs.flatMap((job) => job.rows.map((row) => row.index)));
  return countDevices([...indexes].map((index) => ({ status: results.get(index)?.deviceStatus }))).total;
}

/** The jobs asked first in a round: a few, spread over the open ones and moved along each round. */
const SAMPLE_LEAST = 3;
const SAMPLE_SHARE = 0.05;

function sampleOf(open: JobState[], round: number): JobState[] {
  // Jobs never answered (an error the first time) are always asked: they have no state yet.
  const unanswered = open.filter((job) => !job.answered);
  const answered = open.filter((job) => job.answered);
  const size = Math.max(SAMPLE_LEAST, Math.ceil(open.length * SAMPLE_SHARE));
  if (size >= answered.length) return open;
  const stride = Math.floor(answered.length / size);
  const offset = round % stride;
  const sample = Array.from({ length: size }, (_, i) => answered[i * stride + offset]).filter((job): job is JobState => job !== undefined);
  return [...unanswered, ...sample];
}

export async function trackJobs(jobs: readonly TrackedJob[], options: TrackOptions, read: OutcomeReader = deviceOutcomes): Promise<TrackReport> {
  return trackJobsWith(jobs, trackSettings(options), read);
}

/** trackJobs for callers that have already settled the options. */
export async function trackJobsWith(jobs: readonly TrackedJob[], settings: TrackSettings, read: OutcomeReader = deviceOutcomes): Promise<TrackReport> {
  // --wait-timeout holds even while polls fail: a job answering 500 would otherwise keep one poll in the
  // client's retries (backoff up to a minute each) long past the deadline. Polls still running a little
  // after it are abandoned; their rows stay as last known.
  const deadline = settings.wait ? new AbortController() : undefined;
  const timer = deadline === undefined ? undefined : setTimeout(() => deadline.abort(new Error('--wait-timeout is over')), settings.waitTimeoutMs + POLL_OVERRUN_MS);
  const signals = [settings.requestSignal, deadline?.signal].filter((s): s is AbortSignal => s !== undefined);
  const requestSignal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
  const o: TrackSettings = { ...settings, requestSignal };
  try {
    return await trackUntil(jobs, o, read, deadline?.signal);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * How long after --wait-timeout the requests of a round may still run: time for the one last round
 * that is asked at the deadline (so rows get fresh states), not for a poll's retries.
 */
export const POLL_OVERRUN_MS = 3_000;

/** `overrun` fires once the deadline's allowance is spent, whatever the injected clock says. */
async function trackUntil(jobs: readonly TrackedJob[], o: TrackSettings, read: OutcomeReader, overrun: AbortSignal | undefined): Promise<TrackReport> {
  const states = distinctJobs(jobs);
  const results = new Map<number, RowTracking>();
  const limit = pLimit(o.concurrency);
  const deadline = o.now() + o.waitTimeoutMs;
  let requests = 0;
  let rounds = 0;
  let backoff = FIRST_DELAY_MS;
  let lastRound = false;
  let timedOut = false;
  let interrupted = false;
  const jobsDone = () => states.filter((s) => s.done).length;

  while (states.some((s) => !s.done)) {
    if (o.signal?.aborted) {
      interrupted = true;
      break;
    }
    rounds++;
    const open = states.filter((s) => !s.done);
    const ask = (jobs: JobState[]): Promise<number[]> => limit.map(jobs, (job) => poll(job, o, read, results, () => requests++));
    // Jobs sent together finish together: while none of a few finishes, the rest are not asked. Every
    // job is asked in the first round (each row gets a state) and in the last one (fresh states).
    const first = rounds === 1 || lastRound ? open : sampleOf(open, rounds);
    let throttles = await ask(first);
    if (first.length < open.length && first.some((job) => job.done)) throttles = [...throttles, ...(await ask(open.filter((job) => !first.includes(job))))];
    const devices = deviceTotals(states, results);
    o.onProgress({ round: rounds, jobsDone: jobsDone(), jobsTotal: states.length, ...devices, outcomes: results });

    if (!o.wait || jobsDone() === states.length) break;
    if (o.signal?.aborted) {
      interrupted = true;
      break;
    }
    const remaining = deadline - o.now();
    if (remaining <= 0 || overrun?.aborted === true) {
      timedOut = true;
      break;
    }
    // One last round at the deadline rather than a whole backoff past it.
    const wait = roundDelay(backoff, Math.max(0, ...throttles), remaining);
    lastRound = wait >= remaining;
    backoff = nextDelay(backoff);
    try {
      await o.sleep(wait, o.signal);
    } catch (e) {
      if (!isAbort(e, o.signal)) throw e;
      interrupted = true;
      break;
    }
  }

  return {
    results,
    jobsDone: jobsDone(),
    jobsTotal: states.length,
    devices: deviceTotals(states, results),
    requests,
    rounds,
    timedOut,
    interrupted,
  };
}
