// "Wait for device outcomes" on the page updates its rows as each round of status --wait learns them,
// not only once the wait is over: the page is sent the table with the devices' outcomes while the wait
// still runs, and the results file holds the same outcomes at the end.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { startSimulator } from '../../src/simulator/start.js';
import { DEFAULTS } from '../../src/setup/options.js';
import { startUiServer } from '../../src/ui/server.js';
import { configuredSignIn } from '../../src/ui/sign-in.js';
import type { StateView } from '../../src/ui/page/api-types.js';
import { devices, registered, writeDeviceCsv } from '../apply/inputs.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';
import { listen, multipart, send } from './http.js';

const TOKEN = 'live-outcomes-token';

test('waiting for outcomes sends the rows as each round settles them, before the wait ends', async (t) => {
  const lines = devices(60, 3);
  const sim = await startSimulator({ token: TOKEN, data: registered(lines), jobStepMs: 50 });
  t.after(() => sim.close());
  const dir = tempDir(t);
  const out = join(dir, 'order.results.xlsx');
  const applied = await runCli(['apply', writeDeviceCsv(dir, lines, 'order.csv'), '--out', out, '--endpoint', sim.url, '--quiet'], { env: { PARTNER_CENTER_TOKEN: TOKEN } });
  assert.equal(applied.code, 0, applied.stderr);

  const connection = { endpoint: sim.url, auth: 'auto' as const, tokenFile: undefined, clientId: undefined, tenantId: undefined, maxRetries: DEFAULTS.maxRetries, timeoutMs: 30_000, log: undefined };
  const server = await startUiServer({
    port: 0,
    connection,
    endpointGiven: sim.url,
    folder: join(dir, 'work'),
    signIn: configuredSignIn(connection, { PARTNER_CENTER_TOKEN: TOKEN }),
    env: { PARTNER_CENTER_TOKEN: TOKEN },
    terminal: { write: () => true },
    now: () => new Date(),
  });
  t.after(() => server.close());
  const url = new URL(server.url);
  const api = (path: string): string => `${url.pathname}api/${path}`;
  const json = { 'Content-Type': 'application/json' };
  const events = listen(t, url);
  assert.equal((await send(url, { method: 'POST', path: api('sheet'), ...multipart('order.results.xlsx', readFileSync(out)) })).status, 200);
  assert.equal((await send(url, { method: 'POST', path: api('sign-in'), headers: json, body: '{}' })).status, 202);
  await events.seen(/event: ended\ndata: \{"kind":"sign-in"\}/);
  assert.equal((await send(url, { method: 'POST', path: api('wait'), headers: json, body: '{}' })).status, 202);
  await events.seen(/event: ended\ndata: \{"kind":"wait"\}/);

  // The states sent while the wait ran (after it started, before it ended).
  const text = events.text();
  const during = text
    .slice(text.lastIndexOf('event: ended\ndata: {"kind":"sign-in"}'), text.indexOf('event: ended\ndata: {"kind":"wait"}'))
    .split('\n\n')
    .filter((e) => e.startsWith('event: state\n'))
    .map((e) => JSON.parse(e.slice(e.indexOf('data: ') + 'data: '.length)) as StateView)
    .filter((s) => s.job?.kind === 'wait');
  const settled = during.find((s) => (s.table?.byStatus.applied ?? 0) > 0);
  assert.ok(settled !== undefined, `no state with applied rows while the wait ran (${during.length} states)`);
  assert.deepEqual(settled.table?.devices, { succeeded: 60, failed: 0, pending: 0 });
  const rows = JSON.parse((await send(url, { path: api('rows') })).body) as { rows: Array<{ status: string }> };
  assert.ok(rows.rows.length === 60 && rows.rows.every((r) => r.status === 'applied'));
});
