// Upload jobs tracked by the same tracker as policy updates, against the simulator over loopback: each
// device ends with its new ID, or with the service's refusal explained (808).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createPartnerCenterClient } from '../../src/partner-center/client.js';
import type { UploadItem } from '../../src/register/plan-uploads.js';
import { uploadReader } from '../../src/register/upload-outcomes.js';
import { startSimulator } from '../../src/simulator/start.js';
import { trackJobs } from '../../src/track/tracker.js';

const CUSTOMER = 'c7f3c849-129f-4b85-a96d-4f8e88b315a3';

test('an upload job is polled until done; registered devices get their IDs, a device of another tenant is refused with 808', async (t) => {
  let now = Date.UTC(2025, 0, 1);
  // Documented shapes: the job names each new device's ID (in the real ones, registration lists the batch).
  const sim = await startSimulator({ now: () => now, jobSteps: 2, jobStepMs: 1000, shapes: 'documented', data: { customers: {}, otherTenantDevices: ['SN-TAKEN'] } });
  t.after(() => sim.close());
  const api = createPartnerCenterClient({
    endpoint: sim.url,
    tokens: { description: 'test', renewable: false, getToken: async () => 't', invalidate: () => {} },
    correlationId: '49b1e7b2-82e7-4403-b63b-8765269b448d',
  });
  const items: UploadItem[] = [
    { index: 0, rowNumber: 2, device: { serialNumber: 'SN-1', manufacturer: 'HP', model: 'X' }, key: 'a', label: 'SN-1' },
    { index: 1, rowNumber: 3, device: { serialNumber: 'SN-TAKEN', manufacturer: 'HP', model: 'X' }, key: 'b', label: 'SN-TAKEN' },
  ];
  const accepted = await api.createDeviceBatch(CUSTOMER, 'B', items.map((i) => i.device), { requestId: '4d7e1c2a-9b3f-4e5a-8c6d-0f1e2a3b4c5d' });
  const reader = uploadReader(new Map(items.map((i) => [i.index, i])));
  const sleeps: number[] = [];
  const report = await trackJobs(
    [{ batchJobUri: accepted.batchJobUri, rows: items.map((i) => ({ index: i.index, device: i.label })) }],
    {
      api,
      wait: true,
      // The clock moves only when the tracker waits: polling, not time, is what is counted.
      sleep: async (ms) => {
        sleeps.push(ms);
        now += ms;
      },
      now: () => now,
    },
    reader.read,
  );
  assert.equal(report.jobsDone, 1);
  assert.equal(report.rounds, 2);
  assert.deepEqual(report.devices, { succeeded: 1, failed: 1, pending: 0 });
  const registered = reader.outcomes.get(0);
  assert.ok(registered?.kind === 'registered');
  assert.equal(registered.deviceId, sim.jobs()[0]?.devices[0]?.deviceId);
  const refused = reader.outcomes.get(1);
  assert.ok(refused?.kind === 'refused');
  assert.equal(refused.errorCode, '808');
  assert.match(refused.detail, /registered to another tenant/);
});
