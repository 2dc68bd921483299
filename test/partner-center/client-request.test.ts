// The requests the client sends (SPEC §1, field for field) and how it reads the answers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { batchJobUriFromLocation, isInvalidBatchJobUriError, linkFromBody, trackingIdOf } from '../../src/partner-center/batch-job-uri.js';
import { normalizeEndpoint } from '../../src/partner-center/client.js';
import { isPartnerCenterError, isUnsafeEndpointError } from '../../src/partner-center/errors.js';
import { VERSION } from '../../src/package/version.js';
import { CORRELATION_ID, CUSTOMER, ONE_DEVICE, POLICY, REQUEST_ID, TOKEN, accepted, makeClient } from './client-kit.js';
import { startTestServer } from './http-test-server.js';

test('updateDevicePolicies sends exactly the request of SPEC §1', async (t) => {
  const server = await startTestServer(t, [accepted()]);
  const { client } = makeClient(server.url);

  const result = await client.updateDevicePolicies(CUSTOMER, ONE_DEVICE, { requestId: REQUEST_ID });

  assert.equal(server.requests.length, 1);
  const [request] = server.requests;
  assert.ok(request);
  assert.equal(request.method, 'PATCH');
  assert.equal(request.path, `/v1/customers/${CUSTOMER}/DevicePolicyUpdates`);
  assert.equal(request.headers.authorization, `Bearer ${TOKEN}`);
  assert.equal(request.headers.accept, 'application/json');
  assert.equal(request.headers['content-type'], 'application/json');
  assert.equal(request.headers['ms-requestid'], REQUEST_ID);
  assert.equal(request.headers['ms-correlationid'], CORRELATION_ID);
  assert.equal(request.headers['ms-partnercenter-application'], `device-policy/${VERSION}`);
  assert.equal(request.headers['x-locale'], 'en-US');
  assert.deepEqual(JSON.parse(request.body), {
    Devices: [{ Id: '9993-8627-3608-6844-6369-4361-72', Policies: [{ Key: 'o_o_b_e', Value: POLICY }] }],
    Attributes: { ObjectType: 'DevicePolicyUpdateRequest' },
  });

  assert.deepEqual(result, {
    batchJobUri: `${server.url}/v1/customers/${CUSTOMER}/batchJobStatus/a15f3996-620a-4404-9f1f-4c2de78de0de`,
    trackingId: 'a15f3996-620a-4404-9f1f-4c2de78de0de',
    status: 202,
    requestId: REQUEST_ID,
    correlationId: CORRELATION_ID,
    msCv: 'cv.1',
  });
});

test('every device gets exactly one o_o_b_e entry, in order', async (t) => {
  const server = await startTestServer(t, [accepted()]);
  const { client } = makeClient(server.url);
  const devices = ['A-1', 'B 2', 'c/3'].map((deviceId) => ({ deviceId, policyId: POLICY }));

  await client.updateDevicePolicies(CUSTOMER, devices, { requestId: REQUEST_ID });

  const body = JSON.parse(server.requests[0]?.body ?? '') as { Devices: Array<{ Id: string; Policies: unknown[] }> };
  assert.deepEqual(body.Devices.map((d) => d.Id), ['A-1', 'B 2', 'c/3']);
  for (const device of body.Devices) assert.deepEqual(device.Policies, [{ Key: 'o_o_b_e', Value: POLICY }]);
});

test('an empty device list or an empty policy is refused before anything is sent', async (t) => {
  const server = await startTestServer(t, [accepted()]);
  const { client } = makeClient(server.url);
  await assert.rejects(client.updateDevicePolicies(CUSTOMER, [], { requestId: REQUEST_ID }), RangeError);
  await assert.rejects(client.updateDevicePolicies(CUSTOMER, [{ deviceId: 'X', policyId: '' }], { requestId: REQUEST_ID }), RangeError);
  assert.equal(server.requests.length, 0);
});

