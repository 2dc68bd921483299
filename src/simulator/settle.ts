// What a finished policy update leaves behind: its devices carry the policy, so a listing afterwards
// shows it (and a client that compares sees nothing left to send). Jobs finish by the clock, not by an
// event, so this runs when a customer's devices are listed.
import { OOBE_POLICY_KEY } from '../partner-center/wire.js';
import type { CustomerEntry } from './catalog.js';
import { jobDone, type JobStore, type JobTimeline } from './jobs.js';

/**
 * `customer` is the customer as the routes see it (uploaded devices included), so a device registered by
 * an upload takes its policy like any other.
 */
export function settleFinishedJobs(
  jobs: JobStore,
  customerId: string,
  customer: CustomerEntry,
  now: number,
  timeline: Pick<JobTimeline, 'jobSteps' | 'jobStepMs'>,
): void {
  const cid = customerId.toLowerCase();
  // In creation order, so the later of two updates to one device is the one it keeps.
  for (const job of jobs.all()) {
    if (job.settled === true || job.customerId.toLowerCase() !== cid || !jobDone(job, now, timeline)) continue;
    job.settled = true;
    for (const device of job.devices) {
      if (device.error !== undefined || device.policyId === undefined) continue;
      const listed = customer.devicesById.get(device.deviceId);
      if (listed !== undefined) listed.policies = [{ key: OOBE_POLICY_KEY, value: device.policyId }];
    }
  }
}
