// A service that names a new page forever (460,842 GETs in 400 s once, memory rising): the listing ends
// by itself after the pages its batch's device count fills (and one more), that customer's rows say why
// and are not sent, the other customers go on. The built CLI against the simulator over loopback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startSimulator } from '../../src/simulator/start.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';
import { devices, readJsonResults, registered, writeDeviceCsv } from './inputs.js';

const TOKEN = 'bounds-token-2b7e';

test('endless paging: the listing stops after ceil(count / 100) + 1 pages, the customer\'s rows are invalid saying why, the run ends', async (t) => {
  const lines = devices(250, 1);
  const sim = await startSimulator({ token: TOKEN, paging: 'endless', data: registered(lines) });
  t.after(() => sim.close());
  const dir = tempDir(t);
  const out = join(dir, 'r.json');
  const run = await runCli(['apply', writeDeviceCsv(dir, lines), '--out', out, '--endpoint', sim.url, '--quiet'], { env: { PARTNER_CENTER_TOKEN: TOKEN } });
  assert.equal(run.code, 1, run.stderr);
  const pages = sim.requests.filter((r) => r.method === 'GET' && r.path.includes('/devices'));
  // 250 devices in pages of 100: 3 pages, and one more before the answer is called broken.
  assert.equal(pages.length, 4);
  assert.equal(sim.requests.filter((r) => r.method === 'PATCH').length, 0, 'nothing sent for a customer whose devices could not be listed');
  const rows = readJsonResults(out).rows;
  assert.ok(rows.every((r) => r.status === 'invalid'), JSON.stringify(rows.slice(0, 2)));
  assert.match(rows[0]?.detail ?? '', /could not look up customer c7f3c849-\S+'s devices: GET \S+ answered 200 but its listing cannot be followed further: page 4 named yet another page, more than the 4 pages of 100 that its count of items fills/);
  assert.match(rows[0]?.detail ?? '', /--no-check-policies and --no-verify-devices send without the checks/);
});
