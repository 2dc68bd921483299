// Who may use the page (SPEC §2: 127.0.0.1 only, a per-run token): the address printed first on stdout
// carries a random token; a request without it, naming another Host, sent from another Origin, or marked
// cross-site by the browser is refused, each on its own; the server is not reachable on the machine's
// other addresses; uploads are bounded; the bearer token never reaches an answer or the terminal.
import assert from 'node:assert/strict';
import { networkInterfaces } from 'node:os';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { startSimulator } from '../../src/simulator/start.js';
import { startUiServer } from '../../src/ui/server.js';
import { configuredSignIn } from '../../src/ui/sign-in.js';
import { DEFAULTS } from '../../src/setup/options.js';
import { startCli } from '../helpers/cli.js';
import { FIXTURES, tempDir } from '../helpers/paths.js';
import { listen, multipart, send } from './http.js';

async function startUi(t: TestContext, env: Record<string, string> = {}): Promise<{ url: URL; stderr: () => string; stop: () => Promise<number | null> }> {
  const dir = tempDir(t);
  const child = startCli(['ui', '--port', '0', '--folder', join(dir, 'work')], { env, cwd: dir });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += String(d)));
  const first = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      stdout += String(d);
      if (stdout.includes('\n')) resolve(stdout.slice(0, stdout.indexOf('\n')));
    });
    child.once('close', () => reject(new Error(`ui ended: ${stderr}`)));
  });
  let stopped: Promise<number | null> | undefined;
  const stop = (): Promise<number | null> => (stopped ??= (child.kill('SIGINT'), child.result.then((r) => r.code)));
  t.after(stop);
  return { url: new URL(first), stderr: () => stderr, stop };
}

test('the first line on stdout is the address on 127.0.0.1 with a random token of its own per run', async (t) => {
  const one = await startUi(t);
  const two = await startUi(t);
  for (const { url } of [one, two]) {
    assert.equal(url.hostname, '127.0.0.1');
    assert.match(url.pathname, /^\/[A-Za-z0-9_-]{32,}\/$/);
  }
  assert.notEqual(one.url.pathname, two.url.pathname);
  const page = await send(one.url);
  assert.equal(page.status, 200);
  assert.match(page.body, /<title>device-policy<\/title>/);
  assert.match(String(page.headers['content-security-policy']), /script-src 'self'/);
  // Ctrl-C stops an idle server cleanly.
  assert.equal(await one.stop(), 0);
});

