#!/usr/bin/env node
// The least client a full run is measured against: the fastest client there can be on this machine, one
// that knows the service's limit in advance. It does the same requests as `apply --no-verify-devices`
// (each customer's policy list, then its chunks: the tool's own request body) with Node's fetch, and
// nothing else: no checks, no journal, no retries, no results, no learning. What it reaches is what the
// machine's timers and loopback allow; the ideal assumes they cost nothing.
//   --in-flight N   the service takes N requests at a time: N workers, each sending its next request the
//                   moment its last is answered.
//   --rate R --burst B --latency MS   a token bucket: B requests at once, then one every 1/R s, as many in
//                   flight as that makes (MS: how long the service holds a request, to tell when its bucket started).
// Run by bench/lib/send.mjs; prints {"requests", "refused"} (requests: the PATCHes).
// usage: node bench/send-floor.mjs INPUT.csv ENDPOINT TOKEN CHUNK_SIZE (--in-flight N | --rate R --burst B --latency MS)
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DIST } from './lib/paths.mjs';

const { updateRequestBody } = await import(`${DIST}/partner-center/client.js`);

const [input, endpoint, token, chunkText, ...limits] = process.argv.slice(2);
const flag = (name) => {
  const at = limits.indexOf(`--${name}`);
  return at < 0 ? undefined : Number(limits[at + 1]);
};
const chunkSize = Number(chunkText);
const inFlight = flag('in-flight');
const rate = flag('rate');
const burst = flag('burst') ?? rate;
const latency = flag('latency') ?? 0;
if (input === undefined || endpoint === undefined || token === undefined || !(chunkSize >= 1) || (inFlight === undefined) === (rate === undefined)) {
  console.error('usage: node bench/send-floor.mjs INPUT.csv ENDPOINT TOKEN CHUNK_SIZE (--in-flight N | --rate R --burst B --latency MS)');
  process.exit(2);
}

// The generated input: Customer ID, Device ID, Policy ID, … with no quoting.
const perCustomer = new Map();
for (const line of readFileSync(input, 'utf8').split('\n').slice(1)) {
  if (line === '') continue;
  const [customer, device, policy] = line.split(',');
  let rows = perCustomer.get(customer);
  if (rows === undefined) perCustomer.set(customer, (rows = []));
  rows.push({ deviceId: device, policyId: policy });
}
const headers = (more = {}) => ({ authorization: `Bearer ${token}`, 'MS-RequestId': randomUUID(), ...more });
// Every customer's policy list first (the check before its chunks), then the chunks.
const requests = [];
for (const customer of perCustomer.keys()) requests.push({ url: `${endpoint}/v1/customers/${customer}/policies`, init: { method: 'GET' } });
let patches = 0;
for (const [customer, rows] of perCustomer) {
  for (let i = 0; i < rows.length; i += chunkSize) {
    patches++;
    requests.push({
      url: `${endpoint}/v1/customers/${customer}/DevicePolicyUpdates`,
      init: { method: 'PATCH', contentType: 'application/json', body: JSON.stringify(updateRequestBody(rows.slice(i, i + chunkSize))) },
    });
  }
}

let refused = 0;
async function one({ url, init }) {
  const { method, contentType, body } = init;
  const response = await fetch(url, { method, headers: headers(contentType === undefined ? {} : { 'content-type': contentType }), body });
  await response.arrayBuffer();
  if (response.status >= 300) refused++;
}

if (inFlight !== undefined) {
  let next = 0;
  const worker = async () => {
    while (next < requests.length) await one(requests[next++]);
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
} else {
  // Request i may start once the bucket has refilled what the burst lent: (i - burst + 1) / rate s after
  // the bucket's clock started, when the first request arrived. That is some milliseconds after it was
  // sent (the burst opens its connections at once), and at most the service's latency before the first
  // answer: the schedule starts there, with one request's worth of margin.
  const burstSent = [];
  for (const request of requests.slice(0, burst)) burstSent.push(one(request));
  await Promise.race(burstSent);
  const start = performance.now() - latency;
  const sent = [...burstSent];
  for (const [i, request] of requests.entries()) {
    if (i < burst) continue;
    const wait = start + ((i - burst + 2) * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    sent.push(one(request));
  }
  await Promise.all(sent);
}
process.stdout.write(`${JSON.stringify({ requests: patches, refused })}\n`);
