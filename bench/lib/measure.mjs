// Runs a command under GNU time (`/usr/bin/time -v`) for its wall time and peak RSS, and takes medians.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const TIME = '/usr/bin/time';

export function checkTimeTool() {
  if (!existsSync(TIME)) throw new Error(`${TIME} is missing: install GNU time (Debian/Ubuntu: apt-get install time)`);
}

/**
 * Runs `node args…` under `/usr/bin/time -v`. Resolves with the exit status, the child's stdout and
 * stderr (without time's report), wall seconds, CPU seconds (user + system) and peak RSS in MiB; and, on
 * this process's clock (`Date.now`, the in-process simulator's), when the child was started and ended and
 * when its stderr first printed `watch` (a string), if given.
 */
export function timed(args, { env = process.env, cwd, watch } = {}) {
  return new Promise((resolve, reject) => {
    const startedAt = Date.now();
    const child = spawn(TIME, ['-v', process.execPath, ...args], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    let seenAt;
    let seen = '';
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => {
      err.push(c);
      if (watch === undefined || seenAt !== undefined) return;
      // Kept to the last line or so, in case the text is cut between two chunks.
      seen = (seen + c.toString('utf8')).slice(-4 * watch.length - 1000);
      if (seen.includes(watch)) seenAt = Date.now();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const endedAt = Date.now();
      const stderr = Buffer.concat(err).toString('utf8');
      const at = stderr.lastIndexOf('\tCommand being timed:');
      const report = at < 0 ? '' : stderr.slice(at);
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(report)?.[1];
      const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)/.exec(report)?.[1];
      const user = Number(/User time \(seconds\): ([\d.]+)/.exec(report)?.[1]);
      const system = Number(/System time \(seconds\): ([\d.]+)/.exec(report)?.[1]);
      const status = Number(/Exit status: (\d+)/.exec(report)?.[1] ?? code);
      if (rss === undefined || wall === undefined) {
        reject(new Error(`no report from ${TIME} for node ${args.join(' ')} (exit ${code}):\n${stderr.slice(-2000)}`));
        return;
      }
      resolve({
        status,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: at < 0 ? stderr : stderr.slice(0, at),
        seconds: clock(wall),
        cpuSeconds: user + system,
        peakRssMiB: Number(rss) / 1024,
        startedAt,
        endedAt,
        seenAt,
      });
    });
  });
}

/** "1:02:03.45" or "2:03.45" → seconds. */
function clock(text) {
  return text.split(':').reduce((sum, part) => sum * 60 + Number(part), 0);
}

export function median(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Throws with the child's own words when it did not exit as expected. */
export function expectExit(result, allowed, what) {
  if (!allowed.includes(result.status)) {
    throw new Error(`${what} exited ${result.status}:\n${result.stderr.slice(-3000)}${result.stdout.slice(-1000)}`);
  }
  return result;
}

/**
 * Medians of runs measured in pairs, one of each kind back to back: each kind's wall time, CPU time and
 * peak RSS, and the median of the per-pair ratios (each pair ran under the same load).
 */
export function pairedMedians(runs, baseline) {
  const m = (list, key) => median(list.map((x) => x[key]));
  return {
    seconds: m(runs, 'seconds'),
    cpuSeconds: m(runs, 'cpuSeconds'),
    rss: m(runs, 'peakRssMiB'),
    baseSeconds: m(baseline, 'seconds'),
    baseCpuSeconds: m(baseline, 'cpuSeconds'),
    baseRss: m(baseline, 'peakRssMiB'),
    // CPU time is what the work costs whatever else runs; wall time is what the user waits.
    ratio: median(runs.map((t, i) => t.seconds / baseline[i].seconds)),
    cpuRatio: median(runs.map((t, i) => t.cpuSeconds / baseline[i].cpuSeconds)),
  };
}
