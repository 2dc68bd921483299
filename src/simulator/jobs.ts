// Batch jobs: created by an accepted DevicePolicyUpdates request, read by batchJobStatus. A job's state
// is computed from its age on the injected clock, so tests move time instead of sleeping.
import { randomUUID } from 'node:crypto';
import type { BatchJobStatus, DeviceStatusEntry } from '../partner-center/wire.js';
import type { DeviceError } from './data.js';
import type { Shapes } from './listing.js';

export interface JobDevice {
  deviceId: string;
  serialNumber: string | null;
  productKey: string | null;
  /** Decided when the job is created: the data of that moment holds for the job's life. */
  error: DeviceError | undefined;
  /** The policy the request assigns; the device's listing carries it once the job has finished. */
  policyId?: string;
}

export interface SimulatedJob {
  trackingId: string;
  customerId: string;
  /** The MS-RequestId that created it; a retry with the same ID finds this job instead of a new one. */
  requestId: string | undefined;
  createdAt: number;
  devices: JobDevice[];
  /** Set on upload jobs (`POST deviceBatches…`): the batch their devices join when the job is done. */
  batchId?: string;
  /** Set once its finished devices' policies were written to the catalog (settle.ts). */
  settled?: boolean;
}

export interface JobTimeline {
  jobSteps: number;
  jobStepMs: number;
  omitDeviceIds: boolean;
  /** In the real shapes an upload job names no device IDs (the docs' status example has none). */
  shapes: Shapes;
  jobStatusOnDeviceErrors: 'finished_with_errors' | 'finished';
}

export interface JobStore {
  /** A new job, or (`replay: true`) the one an earlier attempt with the same request ID created. */
  accept(
    customerId: string,
    requestId: string | undefined,
    devices: () => JobDevice[],
    now: number,
  ): { job: SimulatedJob; replay: boolean };
  /** The job an earlier request with this MS-RequestId created (counted as a replay), if any. */
  replay(customerId: string, requestId: string | undefined): SimulatedJob | undefined;
  get(customerId: string, trackingId: string): SimulatedJob | undefined;
  all(): SimulatedJob[];
  /** How many accepted requests were retries of an earlier one (same MS-RequestId). */
  replays(): number;
}

export function createJobStore(): JobStore {
  const byTrackingId = new Map<string, SimulatedJob>();
  const byRequestId = new Map<string, SimulatedJob>();
  let replays = 0;
  const keyOf = (customerId: string, requestId: string): string => `${customerId.toLowerCase()}/${requestId.toLowerCase()}`;
  const replay = (customerId: string, requestId: string | undefined): SimulatedJob | undefined => {
    const earlier = requestId === undefined ? undefined : byRequestId.get(keyOf(customerId, requestId));
    if (earlier) replays += 1;
    return earlier;
  };
  return {
    accept(customerId, requestId, devices, now) {
      const earlier = replay(customerId, requestId);
      if (earlier) return { job: earlier, replay: true };
      const job: SimulatedJob = { trackingId: randomUUID(), customerId, requestId, createdAt: now, devices: devices() };
      byTrackingId.set(job.trackingId.toLowerCase(), job);
      if (requestId !== undefined) byRequestId.set(keyOf(customerId, requestId), job);
      return { job, replay: false };
    },
    replay,
    get(customerId, trackingId) {
      const job = byTrackingId.get(trackingId.toLowerCase());
      return job && job.customerId.toLowerCase() === customerId.toLowerCase() ? job : undefined;
    },
    all: () => [...byTrackingId.values()],
    replays: () => replays,
  };
}

/** Whether the job has run its course: what its status says, and when uploaded devices join their batch. */
export function jobDone(job: SimulatedJob, now: number, timeline: Pick<JobTimeline, 'jobSteps' | 'jobStepMs'>): boolean {
  return Math.floor(Math.max(0, now - job.createdAt) / timeline.jobStepMs) >= timeline.jobSteps;
}

/** `queued` for the first step, `processing` until `jobSteps` steps have passed, then done. */
export function jobStatus(job: SimulatedJob, now: number, timeline: JobTimeline): BatchJobStatus {
  const { jobSteps, jobStepMs } = timeline;
  const step = Math.floor(Math.max(0, now - job.createdAt) / jobStepMs);
  const done = jobDone(job, now, timeline);
  const failed = job.devices.some((d) => d.error !== undefined);
  const status = done ? (failed ? timeline.jobStatusOnDeviceErrors : 'finished') : step < 1 ? 'queued' : 'processing';
  const iso = (t: number): string => new Date(t).toISOString();
  return {
    batchTrackingId: job.trackingId,
    status,
    startedTime: status === 'queued' ? null : iso(job.createdAt + Math.min(1, jobSteps) * jobStepMs),
    completedTime: done ? iso(job.createdAt + jobSteps * jobStepMs) : null,
    devicesStatus: job.devices.map((d) => deviceEntry(d, done, timeline, job.batchId !== undefined)),
  };
}

function deviceEntry(device: JobDevice, done: boolean, timeline: Pick<JobTimeline, 'omitDeviceIds' | 'shapes'>, upload: boolean): DeviceStatusEntry {
  const outcome = !done
    ? { status: 'in-progress', errorCode: null, errorDescription: null }
    : device.error
      ? { status: 'finished_with_errors', ...device.error }
      : { status: 'finished', errorCode: null, errorDescription: null };
  const ids = { serialNumber: device.serialNumber, productKey: device.productKey };
  // The docs' upload status example names no device ID: in the real shapes the new devices are found
  // by listing their batch. In the docs' fuller tables an upload job reports each new ID once done; a
  // device the upload refused has none.
  if (upload) return timeline.shapes === 'real' ? { ...ids, ...outcome } : { deviceId: done && device.deviceId !== '' ? device.deviceId : null, ...ids, ...outcome };
  return timeline.omitDeviceIds ? { ...ids, ...outcome } : { deviceId: device.deviceId, ...ids, ...outcome };
}
