// DevicePolicyUpdates as the service answers it: the documented example, auth, validation, idempotency.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BatchJobStatus, PartnerCenterErrorBody } from '../../src/partner-center/wire.js';
import {
  DOC_BODY,
  DOC_CORRELATION_ID,
  DOC_CUSTOMER,
  DOC_POLICY,
  DOC_REQUEST_ID,
  TOKEN,
  get,
  patch,
  start,
  updateBody,
} from './harness.js';

test('the documented request example is accepted as it is, and its job can be read at {url}/v1 + Location', async (t) => {
  const sim = await start(t);
  const res = await patch(sim, DOC_BODY, {
    headers: { 'ms-requestid': DOC_REQUEST_ID, 'ms-correlationid': DOC_CORRELATION_ID },
  });
  assert.equal(res.status, 202);
  assert.equal(await res.text(), '');
  const location = res.headers.get('location') ?? '';
  assert.match(location, new RegExp(`^/customers/${DOC_CUSTOMER}/batchJobStatus/[0-9a-f-]{36}$`));
  assert.equal(res.headers.get('ms-requestid'), DOC_REQUEST_ID);
  assert.equal(res.headers.get('ms-correlationid'), DOC_CORRELATION_ID);
  assert.ok(res.headers.get('ms-cv'));

  const job = await fetch(`${sim.url}/v1${location}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  assert.equal(job.status, 200);
  const status = (await job.json()) as BatchJobStatus;
  assert.equal(status.batchTrackingId, location.split('/').pop());
  assert.deepEqual(
    status.devicesStatus.map((d) => d.deviceId),
    ['9993-8627-3608-6844-6369-4361-72'],
  );
});

test('Authorization is recorded as Bearer *** and the token is kept nowhere', async (t) => {
  const sim = await start(t);
  await patch(sim, DOC_BODY);
  assert.equal(sim.requests.length, 1);
  const [recorded] = sim.requests;
  assert.equal(recorded?.headers.authorization, 'Bearer ***');
  assert.equal(recorded?.status, 202);
  assert.equal(recorded?.method, 'PATCH');
  assert.equal(recorded?.path, `/v1/customers/${DOC_CUSTOMER}/DevicePolicyUpdates`);
  assert.deepEqual(recorded?.body, JSON.parse(DOC_BODY));
  assert.ok(!JSON.stringify(sim.requests).includes(TOKEN));
});

test('401 with a Partner Center error body without a bearer, or with another token than the expected one', async (t) => {
  const sim = await start(t, { token: TOKEN });
  const url = `${sim.url}/v1/customers/${DOC_CUSTOMER}/policies`;
  for (const authorization of [undefined, 'Bearer ', 'Basic abc', 'Bearer not-the-token']) {
    const res = await fetch(url, { headers: authorization === undefined ? {} : { authorization } });
    assert.equal(res.status, 401, String(authorization));
    const body = (await res.json()) as PartnerCenterErrorBody;
    assert.deepEqual({ ...body, description: '' }, { code: 'Unauthorized', description: '', data: [], source: 'PartnerFD' });
  }
  assert.equal((await get(sim, `/customers/${DOC_CUSTOMER}/policies`)).status, 200);
});

test('without an expected token, any non-empty bearer is accepted', async (t) => {
  const sim = await start(t);
  const res = await fetch(`${sim.url}/v1/customers/${DOC_CUSTOMER}/policies`, {
    headers: { authorization: 'Bearer anything' },
  });
  assert.equal(res.status, 200);
});

const OTHER_POLICY = '0f4a3b2c-1d0e-4f9a-8b7c-6d5e4f3a2b1c';
const invalid: Array<{ name: string; body: string; customer?: string; status: number; code: string; names?: string }> = [
  { name: 'non-GUID customer', body: DOC_BODY, customer: 'contoso.onmicrosoft.com', status: 400, code: 'InvalidCustomerId' },
  { name: 'body not JSON', body: '{"Devices":[', status: 400, code: 'InvalidRequestBody' },
  { name: 'no Devices array', body: '{"Attributes":{}}', status: 400, code: 'MissingDevices' },
  { name: 'empty Devices', body: '{"Devices":[]}', status: 400, code: 'MissingDevices' },
  { name: 'device without Id', body: '{"Devices":[{"Policies":[]}]}', status: 400, code: 'MissingDeviceId' },
  { name: 'missing Policies', body: '{"Devices":[{"Id":"dev-7"}]}', status: 400, code: 'MissingPolicies', names: 'dev-7' },
  {
    name: 'no o_o_b_e entry',
    body: JSON.stringify({ Devices: [{ Id: 'dev-8', Policies: [{ Key: 'other', Value: DOC_POLICY }] }] }),
    status: 400,
    code: 'MissingOobePolicy',
    names: 'dev-8',
  },
  {
    name: 'two o_o_b_e entries',
    body: JSON.stringify({
      Devices: [{ Id: 'dev-9', Policies: [{ Key: 'o_o_b_e', Value: DOC_POLICY }, { Key: 'o_o_b_e', Value: DOC_POLICY }] }],
    }),
    status: 400,
    code: 'DuplicateOobePolicy',
    names: 'dev-9',
  },
  { name: 'policy value not a GUID', body: updateBody(['dev-10'], 'Sales laptops'), status: 400, code: 'InvalidPolicyId', names: 'dev-10' },
  { name: 'a policy the customer lacks', body: updateBody(['dev-11'], OTHER_POLICY), status: 400, code: 'PolicyNotFound', names: 'dev-11' },
  // The service answers an empty Policies list with a 500, not a 400 (SPEC §1).
  { name: 'empty Policies', body: '{"Devices":[{"Id":"dev-12","Policies":[]}]}', status: 500, code: 'InternalServerError' },
];

for (const c of invalid) {
  test(`rejects ${c.name} with ${c.status} ${c.code}`, async (t) => {
    const sim = await start(t, {
      data: { customers: { [DOC_CUSTOMER]: { policies: [{ id: DOC_POLICY, name: 'Doc profile' }] } } },
    });
    const res = await patch(sim, c.body, c.customer === undefined ? {} : { customer: c.customer });
    assert.equal(res.status, c.status);
    const body = (await res.json()) as PartnerCenterErrorBody;
    assert.equal(body.code, c.code);
    assert.equal(body.source, 'PartnerFD');
    assert.deepEqual(body.data, []);
    if (c.names) assert.match(body.description, new RegExp(c.names));
    assert.equal(sim.jobs().length, 0);
  });
}

test('a customer the data marks unknown gets 404', async (t) => {
  const sim = await start(t, { data: { customers: {}, unknownCustomers: [DOC_CUSTOMER.toUpperCase()] } });
  const res = await patch(sim, DOC_BODY);
  assert.equal(res.status, 404);
  assert.equal(((await res.json()) as PartnerCenterErrorBody).code, 'CustomerNotFound');
});

test('a retry with the same MS-RequestId gets the same Location and creates no second job', async (t) => {
  const sim = await start(t);
  const send = (requestId: string): Promise<Response> =>
    patch(sim, updateBody(['a', 'b']), { headers: { 'ms-requestid': requestId } });
  const first = await send(DOC_REQUEST_ID);
  const retry = await send(DOC_REQUEST_ID);
  const other = await send('2c769539-6b0b-47e7-b097-d0d7b7746bf3');
  assert.deepEqual([first.status, retry.status, other.status], [202, 202, 202]);
  assert.equal(retry.headers.get('location'), first.headers.get('location'));
  assert.notEqual(other.headers.get('location'), first.headers.get('location'));
  assert.equal(sim.jobs().length, 2);
  assert.deepEqual(
    { accepted: sim.stats().accepted, jobs: sim.stats().jobs, replays: sim.stats().replays },
    { accepted: 3, jobs: 2, replays: 1 },
  );
  const distinctDevices = new Set(sim.jobs().flatMap((j) => j.devices.map((d) => d.deviceId)));
  assert.deepEqual([...distinctDevices], ['a', 'b']);
});

test('unknown routes answer 404 and a wrong method 405 with Allow', async (t) => {
  const sim = await start(t);
  assert.equal((await get(sim, `/customers/${DOC_CUSTOMER}/nothing`)).status, 404);
  const wrong = await get(sim, `/customers/${DOC_CUSTOMER}/DevicePolicyUpdates`);
  assert.equal(wrong.status, 405);
  assert.equal(wrong.headers.get('allow'), 'PATCH');
});
