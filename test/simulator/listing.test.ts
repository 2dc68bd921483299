// Policies, device batches, and a batch's devices in pages: in the docs' shapes chained by
// MS-ContinuationToken, in the live service's (the default) by links.next, with what the captured listing
// shows (microsoft/Partner-Center-PowerShell issue 271) and nothing it lacks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Collection, ConfigurationPolicy, Device, DeviceBatch } from '../../src/partner-center/wire.js';
import { GENERIC_POLICIES } from '../../src/simulator/catalog.js';
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

test('documented shapes: policies come from the data, with the collection shape', async (t) => {
  const sim = await start(t, { data, shapes: 'documented' });
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

test('documented shapes: 250 devices come in 3 pages, each next one asked for with the MS-ContinuationToken header', async (t) => {
  const sim = await start(t, { data, shapes: 'documented' });
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
  const sim = await start(t, { data, shapes: 'documented' });
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
    shapes: 'documented',
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

test('real shapes (the default): policies and batches with links {}, devices with no hash or product key, an upload date, and a null profile for none', async (t) => {
  const sim = await start(t, {
    data: {
      customers: {
        [DOC_CUSTOMER]: {
          policies: data.customers[DOC_CUSTOMER].policies,
          batches: {
            b: [
              { id: 'd1', serialNumber: 'SN1', productKey: 'PK1', hardwareHash: 'T0Fh', modelName: 'X1', oemManufacturerName: 'Contoso' },
              // As a data file writes a profile assigned in the portal: by name, and in any case of key/value.
              { id: 'd2', serialNumber: 'SN2', policies: [{ Key: 'o_o_b_e', Value: 'Sales laptops' }] as unknown as Device['policies'] },
            ],
          },
        },
      },
    },
  });
  const policies = (await (await get(sim, `/customers/${DOC_CUSTOMER}/policies`)).json()) as Collection<ConfigurationPolicy> & { links?: unknown };
  assert.deepEqual(policies.links, {});
  const page = (await (await get(sim, `/customers/${DOC_CUSTOMER}/deviceBatches/b/devices`)).json()) as Collection<Device> & { links?: unknown };
  assert.deepEqual(page, {
    totalCount: 2,
    items: [
      { id: 'd1', serialNumber: 'SN1', modelName: 'X1', oemManufacturerName: 'Contoso', policies: [{ key: 'o_o_b_e', value: null }], uploadedDate: '2020-01-30T09:10:33.2417951+01:00', attributes: { objectType: 'Device' } },
      { id: 'd2', serialNumber: 'SN2', policies: [{ key: 'o_o_b_e', value: 'Sales laptops' }], uploadedDate: '2020-01-30T09:10:33.2417951+01:00', attributes: { objectType: 'Device' } },
    ],
    links: {},
    attributes: { objectType: 'Collection' },
  });
});

test('real shapes: 250 devices come in 3 pages chained by links.next, its path without /v1 and the token in its headers', async (t) => {
  const sim = await start(t, { data });
  let path: string | undefined = `/customers/${DOC_CUSTOMER}/deviceBatches/${encodeURIComponent(BATCH)}/devices`;
  let headers: Record<string, string> = {};
  const pages: Array<Collection<Device> & { links: { next?: { uri: string; method: string; headers: Array<{ key: string; value: string }> } } }> = [];
  while (path !== undefined && pages.length < 10) {
    const page = (await (await get(sim, path, headers)).json()) as (typeof pages)[number];
    pages.push(page);
    assert.equal(page.continuationToken, undefined, 'no continuationToken in the real shapes');
    const next = page.links.next;
    path = next?.uri;
    headers = Object.fromEntries((next?.headers ?? []).map((h) => [h.key.toLowerCase(), h.value]));
    if (next !== undefined) assert.ok(next.uri.startsWith('/customers/') && next.method === 'GET' && next.headers[0]?.key === 'MS-ContinuationToken', JSON.stringify(next));
  }
  assert.deepEqual(pages.map((p) => p.items.length), [100, 100, 50]);
  assert.deepEqual(pages.flatMap((p) => p.items.map((d) => d.id)), devices.map((d) => d.id));
});

test('paging endless: past its devices a batch names a new next page forever, each with devices that never were', async (t) => {
  const sim = await start(t, { data, paging: 'endless', pageSize: 100 });
  let headers: Record<string, string> = {};
  const path = `/customers/${DOC_CUSTOMER}/deviceBatches/${encodeURIComponent(BATCH)}/devices`;
  const tokens = new Set<string>();
  for (let n = 0; n < 6; n++) {
    const page = (await (await get(sim, n === 0 ? path : `${path}?seekOperation=Next`, headers)).json()) as Collection<Device> & { links: { next: { headers: Array<{ value: string }> } } };
    assert.equal(page.items.length, 100);
    const token = page.links.next.headers[0]?.value ?? '';
    assert.ok(!tokens.has(token), 'each next page is new');
    tokens.add(token);
    headers = { 'ms-continuationtoken': token };
  }
});
