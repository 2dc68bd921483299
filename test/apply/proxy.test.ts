// Networks as companies have them (SPEC §2 Sending): HTTP(S)_PROXY and NO_PROXY, upper or lower case,
// for every Partner Center request and for sign-in. The simulator sits behind a real forward proxy on
// loopback, at an address (127.0.0.2) where nothing listens: only the proxy can reach it, so a request
// that went around the proxy would fail rather than pass unseen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { startSimulator } from '../../src/simulator/start.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';
import { startProxy } from '../helpers/proxy.js';
import { acceptedDevices, devices, readJsonResults, registered, writeDeviceCsv } from './inputs.js';

const TOKEN = 'proxy-token-94a2';

async function simulatorBehindProxy(t: { after(fn: () => Promise<void>): void }) {
  const sim = await startSimulator({ token: TOKEN, jobSteps: 0, data: registered(devices(30, 3)) });
  t.after(() => sim.close());
  const port = Number(new URL(sim.url).port);
  const proxy = await startProxy(t, (host, p) => (host === '127.0.0.2' && p === port ? { host: '127.0.0.1', port } : undefined));
  return { sim, proxy, endpoint: `http://127.0.0.2:${port}` };
}

for (const name of ['HTTP_PROXY', 'http_proxy']) {
  test(`every request of apply --wait goes through ${name}`, async (t) => {
    const { sim, proxy, endpoint } = await simulatorBehindProxy(t);
    const dir = tempDir(t);
    const input = writeDeviceCsv(dir, devices(30, 3));
    const out = join(dir, 'r.json');
    const result = await runCli(['apply', input, '--out', out, '--endpoint', endpoint, '--chunk-size', '10', '--wait', '--quiet'], {
      env: { PARTNER_CENTER_TOKEN: TOKEN, [name]: proxy.url },
    });
    assert.equal(result.code, 0, result.stderr);
    assert.ok(readJsonResults(out).rows.every((r) => r.status === 'applied'), 'every device confirmed after --wait');
    assert.equal(acceptedDevices(sim).size, 30);
    assert.ok(sim.requests.some((r) => r.method === 'GET'), 'the batch jobs were tracked through it too');
    assert.ok(proxy.seen.length > 0 && proxy.seen.every((line) => line === `CONNECT 127.0.0.2:${new URL(endpoint).port}`), proxy.seen.join('\n'));
  });
}

test('NO_PROXY naming the endpoint host sends around the proxy (here: where nothing answers)', async (t) => {
  const { proxy, endpoint } = await simulatorBehindProxy(t);
  const dir = tempDir(t);
  const result = await runCli(['apply', writeDeviceCsv(dir, devices(5, 1)), '--out', join(dir, 'r.json'), '--endpoint', endpoint, '--max-retries', '0', '--quiet'], {
    env: { PARTNER_CENTER_TOKEN: TOKEN, HTTP_PROXY: proxy.url, no_proxy: 'example.com, 127.0.0.2' },
  });
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stdout, /^Stopped: .*\n(.*\n)*Cause: cannot reach 127\.0\.0\.2:\d+: the connection was refused/m);
  assert.deepEqual(proxy.seen, []);
});

test('a proxy that cannot be reached is named as the proxy (never with its password): nothing failed, the rest not-sent, exit 2', async (t) => {
  const { sim, endpoint } = await simulatorBehindProxy(t);
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const dir = tempDir(t);
  const out = join(dir, 'r.json');
  const result = await runCli(['apply', writeDeviceCsv(dir, devices(5, 1)), '--out', out, '--endpoint', endpoint, '--max-retries', '0', '--quiet', '--no-check-policies'], {
    env: { PARTNER_CENTER_TOKEN: TOKEN, HTTP_PROXY: `http://proxyuser:proxy-secret-77@127.0.0.1:${port}` },
  });
  assert.equal(result.code, 2, result.stderr);
  const stopped = new RegExp(`cannot reach the proxy http://127\\.0\\.0\\.1:${port} \\(HTTPS_PROXY / HTTP_PROXY; on the way to 127\\.0\\.0\\.2:\\d+\\): the connection was refused \\(ECONNREFUSED\\)`);
  assert.match(result.stdout, stopped);
  assert.ok(readJsonResults(out).rows.every((r) => r.status === 'not-sent' && stopped.test(r.detail)));
  assert.ok(!`${result.stdout}${result.stderr}${readFileSync(out, 'utf8')}`.includes('proxy-secret-77'), 'the proxy\'s password is never shown');
  assert.equal(sim.requests.length, 0);
});

test('sign-in (@azure/identity) goes through HTTPS_PROXY too', async (t) => {
  // The proxy refuses every tunnel: the sign-in fails, after asking the proxy for its host.
  const proxy = await startProxy(t, () => undefined);
  const dir = tempDir(t);
  const result = await runCli(['apply', writeDeviceCsv(dir, devices(5, 1)), '--out', join(dir, 'r.json'), '--auth', 'env', '--quiet'], {
    env: {
      AZURE_TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      AZURE_CLIENT_ID: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
      AZURE_CLIENT_SECRET: 'not-a-real-secret-value',
      https_proxy: proxy.url,
    },
  });
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /sign-in with app-only credentials .* failed/);
  assert.ok(proxy.seen.some((line) => /^CONNECT login\.microsoftonline\.com:443$/.test(line)), proxy.seen.join('\n'));
  assert.doesNotMatch(result.stderr, /not-a-real-secret-value/);
});
