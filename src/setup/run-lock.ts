// One run per results file (SPEC §2 Safety of the work). Two runs of one sheet into one results file —
// two engineers, or a job retried while the first still runs — would each send every row and write the
// one journal over the other. `<out>.lock`, created exclusively beside the journal, holds the run's PID
// and host; a second run finds it and stops (exit 2), naming the holder. A lock whose process is gone
// (a kill -9, a crash) is taken over when that process ran on this host, which is the only place its
// being gone can be known; a lock from another host (a shared drive) is left to the user to judge.
import { randomUUID } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { isAlive, messageOf } from '../record/atomic.js';
import { errnoCode, RecordError } from '../record/errors.js';

export interface LockHolder {
  pid: number;
  host: string;
  /** What the holder is doing, in words (`apply devices.xlsx`). */
  command: string;
  startedAt: string;
  /** Tells this run's lock from one that replaced it. */
  nonce: string;
}

export interface RunLock {
  readonly path: string;
  /** Set when a lock left by a process that is gone was taken over: its holder, for the run to say so. */
  readonly tookOverFrom: LockHolder | undefined;
  /** Removes the lock if it is still this run's (idempotent). */
  release(): Promise<void>;
}

export function lockPathFor(out: string): string {
  return `${out}.lock`;
}

export interface LockOptions {
  /** `apply …` or `status …`: what a refused run is told the holder is doing. */
  command: string;
  now?: () => Date;
  /** Injected by tests: this machine's name, and whether a PID is running here. */
  host?: string;
  isRunning?: (pid: number) => boolean;
}

/** Takes the lock of the results file `out`, or throws a RecordError ('in-use') naming its holder. */
export async function lockResults(out: string, options: LockOptions): Promise<RunLock> {
  const path = lockPathFor(out);
  const host = options.host ?? hostname();
  const isRunning = options.isRunning ?? isAlive;
  const mine: LockHolder = {
    pid: process.pid, host, command: options.command, startedAt: (options.now?.() ?? new Date()).toISOString(), nonce: randomUUID(),
  };
  let tookOverFrom: LockHolder | undefined;
  // Twice at most: once as found, once after taking over a lock whose process is gone.
  for (let attempt = 0; attempt < 2; attempt++) {
    if (await create(path, mine)) return held(path, mine, tookOverFrom);
    const holder = await readHolder(path);
    if (holder === undefined) continue; // released between our attempt and the read: try again
    if (holder.host !== host || (holder.pid > 0 && isRunning(holder.pid)) || attempt > 0) throw inUse(out, path, holder, host);
    if (await takeOver(path, holder)) tookOverFrom = holder;
  }
  const holder = await readHolder(path);
  throw inUse(out, path, holder ?? { pid: 0, host: '?', command: 'another run', startedAt: '?', nonce: '' }, host);
}

/** Creates the lock file exclusively; false when one is there. */
async function create(path: string, holder: LockHolder): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'wx');
  } catch (e) {
    if (errnoCode(e) === 'EEXIST') return false;
    throw new RecordError('write-failed', path, `cannot create the lock ${path}: ${messageOf(e)}`, e);
  }
  try {
    await handle.writeFile(`${JSON.stringify(holder)}\n`);
    await handle.sync();
  } catch (e) {
    await handle.close().catch(() => {});
    await unlink(path).catch(() => {});
    throw new RecordError('write-failed', path, `cannot write the lock ${path}: ${messageOf(e)}`, e);
  }
  await handle.close();
  return true;
}

/**
 * The holder a lock file names. A file that does not read as one (cut short by a crash between create
 * and write) is held by nobody known: treated as a lock of this host whose process is gone.
 */
async function readHolder(path: string): Promise<LockHolder | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return undefined;
    throw new RecordError('unreadable', path, `cannot read the lock ${path}: ${messageOf(e)}`, e);
  }
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.pid === 'number' && typeof value.host === 'string') {
      return {
        pid: value.pid, host: value.host, command: String(value.command ?? 'a run'), startedAt: String(value.startedAt ?? '?'), nonce: String(value.nonce ?? ''),
      };
    }
  } catch {
    // falls through
  }
  return { pid: 0, host: hostname(), command: 'a run that ended before writing its lock', startedAt: '?', nonce: '' };
}

/**
 * Moves the stale lock aside and removes it, unless what was moved is not the lock that was judged
 * stale (another run took it over first): then that run's lock is put back, and this run is refused.
 */
async function takeOver(path: string, stale: LockHolder): Promise<boolean> {
  const aside = `${path}.${process.pid}.stale`;
  try {
    await rename(path, aside);
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return false;
    throw new RecordError('write-failed', path, `cannot take over the lock ${path}: ${messageOf(e)}`, e);
  }
  const moved = await readHolder(aside);
  if (moved !== undefined && moved.nonce !== stale.nonce) {
    await rename(aside, path).catch(() => {});
    return false;
  }
  await unlink(aside).catch(() => {});
  return true;
}

function held(path: string, mine: LockHolder, tookOverFrom: LockHolder | undefined): RunLock {
  let released = false;
  // A run that exits without unwinding (a second Ctrl-C) still leaves no lock behind.
  const onExit = (): void => {
    if (!released) removeIfMine(path, mine.nonce);
  };
  process.once('exit', onExit);
  return {
    path,
    tookOverFrom,
    async release() {
      if (released) return;
      released = true;
      process.off('exit', onExit);
      const holder = await readHolder(path).catch(() => undefined);
      if (holder?.nonce === mine.nonce) await unlink(path).catch(() => {});
    },
  };
}

function removeIfMine(path: string, nonce: string): void {
  try {
    if (readFileSync(path, 'utf8').includes(nonce)) unlinkSync(path);
  } catch {
    // gone already
  }
}

function inUse(out: string, path: string, holder: LockHolder, host: string): RecordError {
  const where = holder.host === host ? 'on this host' : `on host ${holder.host}`;
  const since = holder.startedAt === '?' ? '' : ` since ${holder.startedAt}`;
  const advice = holder.host === host
    ? `wait for it to finish (or stop it), then run again`
    : `wait for it to finish; if it is no longer running there, delete ${path} and run again`;
  return new RecordError(
    'in-use',
    path,
    `${out} is in use by another run: ${holder.command} (PID ${holder.pid} ${where}${since}; lock ${path}); ${advice}`,
  );
}

/** What a run says when it took over a lock left by a process that is gone. */
export function tookOverLine(lock: RunLock): string {
  const from = lock.tookOverFrom;
  if (from === undefined) return '';
  const who = from.pid > 0 ? `PID ${from.pid} (${from.command}${from.startedAt === '?' ? '' : `, started ${from.startedAt}`})` : 'a run that ended before writing it';
  return `lock: ${lock.path} was left by ${who}, which is no longer running on this host; taken over`;
}