test('each request that lacks the token, names another host or origin, or comes cross-site is refused', async (t) => {
  const { url } = await startUi(t);
  const token = url.pathname.split('/')[1] ?? '';
  const state = `${url.pathname}api/state`;
  const refused = async (what: string, options: Parameters<typeof send>[1]): Promise<void> => {
    const answer = await send(url, options);
    assert.equal(answer.status, 403, `${what}: ${answer.status} ${answer.body}`);
    assert.doesNotMatch(answer.body, new RegExp(token), `${what}: the refusal must not echo the token`);
  };
  await refused('no token', { path: '/api/state' });
  await refused('no token, the page', { path: '/' });
  // Its last character changed (to one it is not: a token ending in x drew x again, one run in 64).
  await refused('a wrong token', { path: `/${token.slice(0, -1)}${token.endsWith('x') ? 'y' : 'x'}/api/state` });
  await refused('a POST without the token', { method: 'POST', path: '/api/apply', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  await refused('another Host (DNS rebinding)', { path: state, headers: { Host: `attacker.example:${url.port}` } });
  await refused('another port on the Host', { path: state, headers: { Host: `127.0.0.1:${Number(url.port) + 1}` } });
  await refused('another Origin', { path: state, headers: { Origin: 'http://attacker.example' } });
  await refused('an opaque Origin', { path: state, headers: { Origin: 'null' } });
  await refused('a POST from another Origin', { method: 'POST', path: `${url.pathname}api/sign-in`, headers: { Origin: 'http://attacker.example', 'Content-Type': 'application/json' }, body: '{}' });
  await refused('cross-site', { path: state, headers: { 'Sec-Fetch-Site': 'cross-site' } });
  // Another port of 127.0.0.1 is the same site, not the same origin: refused too.
  await refused('same-site', { path: state, headers: { 'Sec-Fetch-Site': 'same-site' } });

  // What the page itself sends, or the engineer typed, passes.
  const passing: Array<Record<string, string>> = [{}, { Host: `localhost:${url.port}` }, { Origin: url.origin, 'Sec-Fetch-Site': 'same-origin' }, { 'Sec-Fetch-Site': 'none' }];
  for (const headers of passing) {
    assert.equal((await send(url, { path: state, headers })).status, 200, JSON.stringify(headers));
  }
  // The token without its slash leads to the page, so that its relative links resolve.
  const bare = await send(url, { path: `/${token}` });
  assert.equal(bare.status, 308);
  assert.equal(bare.headers.location, `/${token}/`);
  // A form on another site cannot post JSON without the browser marking it; a text body is refused anyway.
  assert.equal((await send(url, { method: 'POST', path: `${url.pathname}api/check`, headers: { 'Content-Type': 'text/plain' }, body: '{}' })).status, 400);
});

test('the server does not answer on the machine\'s other addresses', async (t) => {
  const others = Object.values(networkInterfaces()).flatMap((list) => list ?? []).filter((a) => !a.internal && a.family === 'IPv4');
  if (others.length === 0) {
    t.skip('this machine has no address but loopback to try');
    return;
  }
  const { url } = await startUi(t);
  for (const address of others) {
    const elsewhere = new URL(url);
    elsewhere.hostname = address.address;
    await assert.rejects(send(elsewhere), /ECONNREFUSED/, address.address);
  }
});

test('an upload over the limit is refused and leaves no file; the bearer token never reaches an answer or the terminal', async (t) => {
  const bearer = 'bearer-secret-0123456789';
  const sim = await startSimulator({ token: bearer, data: join(FIXTURES, 'simulator', 'sample-data.json') });
  t.after(() => sim.close());
  const dir = tempDir(t);
  const terminal: string[] = [];
  const server = await startUiServer({
    port: 0,
    connection: { endpoint: sim.url, auth: 'auto', tokenFile: undefined, clientId: undefined, tenantId: undefined, maxRetries: DEFAULTS.maxRetries, timeoutMs: 30_000, log: undefined },
    endpointGiven: sim.url,
    folder: join(dir, 'work'),
    signIn: configuredSignIn({ auth: 'auto', tokenFile: undefined, clientId: undefined, tenantId: undefined }, { PARTNER_CENTER_TOKEN: bearer }),
    env: { PARTNER_CENTER_TOKEN: bearer },
    terminal: { write: (text: string) => terminal.push(text) },
    now: () => new Date(),
    uploadLimit: 4096,
  });
  t.after(() => server.close());
  const url = new URL(server.url);
  // A length declared far over the limit is refused before the body is read.
  const huge = multipart('huge.csv', Buffer.alloc(200_000, 'a'));
  const refused = await send(url, { method: 'POST', path: `${url.pathname}api/sheet`, ...huge });
  assert.equal(refused.status, 413, refused.body);
  assert.match(refused.body, /larger than/);
  // Sent without a length up front, the parser's own limit cuts it off.
  const big = multipart('big.csv', Buffer.alloc(10_000, 'a'));
  const chunked = await send(url, { method: 'POST', path: `${url.pathname}api/sheet`, headers: { ...big.headers, 'Transfer-Encoding': 'chunked' }, body: big.body });
  assert.equal(chunked.status, 413, chunked.body);
  assert.deepEqual(readdirSync(join(dir, 'work'), { recursive: true }), [], 'no file and no folder left of a refused upload');

  // A sheet within the limit, signed in with the bearer token, checked against the simulator.
  const csv = `Customer ID,Device ID,Policy ID\r\nc7f3c849-129f-4b85-a96d-4f8e88b315a3,9993-8627-3608-6844-6369-4361-72,15a04610-9229-4e80-94e0-0e826a09c9e2\r\n`;
  const small = multipart('devices.csv', Buffer.from(csv));
  assert.equal((await send(url, { method: 'POST', path: `${url.pathname}api/sheet`, ...small })).status, 200);
  const json = { 'Content-Type': 'application/json' };
  // The page's event stream: the test waits on what it says, as the page does.
  const events = listen(t, url);
  const seen = events.seen;
  assert.equal((await send(url, { method: 'POST', path: `${url.pathname}api/sign-in`, headers: json, body: '{}' })).status, 202);
  await seen(/event: ended\ndata: \{"kind":"sign-in"\}/);
  assert.equal((await send(url, { method: 'POST', path: `${url.pathname}api/check`, headers: json, body: '{"map":{}}' })).status, 202);
  await seen(/event: ended\ndata: \{"kind":"check"\}/);
  const answers = [
    await send(url, { path: `${url.pathname}api/state` }),
    await send(url, { path: `${url.pathname}api/rows` }),
  ];
  assert.ok(sim.requests.some((r) => r.method === 'GET'), 'the check looked the rows up with the token');
  for (const answer of answers) assert.doesNotMatch(answer.body, /bearer-secret/);
  assert.match(events.text(), /event: state/);
  assert.doesNotMatch(events.text(), /bearer-secret/);
  assert.doesNotMatch(terminal.join(''), /bearer-secret/);
});
