// Section 4: `status --wait` on a results file of many batch jobs: status requests per job while the
// jobs finish within a minute. The jobs are made by a real `apply` against the simulator (one device a
// request), then tracked by a real `status --wait`; the simulator counts every GET of a job.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { guid, sendInput } from './generate.mjs';
import { expectExit, median, timed } from './measure.mjs';
import { CLI, DIST } from './paths.mjs';
import { withoutCredentials } from './dry-run.mjs';

const TOKEN = 'bench-token';
/** A job is queued for one step and processing for the next: done 30 s after it was created. */
const JOB_STEPS = 2;
const JOB_STEP_MS = 15_000;

/**
 * The simulator's clock: a tenth of real speed while apply sends (so however long sending takes on a
 * loaded machine, the jobs are created within a couple of seconds of each other, as a quick run makes
 * them), real speed once status starts.
 */
function jobClock() {
  const start = Date.now();
  let shift;
  return {
    now: () => (shift === undefined ? start + (Date.now() - start) / 10 : Date.now() - shift),
    realTime() {
      const at = start + (Date.now() - start) / 10;
      shift = Date.now() - at;
    },
  };
}

export async function statusRuns(options, dir, say) {
  const { startSimulator } = await import(`${DIST}/index.js`);
  const env = { ...withoutCredentials(), PARTNER_CENTER_TOKEN: TOKEN };
  const input = join(dir, 'status.csv');
  await sendInput(input, { requests: options.jobs, customers: 1, chunkSize: 1 });
  const runs = [];
  for (let r = 0; r < options.repeatSlow; r++) {
    const clock = jobClock();
    // The customer has the sheet's policy, so the check before sending passes; its devices are not listed
    // (--no-verify-devices): this section measures tracking.
    const data = { customers: { [guid(0, 1)]: { policies: [{ id: guid(0, 2), name: 'Profile 1' }] } } };
    const sim = await startSimulator({ token: TOKEN, jobSteps: JOB_STEPS, jobStepMs: JOB_STEP_MS, now: clock.now, data });
    const out = join(dir, 'status.results.json');
    try {
      const common = ['--endpoint', sim.url, '--auth', 'token', '--quiet', '--json'];
      expectExit(await timed([CLI, 'apply', input, '--out', out, '--no-verify-devices', '--chunk-size', '1', '--per-customer', '8', '--concurrency', '8', ...common], { env }), [0], 'apply');
      clock.realTime();
      const jobs = sim.jobs();
      const lastCreated = Math.max(...jobs.map((j) => j.createdAt));
      const before = sim.requests.length;
      const t = expectExit(await timed([CLI, 'status', out, '--wait', ...common], { env }), [0, 1], 'status --wait');
      const polls = sim.requests.slice(before).filter((q) => q.method === 'GET' && q.path.includes('/batchJobStatus/'));
      const lastPoll = Math.max(...polls.map((q) => q.receivedAt));
      runs.push({
        jobs: jobs.length,
        polls: polls.length,
        perJob: polls.length / jobs.length,
        throttled: polls.filter((q) => q.status === 429).length,
        // How long after the last job finished status noticed it.
        lagSeconds: (lastPoll - (lastCreated + JOB_STEPS * JOB_STEP_MS)) / 1000,
        seconds: t.seconds,
      });
      say(`status --wait #${r + 1}: ${polls.length} GETs for ${jobs.length} jobs (${runs.at(-1).perJob.toFixed(2)} a job), done ${runs.at(-1).lagSeconds.toFixed(1)} s after the last job finished`);
    } finally {
      await sim.close();
      rmSync(out, { force: true });
    }
  }
  if (!options.keep) rmSync(input, { force: true });
  const m = (key) => median(runs.map((x) => x[key]));
  return { jobs: m('jobs'), polls: m('polls'), perJob: m('perJob'), lagSeconds: m('lagSeconds'), seconds: m('seconds'), finishAfterSeconds: (JOB_STEPS * JOB_STEP_MS) / 1000 };
}