test('the Location header becomes {base}/v1 + Location, whatever its form', () => {
  const base = 'https://api.partnercenter.microsoft.com';
  const cases = [
    ['/customers/c/batchJobStatus/t', `${base}/v1/customers/c/batchJobStatus/t`],
    ['/v1/customers/c/batchJobStatus/t', `${base}/v1/customers/c/batchJobStatus/t`],
    ['customers/c/batchJobStatus/t', `${base}/v1/customers/c/batchJobStatus/t`],
    ['https://other.example/v1/customers/c/batchJobStatus/t', 'https://other.example/v1/customers/c/batchJobStatus/t'],
  ] as const;
  for (const [location, expected] of cases) assert.equal(batchJobUriFromLocation(base, location), expected, location);
  assert.equal(trackingIdOf(`${base}/v1/customers/c/batchJobStatus/a15f3996`), 'a15f3996');
});

test('a 200 without Location is accepted with the link from its body', async (t) => {
  const bodies = [
    { batchJobUri: `/customers/${CUSTOMER}/batchJobStatus/t1` },
    { location: `/v1/customers/${CUSTOMER}/batchJobStatus/t2` },
    { links: { self: { uri: `/customers/${CUSTOMER}/batchJobStatus/t3`, method: 'GET' } } },
  ];
  const server = await startTestServer(t, bodies.map((body) => ({ status: 200, body: `\uFEFF${JSON.stringify(body)}` })));
  const { client } = makeClient(server.url);
  for (const trackingId of ['t1', 't2', 't3']) {
    const result = await client.updateDevicePolicies(CUSTOMER, ONE_DEVICE, { requestId: REQUEST_ID });
    assert.equal(result.status, 200);
    assert.equal(result.batchJobUri, `${server.url}/v1/customers/${CUSTOMER}/batchJobStatus/${trackingId}`);
    assert.equal(result.trackingId, trackingId);
  }
  assert.equal(linkFromBody({ links: { next: { uri: '/x' }, status: { uri: '/customers/c/batchJobStatus/t' } } }), '/customers/c/batchJobStatus/t');
});

test('a success with no link at all is a protocol error', async (t) => {
  const server = await startTestServer(t, [{ status: 202 }]);
  const { client } = makeClient(server.url);
  await assert.rejects(client.updateDevicePolicies(CUSTOMER, ONE_DEVICE, { requestId: REQUEST_ID }), (e: unknown) => {
    assert.ok(isPartnerCenterError(e));
    assert.equal(e.kind, 'protocol');
    assert.equal(e.status, 202);
    assert.equal(e.requestId, REQUEST_ID);
    return true;
  });
});

test('a batch-job URI that is no URI is a typed protocol error, and nothing is sent', async (t) => {
  const server = await startTestServer(t, [{ status: 200, body: { status: 'finished' } }]);
  const { client } = makeClient(server.url);
  // A broken %-escape (decodeURIComponent threw a URIError) and a broken host (new URL threw a TypeError).
  for (const uri of [`${server.url}/v1/customers/%ZZ/batchJobStatus/x`, `${server.url}/v1/customers/c/batchJobStatus/%E0%A4%A`, 'http://[bad/x']) {
    await assert.rejects(client.getBatchJobStatus(uri), (e: unknown) => {
      assert.ok(isInvalidBatchJobUriError(e), String(e));
      assert.equal(e.kind, 'protocol');
      assert.equal(e.message, `not a valid batch job URI: ${uri}`);
      assert.equal(e.batchJobUri, uri);
      return true;
    });
  }
  assert.equal(server.requests.length, 0);
});

