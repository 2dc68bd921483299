// A scripted stand-in for the Partner Center client and a clock that moves only when the code sleeps,
// so tracking tests run in no time and can count every request and every wait.
import { PartnerCenterError } from '../../src/partner-center/errors.js';
import type { BatchJobStatus, DeviceStatusEntry } from '../../src/partner-center/wire.js';
import type { PartnerCenterApi } from '../../src/partner-center/contract.js';

export type Answer = BatchJobStatus | PartnerCenterError | ((uri: string) => BatchJobStatus | PartnerCenterError);

/** Each job answers its script in order, then repeats the last answer. */
export function fakeApi(scripts: Record<string, Answer[]>): Pick<PartnerCenterApi, 'getBatchJobStatus'> & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async getBatchJobStatus(uri: string) {
      const script = scripts[uri];
      if (!script || script.length === 0) throw httpError(404, 'no script for ' + uri);
      const asked = calls.filter((c) => c === uri).length;
      calls.push(uri);
      const step = script[Math.min(asked, script.length - 1)];
      const answer = typeof step === 'function' ? step(uri) : step;
      if (answer instanceof PartnerCenterError) throw answer;
      if (answer === undefined) throw new Error('empty script');
      return structuredClone(answer);
    },
  };
}

export function fakeClock(start = Date.UTC(2025, 0, 1)): { now: () => number; sleep: (ms: number) => Promise<void>; sleeps: number[] } {
  let t = start;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleeps,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
  };
}

export function httpError(status: number, description: string, code = String(status)): PartnerCenterError {
  return new PartnerCenterError({ kind: 'http', message: `HTTP ${status}`, method: 'GET', url: 'https://x/v1', status, code, description });
}

export function job(status: string, devices: Array<Partial<DeviceStatusEntry> & { status: string }>): BatchJobStatus {
  return { batchTrackingId: 't', status, devicesStatus: devices };
}

export const ok = (deviceId: string): DeviceStatusEntry => ({ deviceId, status: 'finished', errorCode: null, errorDescription: null });
export const busy = (deviceId: string): DeviceStatusEntry => ({ deviceId, status: 'in-progress', errorCode: null, errorDescription: null });
export const other = (deviceId: string): DeviceStatusEntry => ({
  deviceId,
  status: 'finished_with_errors',
  errorCode: '808',
  errorDescription: 'ZtdDeviceAssignedToOtherTenant',
});
