import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deviceOutcomes, deviceStatusOf, isJobDone } from '../../src/track/device-outcome.js';
import { busy, job, ok, other } from './fake-api.js';

const AT = '2025-01-01T00:00:00.000Z';

test('devices map to rows by ID, exactly first and then ignoring case, whatever the order', () => {
  const rows = [{ index: 0, device: 'dev-A' }, { index: 1, device: 'dev-b' }, { index: 2, device: 'DEV-C' }];
  const out = deviceOutcomes(job('finished_with_errors', [other('DEV-B'), ok('dev-a'), ok('dev-A'), ok('DEV-C')]), rows, AT);
  assert.deepEqual(out.get(0), { jobStatus: 'finished_with_errors', deviceStatus: 'succeeded', checkedAt: AT });
  assert.equal(out.get(1)?.deviceStatus, 'failed');
  assert.match(out.get(1)?.deviceError ?? '', /^808 ZtdDeviceAssignedToOtherTenant/);
  assert.equal(out.get(2)?.deviceStatus, 'succeeded');
});

test('devices without IDs map by position, only when there is one entry per device sent', () => {
  const rows = [{ index: 4, device: 'a' }, { index: 5, device: 'b' }, { index: 6, device: 'a' }];
  const noIds = [{ status: 'finished' }, { status: 'finished_with_errors', errorCode: '806', errorDescription: 'x' }];
  const out = deviceOutcomes(job('finished', noIds), rows, AT);
  assert.equal(out.get(4)?.deviceStatus, 'succeeded');
  assert.equal(out.get(5)?.deviceStatus, 'failed');
  // A duplicate row repeats its device: it takes that device's outcome without shifting positions.
  assert.equal(out.get(6)?.deviceStatus, 'succeeded');

  const short = deviceOutcomes(job('finished', [{ status: 'finished' }]), rows, AT);
  assert.equal(short.get(4)?.deviceStatus, 'pending');
  assert.match(short.get(4)?.deviceError ?? '', /does not list device a/);
});

test('a job reported finished can still hold a failed device', () => {
  const rows = [{ index: 0, device: 'x' }, { index: 1, device: 'y' }];
  const out = deviceOutcomes(job('finished', [ok('x'), { deviceId: 'y', status: 'finished', errorCode: 'ZtdDeviceNotFound', errorDescription: 'not found' }]), rows, AT);
  assert.equal(out.get(0)?.deviceStatus, 'succeeded');
  assert.equal(out.get(1)?.deviceStatus, 'failed');
  assert.match(out.get(1)?.deviceError ?? '', /^ZtdDeviceNotFound: not found — .*[Uu]pload/);
});

test('in-progress, queued and unknown devices are pending; missing devices are pending', () => {
  const rows = [{ index: 0, device: 'x' }, { index: 1, device: 'y' }, { index: 2, device: 'z' }];
  const out = deviceOutcomes(job('processing', [busy('x'), { deviceId: 'y', status: 'unknown' }]), rows, AT);
  assert.deepEqual([...out.values()].map((o) => o.deviceStatus), ['pending', 'pending', 'pending']);
  assert.equal(out.get(2)?.deviceError, undefined, 'a job still running may simply not list it yet');
});

test('device status words', () => {
  const cases = [
    [{ status: 'finished' }, 'succeeded'],
    [{ status: 'Success' }, 'succeeded'],
    [{ status: 'finished', errorCode: 0 }, 'succeeded'],
    [{ status: 'finished', errorCode: '808' }, 'failed'],
    [{ status: 'FinishedWithErrors' }, 'failed'],
    [{ status: 'failed' }, 'failed'],
    [{ status: 'in-progress' }, 'pending'],
    [{ status: 'queued' }, 'pending'],
    [{ status: '' }, 'pending'],
  ] as const;
  for (const [entry, want] of cases) assert.equal(deviceStatusOf(entry), want, JSON.stringify(entry));
});

test('only finished and finished_with_errors jobs are done', () => {
  for (const s of ['finished', 'finished_with_errors', 'Finished', 'FINISHED_WITH_ERRORS']) assert.equal(isJobDone(s), true, s);
  for (const s of ['unknown', 'in-progress', 'queued', 'processing', '']) assert.equal(isJobDone(s), false, s);
});