test('an accepted update whose link is no URI is a protocol error naming the request', async (t) => {
  const server = await startTestServer(t, [{ status: 202, headers: { Location: `/customers/${CUSTOMER}/batchJobStatus/%ZZ` } }]);
  const { client } = makeClient(server.url);
  await assert.rejects(client.updateDevicePolicies(CUSTOMER, ONE_DEVICE, { requestId: REQUEST_ID }), (e: unknown) => {
    assert.ok(isPartnerCenterError(e));
    assert.equal(e.kind, 'protocol');
    assert.equal(e.status, 202);
    assert.equal(e.requestId, REQUEST_ID);
    assert.match(e.message, /answered 202 but its batch-job link is not a valid URI: \/customers\/.*\/%ZZ$/);
    return true;
  });
});

test('getBatchJobStatus reads a BOM-prefixed status and keeps devicesStatus', async (t) => {
  const status = {
    batchTrackingId: 't1',
    status: 'finished',
    devicesStatus: [{ deviceId: 'D1', status: 'finished_with_errors', errorCode: 808, errorDescription: 'ZtdDeviceAssignedToOtherTenant' }],
  };
  const server = await startTestServer(t, [{ status: 200, body: `\uFEFF${JSON.stringify(status)}` }, { status: 200, body: { batchTrackingId: 't2', status: 'queued' } }]);
  const { client } = makeClient(server.url);

  assert.deepEqual(await client.getBatchJobStatus(`${server.url}/v1/customers/${CUSTOMER}/batchJobStatus/t1`), status);
  // A relative Location (as the service gives it) is accepted too, and a missing list reads as empty.
  assert.deepEqual((await client.getBatchJobStatus(`/customers/${CUSTOMER}/batchJobStatus/t2`)).devicesStatus, []);
  assert.equal(server.requests[0]?.method, 'GET');
  assert.equal(server.requests[0]?.path, `/v1/customers/${CUSTOMER}/batchJobStatus/t1`);
  assert.equal(server.requests[1]?.path, `/v1/customers/${CUSTOMER}/batchJobStatus/t2`);
  assert.equal(server.requests[0]?.headers['content-type'], undefined);
});

test('getBatchJobStatus: a null devicesStatus reads as none; an answer of the wrong shape is a protocol error saying what was wrong', async (t) => {
  const bodies = [
    { body: { batchTrackingId: 't', status: 'queued', devicesStatus: null }, problem: undefined },
    { body: ['finished'], problem: 'expected a batch job status object, got an array' },
    { body: { batchTrackingId: 't', devicesStatus: [] }, problem: `expected the batch job's "status" to be a string, got nothing` },
    { body: { batchTrackingId: 't', status: 3, devicesStatus: [] }, problem: `expected the batch job's "status" to be a string, got a number` },
    { body: { batchTrackingId: 't', status: 'finished', devicesStatus: { D1: 'finished' } }, problem: `expected the batch job's "devicesStatus" to be an array, got an object` },
    { body: { batchTrackingId: 't', status: 'finished', devicesStatus: [{ deviceId: 'D1', status: 'finished' }, 'D2'] }, problem: 'expected devicesStatus[1] to be an object with a string "status", got a string' },
    { body: { batchTrackingId: 't', status: 'finished', devicesStatus: [{ deviceId: 'D1', status: 808 }] }, problem: 'expected devicesStatus[0] to be an object with a string "status", got a "status" that is a number' },
  ];
  const server = await startTestServer(t, bodies.map(({ body }) => ({ status: 200, body })));
  const { client } = makeClient(server.url);
  for (const { body, problem } of bodies) {
    const reading = client.getBatchJobStatus(`/customers/${CUSTOMER}/batchJobStatus/t`);
    if (problem === undefined) {
      assert.deepEqual(await reading, { batchTrackingId: 't', status: 'queued', devicesStatus: [] });
      continue;
    }
    await assert.rejects(reading, (e: unknown) => {
      assert.ok(isPartnerCenterError(e), JSON.stringify(body));
      assert.equal(e.kind, 'protocol');
      assert.equal(e.status, 200);
      assert.ok(e.message.endsWith(`answered 200 but ${problem}`), e.message);
      return true;
    });
  }
});

