// Following a listing's pages (SPEC §1): links.next (its URI on the endpoint's host only, its headers
// sent), else continuationToken; and never forever (SPEC §2 Safety): a token or link seen twice, an
// empty page naming another, or more pages than the listing's count fills, each ends it with an error.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPartnerCenterError } from '../../src/partner-center/errors.js';
import { CUSTOMER, makeClient } from './client-kit.js';
import { startTestServer, type ReceivedRequest, type ScriptedResponse } from './http-test-server.js';

const BATCH = 'Contoso / Q3';
const DEVICES_PATH = `/v1/customers/${CUSTOMER}/deviceBatches/${encodeURIComponent(BATCH)}/devices`;

function devices(from: number, count: number): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_, i) => ({ id: `dev-${from + i}`, serialNumber: `SN${from + i}` }));
}

/** The links.next of SPEC §1: a path without /v1, the token in a header. */
function nextLink(token: string, uri = `/customers/${CUSTOMER}/deviceBatches/${encodeURIComponent(BATCH)}/devices?seekOperation=Next`): object {
  return { next: { uri, method: 'GET', headers: [{ key: 'MS-ContinuationToken', value: token }] } };
}

test('links.next is followed to pages 2 and 3, with its headers, on the endpoint (its path given without /v1)', async (t) => {
  const server = await startTestServer(t, [
    { body: { totalCount: 100, items: devices(0, 100), links: nextLink('t-2'), attributes: { objectType: 'Collection' } } },
    { body: { totalCount: 100, items: devices(100, 100), links: nextLink('t-3') } },
    { body: { totalCount: 5, items: devices(200, 5), links: {} } },
  ]);
  const { client } = makeClient(server.url);
  const listed = await client.listBatchDevices(CUSTOMER, BATCH);
  assert.equal(listed.length, 205);
  assert.equal(listed.at(-1)?.id, 'dev-204');
  assert.deepEqual(server.requests.map((r) => r.path), [DEVICES_PATH, `${DEVICES_PATH}?seekOperation=Next`, `${DEVICES_PATH}?seekOperation=Next`]);
  assert.deepEqual(server.requests.map((r) => r.headers['ms-continuationtoken']), [undefined, 't-2', 't-3']);
  assert.ok(server.requests.every((r) => r.headers['ms-contract-version'] === 'v1'), 'MS-Contract-Version: v1 on every page');
  assert.ok(server.requests.every((r) => r.headers.authorization?.startsWith('Bearer ')));
});

test('without links.next, continuationToken goes back as MS-ContinuationToken to the same URL', async (t) => {
  const server = await startTestServer(t, [
    { body: { items: devices(0, 2), continuationToken: 'abc' } },
    { body: { items: devices(2, 1) } },
  ]);
  const { client } = makeClient(server.url);
  assert.equal((await client.listBatchDevices(CUSTOMER, BATCH)).length, 3);
  assert.deepEqual(server.requests.map((r) => [r.path, r.headers['ms-continuationtoken']]), [[DEVICES_PATH, undefined], [DEVICES_PATH, 'abc']]);
});

test('property names in any case are read: Items, Links.Next with Uri/Headers/Key/Value, ContinuationToken', async (t) => {
  const server = await startTestServer(t, [
    { body: { TotalCount: 1, Items: [{ Id: 'dev-A', SerialNumber: 'SNA', Policies: [{ Key: 'o_o_b_e', Value: 'Kiosk' }] }], Links: { Next: { Uri: `/customers/${CUSTOMER}/x`, Headers: [{ Key: 'MS-ContinuationToken', Value: 'T' }] } } } },
    { body: { ITEMS: [{ ID: 'dev-B', serialnumber: 'SNB', policies: [{ KEY: 'O_O_B_E', VALUE: null }] }], CONTINUATIONTOKEN: 'U' } },
    { body: { items: [] } },
  ]);
  const { client } = makeClient(server.url);
  const listed = await client.listBatchDevices(CUSTOMER, BATCH);
  assert.deepEqual(listed, [
    { id: 'dev-A', serialNumber: 'SNA', policies: [{ key: 'o_o_b_e', value: 'Kiosk' }] },
    { id: 'dev-B', serialNumber: 'SNB', policies: [{ key: 'O_O_B_E', value: null }] },
  ]);
  assert.deepEqual(server.requests.map((r) => [r.path, r.headers['ms-continuationtoken']]), [[DEVICES_PATH, undefined], [`/v1/customers/${CUSTOMER}/x`, 'T'], [`/v1/customers/${CUSTOMER}/x`, 'U']]);
});

