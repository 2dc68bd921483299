// Policies, device batches, and a batch's devices in pages chained by MS-ContinuationToken.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Collection, ConfigurationPolicy, Device, DeviceBatch } from '../../src/partner-center/wire.js';
import { GENERIC_POLICIES } from '../../src/simulator/index.js';
import { DOC_CUSTOMER, DOC_POLICY, get, manualClock, patch, start, updateBody } from './harness.js';

const BATCH = 'Contoso / Q3 laptops';
const devices: Device[] = Array.from({ length: 250 }, (_, i) => ({ id: `dev-${i}`, serialNumber: `SN${i}` }));
const data = {
  customers: {
    [DOC_CUSTOMER]: {
      policies: [{ id: '15a04610-9229-4e80-94e0-0e826a09c9e2', name: 'Sales laptops', category: 'o_o_b_e' }],
      batches: { [BATCH]: devices, empty: [] },
    },
  },
};

test('policies come from the data, with the collection shape', async (t) => {
  const sim = await start(t, { data });
  const body = (await (await get(sim, `/customers/${DOC_CUSTOMER}/policies`)).json()) as Collection<ConfigurationPolicy>;
  assert.deepEqual(body, {
    totalCount: 1,
    items: data.customers[DOC_CUSTOMER].policies,
    attributes: { objectType: 'Collection' },
  });
});

test('data that names customers names all of them: any other is 404 on every route, as the service answers a tenant that is not yours', async (t) => {
  const sim = await start(t, { data });
  const other = '0b1c2d3e-4f50-4617-8283-94a5b6c7d8e9';
  for (const path of [`/customers/${other}/policies`, `/customers/${other}/deviceBatches`]) {
    const answer = await get(sim, path);
    assert.equal(answer.status, 404, path);
    assert.deepEqual(await answer.json(), { code: 'CustomerNotFound', description: `Customer ${other} was not found.`, data: [], source: 'PartnerFD' });
  }
  const update = await patch(sim, updateBody(['dev-1']), { customer: other });
  assert.equal(update.status, 404);
});

test('a bare simulator (data naming no customer) serves any customer, with generic policies', async (t) => {
  const sim = await start(t, {});
  const other = '0b1c2d3e-4f50-4617-8283-94a5b6c7d8e9';
  const body = (await (await get(sim, `/customers/${other}/policies`)).json()) as Collection<ConfigurationPolicy>;
  assert.deepEqual(body.items, GENERIC_POLICIES);
});

test('device batches list their IDs and device counts', async (t) => {
  const sim = await start(t, { data });
  const body = (await (await get(sim, `/customers/${DOC_CUSTOMER}/deviceBatches`)).json()) as Collection<DeviceBatch>;
  assert.deepEqual(body.items, [
    { id: BATCH, devicesCount: 250 },
    { id: 'empty', devicesCount: 0 },
  ]);
});

test('250 devices come in 3 pages, each next one asked for with the MS-ContinuationToken header', async (t) => {
  const sim = await start(t, { data });
  const path = `/customers/${DOC_CUSTOMER}/deviceBatches/${encodeURIComponent(BATCH)}/devices`;
  const pages: Collection<Device>[] = [];
  let token: string | undefined;
  do {
    const res = await get(sim, path, token === undefined ? {} : { 'ms-continuationtoken': token });
    assert.equal(res.status, 200);
    const page = (await res.json()) as Collection<Device>;
    pages.push(page);
    token = page.continuationToken;
  } while (token !== undefined && pages.length < 10);

  assert.deepEqual(pages.map((p) => p.items.length), [100, 100, 50]);
  assert.deepEqual(pages.flatMap((p) => p.items), devices);
  assert.ok(pages[0]?.continuationToken && pages[1]?.continuationToken);
  assert.equal(pages[2]?.continuationToken, undefined);
  // The token travelled in the header, never in the URL.
  assert.ok(sim.requests.every((r) => r.path === `/v1${path}`));
  assert.deepEqual(
    sim.requests.map((r) => r.headers['ms-continuationtoken']),
    [undefined, pages[0]?.continuationToken, pages[1]?.continuationToken],
  );
});

test('an empty batch is one empty page; an unknown batch 404; a bad token 400', async (t) => {
  const sim = await start(t, { data });
  const empty = (await (await get(sim, `/customers/${DOC_CUSTOMER}/deviceBatches/empty/devices`)).json()) as Collection<Device>;
  assert.deepEqual([empty.items, empty.continuationToken], [[], undefined]);
  assert.equal((await get(sim, `/customers/${DOC_CUSTOMER}/deviceBatches/nope/devices`)).status, 404);
  const bad = await get(sim, `/customers/${DOC_CUSTOMER}/deviceBatches/empty/devices`, { 'ms-continuationtoken': 'garbage' });
  assert.equal(bad.status, 400);
});

test('a finished policy update shows in the device listing; one still running, or failed, does not', async (t) => {
  const clock = manualClock();
  const other = '9ab79dc7-6858-4998-a1a0-c1e008d78b8c';
  const sim = await start(t, {
    now: clock.now,
    jobStepMs: 1000,
    jobSteps: 2,
    data: {
      customers: { [DOC_CUSTOMER]: { policies: [{ id: DOC_POLICY, name: 'Sales' }, { id: other, name: 'Kiosk' }], batches: { b: [{ id: 'd1' }, { id: 'd2' }, { id: 'd3' }] } } },
      deviceErrors: { d3: { errorCode: '806', errorDescription: 'ZtdDeviceAlreadyAssigned' } },
    },
  });
  const policiesOf = async (): Promise<Record<string, unknown>> => {
    const body = (await (await get(sim, `/customers/${DOC_CUSTOMER}/deviceBatches/b/devices`)).json()) as Collection<Device>;
    return Object.fromEntries(body.items.map((d) => [d.id, d.policies ?? null]));
  };
  assert.equal((await patch(sim, updateBody(['d1', 'd3']))).status, 202);
  clock.advance(1500);
  assert.deepEqual(await policiesOf(), { d1: null, d2: null, d3: null }, 'still processing: nothing changed yet');
  clock.advance(1000);
  assert.equal((await patch(sim, updateBody(['d1'], other))).status, 202);
  assert.deepEqual(await policiesOf(), { d1: [{ key: 'o_o_b_e', value: DOC_POLICY }], d2: null, d3: null }, 'd3 failed in its job');
  clock.advance(5000);
  assert.deepEqual((await policiesOf())['d1'], [{ key: 'o_o_b_e', value: other }], 'the later update wins');
});