test('normalizeEndpoint: the default when none is given, no trailing slash, and only where a token may go', () => {
  assert.equal(normalizeEndpoint(undefined), 'https://api.partnercenter.microsoft.com');
  assert.equal(normalizeEndpoint(' https://pc.example/// '), 'https://pc.example');
  assert.equal(normalizeEndpoint('http://127.0.0.1:8080/'), 'http://127.0.0.1:8080');
  assert.throws(() => normalizeEndpoint('http://pc.example/'), isUnsafeEndpointError);
});

test('an endpoint given with a trailing slash makes no "//" in request paths or batch-job URIs', async (t) => {
  const server = await startTestServer(t, [accepted('t1')]);
  const { client } = makeClient(`${server.url}//`);
  const result = await client.updateDevicePolicies(CUSTOMER, ONE_DEVICE, { requestId: REQUEST_ID });
  assert.equal(server.requests[0]?.path, `/v1/customers/${CUSTOMER}/DevicePolicyUpdates`);
  assert.equal(result.batchJobUri, `${server.url}/v1/customers/${CUSTOMER}/batchJobStatus/t1`);
});

test('listBatchDevices follows continuationToken through MS-ContinuationToken and returns every device', async (t) => {
  const pages = [
    { items: Array.from({ length: 100 }, (_, i) => ({ id: `d${i}` })), continuationToken: 'page-2 token' },
    { items: Array.from({ length: 100 }, (_, i) => ({ id: `d${100 + i}` })), continuationToken: 'page-3 token' },
    { items: [{ id: 'd200' }, { id: 'd201' }] },
  ];
  const server = await startTestServer(t, pages.map((body) => ({ status: 200, body })));
  const { client } = makeClient(server.url);

  const devices = await client.listBatchDevices(CUSTOMER, 'Batch #1/2024');

  assert.equal(devices.length, 202);
  assert.deepEqual(devices.map((d) => d.id), Array.from({ length: 202 }, (_, i) => `d${i}`));
  assert.equal(server.requests.length, 3);
  for (const request of server.requests) {
    assert.equal(request.path, `/v1/customers/${CUSTOMER}/deviceBatches/Batch%20%231%2F2024/devices`);
  }
  assert.deepEqual(server.requests.map((r) => r.headers['ms-continuationtoken']), [undefined, 'page-2 token', 'page-3 token']);
  // Each page is its own request, with its own idempotency key.
  assert.equal(new Set(server.requests.map((r) => r.headers['ms-requestid'])).size, 3);
});

test('a repeated continuation token ends paging with a protocol error instead of looping', async (t) => {
  const server = await startTestServer(t, () => ({ status: 200, body: { items: [{ id: 'd' }], continuationToken: 'same' } }));
  const { client } = makeClient(server.url);
  await assert.rejects(client.listBatchDevices(CUSTOMER, 'b'), (e: unknown) => isPartnerCenterError(e) && e.kind === 'protocol');
  assert.equal(server.requests.length, 2);
});

test('listPolicies and listDeviceBatches return the collection items', async (t) => {
  const policies = [{ id: POLICY, name: 'Kiosk', category: 'o_o_b_e' }];
  const batches = [{ id: 'batch one', devicesCount: 3 }];
  const server = await startTestServer(t, [
    { status: 200, body: { totalCount: 1, items: policies, attributes: { objectType: 'Collection' } } },
    { status: 200, body: `\uFEFF${JSON.stringify({ totalCount: 1, items: batches })}` },
  ]);
  const { client } = makeClient(server.url);
  assert.deepEqual(await client.listPolicies(CUSTOMER), policies);
  assert.deepEqual(await client.listDeviceBatches(CUSTOMER), batches);
  assert.deepEqual(server.requests.map((r) => `${r.method} ${r.path}`), [`GET /v1/customers/${CUSTOMER}/policies`, `GET /v1/customers/${CUSTOMER}/deviceBatches`]);
});
