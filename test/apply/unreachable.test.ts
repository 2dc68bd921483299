// Networks as companies have them (SPEC §2 Sending, Exit codes): an endpoint that cannot be reached at all
// stops the run with nothing marked failed and exit 2, naming the host and the cause; a sign-in that
// cannot give a token is found before the input is read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';
import { devices, readJsonResults, writeDeviceCsv } from './inputs.js';

const env = { PARTNER_CENTER_TOKEN: 'unreachable-token-0b1d' };

/** A loopback port nobody listens on: bound, then closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const cases = [
  {
    name: 'a host whose name does not resolve',
    endpoint: async () => 'https://device-policy-test.invalid',
    says: /cannot reach device-policy-test\.invalid: (no such host: the name does not resolve \(ENOTFOUND\)|the name could not be resolved: DNS did not answer \(EAI_AGAIN\))/,
  },
  {
    name: 'a port that refuses connections',
    endpoint: async () => `http://127.0.0.1:${await closedPort()}`,
    says: /cannot reach 127\.0\.0\.1:\d+: the connection was refused \(ECONNREFUSED\)/,
  },
  {
    // fetch's "bad port" list (X11's 6000 among them): refused before any connection, however often tried.
    name: 'a port fetch refuses to use',
    endpoint: async () => 'http://127.0.0.1:6000',
    says: /cannot reach 127\.0\.0\.1:6000: fetch refuses to connect to this port, one it blocks for safety/,
  },
];

for (const c of cases) {
  test(`${c.name}: the run stops after the first requests' retries, nothing failed, the rest not-sent, exit 2`, async (t) => {
    const dir = tempDir(t);
    const input = writeDeviceCsv(dir, devices(40, 2));
    const out = join(dir, 'r.json');
    const result = await runCli(['apply', input, '--out', out, '--endpoint', await c.endpoint(), '--chunk-size', '5', '--max-retries', '1', '--json'], { env });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, c.says);
    const results = readJsonResults(out);
    assert.equal(results.rows.length, 40);
    assert.deepEqual(results.rows.filter((r) => r.status !== 'not-sent').map((r) => r.status), [], 'no row failed for it');
    assert.ok(results.rows.every((r) => c.says.test(r.detail)), results.rows[0]?.detail);
    // Only the first requests went out (one per slot), not one per chunk.
    assert.ok(results.summary.requests <= 4, `${results.summary.requests} requests`);
    assert.equal(results.summary.exitCode, 2);
  });
}

test('--auth cli without the Azure CLI: exit 2 with the ways to sign in, before the input is read', async (t) => {
  const dir = tempDir(t);
  // No `az` anywhere on PATH; the input is no spreadsheet at all, and is never read (that it exists is
  // checked first: a missing input is the problem to name, whatever else is wrong).
  const input = join(dir, 'unreadable.csv');
  writeFileSync(input, Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34, 0x00, 0xff]));
  const result = await runCli(['apply', input, '--auth', 'cli', '--endpoint', 'https://api.partnercenter.microsoft.com'], { env: { PATH: dir } });
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /sign-in with Azure CLI \(az login\) failed: .*Azure CLI/i);
  assert.match(result.stderr, /fix that sign-in \(or choose another\)/);
  assert.match(result.stderr, /PARTNER_CENTER_TOKEN/);
  assert.doesNotMatch(result.stderr, /unreadable\.csv|PDF/, 'the sign-in is checked before the input is read');
});
