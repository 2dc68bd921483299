#!/usr/bin/env node
// The floor a full run is measured against: the fastest client there can be on this machine, one that
// knows the service's limit in advance. It sends the same chunks (100 devices of one customer, the
// tool's own request body) with Node's fetch, as many at once as the service allows, each worker
// sending its next request the moment its last is answered; no journal, no retries, no learning. What
// it reaches is what the machine's timers and loopback allow; the ideal assumes they cost nothing.
// Run by bench/lib/send.mjs; usage: node bench/send-floor.mjs INPUT.csv ENDPOINT TOKEN IN_FLIGHT
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { DIST } from './lib/paths.mjs';

const { updateRequestBody } = await import(`${DIST}/partner-center/client.js`);
const CHUNK = 100;

const [input, endpoint, token, inFlightText] = process.argv.slice(2);
const inFlight = Number(inFlightText);
if (input === undefined || endpoint === undefined || token === undefined || !(inFlight >= 1)) {
  console.error('usage: node bench/send-floor.mjs INPUT.csv ENDPOINT TOKEN IN_FLIGHT');
  process.exit(2);
}

// The generated input: Customer ID, Device ID, Policy ID, … with no quoting; each customer's rows together.
const perCustomer = new Map();
for (const line of readFileSync(input, 'utf8').split('\n').slice(1)) {
  if (line === '') continue;
  const [customer, device, policy] = line.split(',');
  let rows = perCustomer.get(customer);
  if (rows === undefined) perCustomer.set(customer, (rows = []));
  rows.push({ deviceId: device, policyId: policy });
}
const requests = [];
for (const [customer, rows] of perCustomer) {
  for (let i = 0; i < rows.length; i += CHUNK) requests.push({ customer, devices: rows.slice(i, i + CHUNK) });
}

let next = 0;
let refused = 0;
async function worker() {
  while (next < requests.length) {
    const { customer, devices } = requests[next++];
    const response = await fetch(`${endpoint}/v1/customers/${customer}/DevicePolicyUpdates`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'MS-RequestId': randomUUID() },
      body: JSON.stringify(updateRequestBody(devices)),
    });
    await response.arrayBuffer();
    if (response.status !== 202) refused++;
  }
}
await Promise.all(Array.from({ length: inFlight }, worker));
process.stdout.write(`${JSON.stringify({ requests: requests.length, refused })}\n`);
