// What the live service and its docs were seen to answer (SPEC §1), each response in its own file under
// test/contract/captures/ with its source, served over loopback to the real client and read on through
// the resolution index and the upload reader. A response captured later is added as one more file:
// README.md in this folder says how.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { DeviceRegistration } from '../../src/partner-center/contract.js';
import { isPartnerCenterError } from '../../src/partner-center/errors.js';
import type { Device } from '../../src/partner-center/wire.js';
import type { DeviceIdentifiers } from '../../src/model.js';
import { carriesPolicy, DeviceIndex } from '../../src/resolve/device-index.js';
import { matchUploadEntries, uploadOutcome } from '../../src/register/upload-outcomes.js';
import { isJobDone } from '../../src/track/device-outcome.js';
import { ROOT } from '../helpers/paths.js';
import { CUSTOMER, makeClient } from '../partner-center/client-kit.js';
import { startTestServer, type ScriptedResponse } from '../partner-center/http-test-server.js';

interface Capture {
  source: string;
  sourceUrl: string;
  call:
    | { kind: 'listBatchDevices'; batch: string }
    | { kind: 'updateDevicePolicies'; customer: string }
    | { kind: 'uploadStatus'; uploaded: DeviceRegistration[] };
  responses: Array<{ status: number; headers?: Record<string, string>; body?: unknown; bodyText?: string }>;
  expect: {
    devices?: Device[];
    carries?: Array<{ device: string; policyId: string; policyName: string; carried: boolean }>;
    finds?: Array<{ find: DeviceIdentifiers; device: string | null }>;
    requests?: Array<{ path: string; continuationToken?: string }>;
    accepted?: { path: string; trackingId: string; status: number };
    error?: { status: number; code?: string; description: string; data: string[]; retryAfterMs?: number };
    jobStatus?: string;
    outcomes?: Array<{ kind: string; errorCode?: string }>;
  };
}

const FOLDER = join(ROOT, 'test', 'contract', 'captures');
const files = readdirSync(FOLDER).filter((f) => f.endsWith('.json')).sort();

test('the contract folder holds the responses SPEC §1 quotes, each naming its source', () => {
  assert.ok(files.length >= 7, files.join(', '));
  for (const file of files) {
    const capture = JSON.parse(readFileSync(join(FOLDER, file), 'utf8')) as Capture;
    assert.ok(capture.source.length > 40 && /^https:\/\//.test(capture.sourceUrl), `${file} names its source`);
  }
});

for (const file of files) {
  const capture = JSON.parse(readFileSync(join(FOLDER, file), 'utf8')) as Capture;
  test(`contract ${file}: ${capture.source.slice(0, 90)}…`, async (t) => {
    const script: ScriptedResponse[] = capture.responses.map((r) => ({
      status: r.status,
      ...(r.headers === undefined ? {} : { headers: r.headers }),
      ...(r.bodyText !== undefined ? { body: r.bodyText, headers: { 'Content-Type': 'application/json', ...r.headers } } : r.body === undefined ? {} : { body: r.body as object }),
    }));
    const server = await startTestServer(t, script);
    // No retries: a 429 or 5xx is to be read, not waited out.
    const { client } = makeClient(server.url, { maxRetries: 0 });
    const { call, expect } = capture;
    switch (call.kind) {
      case 'listBatchDevices': {
        const devices = await client.listBatchDevices(CUSTOMER, call.batch);
        assert.deepEqual(devices, expect.devices);
        const index = new DeviceIndex();
        index.addBatch(devices, call.batch);
        for (const c of expect.carries ?? []) {
          const device = index.get(c.device);
          assert.ok(device !== undefined, c.device);
          assert.equal(carriesPolicy(device, c.policyId, [c.policyName]), c.carried, JSON.stringify(c));
        }
        for (const f of expect.finds ?? []) {
          const match = index.find(f.find);
          assert.equal(match.kind === 'found' ? match.deviceId : null, f.device, JSON.stringify(f.find));
        }
        if (expect.requests !== undefined) {
          assert.deepEqual(
            server.requests.map((r) => ({ path: r.path, ...(r.headers['ms-continuationtoken'] === undefined ? {} : { continuationToken: r.headers['ms-continuationtoken'] }) })),
            expect.requests,
          );
        }
        break;
      }
      case 'updateDevicePolicies': {
        const sent = client.updateDevicePolicies(call.customer, [{ deviceId: '9993-8627-3608-6844-6369-4361-72', policyId: '15a04610-9229-4e80-94e0-0e826a09c9e2' }], { requestId: '1b658428-5afa-46d4-af86-c9c6af5634e2' });
        if (expect.accepted !== undefined) {
          const result = await sent;
          assert.deepEqual([result.batchJobUri, result.trackingId, result.status], [`${server.url}${expect.accepted.path}`, expect.accepted.trackingId, expect.accepted.status]);
        } else {
          const want = expect.error;
          await assert.rejects(sent, (error: unknown) => {
            assert.ok(isPartnerCenterError(error) && error.kind === 'http');
            assert.deepEqual(
              { status: error.status, code: error.code, description: error.description, data: [...error.data], ...(want?.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }) },
              want,
            );
            return true;
          });
        }
        break;
      }
      case 'uploadStatus': {
        const status = await client.getBatchJobStatus(`/customers/${CUSTOMER}/batchJobStatus/t1`);
        assert.equal(status.status, expect.jobStatus);
        const items = call.uploaded.map((device, index) => ({ index, rowNumber: index + 2, device, key: `k${index}`, label: `d${index}` }));
        const matched = matchUploadEntries(items, status.devicesStatus);
        const outcomes = items.map((item) => {
          const outcome = uploadOutcome(matched.get(item.index), isJobDone(status.status));
          return outcome.kind === 'refused' ? { kind: outcome.kind, errorCode: outcome.errorCode } : { kind: outcome.kind };
        });
        assert.deepEqual(outcomes, expect.outcomes);
        break;
      }
    }
  });
}