interface Broken {
  name: string;
  script: (request: ReceivedRequest, index: number) => ScriptedResponse;
  expectedCount?: number;
  /** The requests the client may make before it stops. */
  requests: number;
  problem: RegExp;
}

const broken: Broken[] = [
  {
    name: 'a continuation token seen twice',
    script: (_r, i) => ({ body: { items: devices(i * 2, 2), continuationToken: i === 0 ? 'A' : 'B' } }),
    requests: 3,
    problem: /page 3 named a next page it had named before/,
  },
  {
    name: 'a next link seen twice',
    script: (_r, i) => ({ body: { items: devices(i, 1), links: nextLink(String(i % 2)) } }),
    requests: 3,
    problem: /named a next page it had named before \(links\.next/,
  },
  {
    name: 'an empty page that names a next one',
    script: (_r, i) => ({ body: { items: i === 0 ? devices(0, 3) : [], continuationToken: `t${i}` } }),
    requests: 2,
    problem: /page 2 was empty but named a next page/,
  },
  {
    // A service naming a new page forever (460,842 GETs in 400 s once): bounded by the batch's count.
    name: 'new pages named forever, past the 250 devices the batch counts',
    script: (_r, i) => ({ body: { totalCount: 100, items: devices(i * 100, 100), links: nextLink(`t${i}`) } }),
    expectedCount: 250,
    requests: 4,
    problem: /page 4 named yet another page, more than the 4 pages of 100 that its count of items fills/,
  },
  {
    name: 'new pages named forever, past a totalCount that counts the whole listing',
    script: (_r, i) => ({ body: { totalCount: 30, items: devices(i * 10, 10), continuationToken: `t${i}` } }),
    requests: 4,
    problem: /more than the 4 pages of 10/,
  },
  {
    name: 'a next link on another host',
    script: () => ({ body: { items: devices(0, 1), links: nextLink('x', 'https://elsewhere.example/v1/customers/x/devices') } }),
    requests: 1,
    problem: /its next page is on another host \(elsewhere\.example\)/,
  },
  {
    name: 'a next link asked for with POST',
    script: () => ({ body: { items: devices(0, 1), links: { next: { uri: '/customers/x', method: 'POST' } } } }),
    requests: 1,
    problem: /with POST, not GET/,
  },
];

for (const c of broken) {
  test(`a listing stops with an error, never looping: ${c.name}`, async (t) => {
    const server = await startTestServer(t, c.script);
    const { client } = makeClient(server.url);
    await assert.rejects(client.listBatchDevices(CUSTOMER, BATCH, { expectedCount: c.expectedCount }), (error: unknown) => {
      assert.ok(isPartnerCenterError(error) && error.kind === 'protocol', String(error));
      assert.match(error.message, /its listing cannot be followed further/);
      assert.match(error.message, c.problem);
      return true;
    });
    assert.equal(server.requests.length, c.requests);
    assert.ok(server.requests.every((r) => r.headers.host === new URL(server.url).host), 'nothing was asked of another host');
  });
}

test('a page of fewer than 100 (a smaller page size) is not taken for a loop: 25 devices in pages of 2 all come', async (t) => {
  const server = await startTestServer(t, (_r, i) => ({ body: { items: devices(i * 2, i < 12 ? 2 : 1), ...(i < 12 ? { continuationToken: `t${i}` } : {}) } }));
  const { client } = makeClient(server.url);
  assert.equal((await client.listBatchDevices(CUSTOMER, BATCH, { expectedCount: 25 })).length, 25);
});
