// Tokens follow configuration only. A results file is data from anywhere: on a shared machine any local
// user can listen on a loopback port, so a Batch Job URI in a cell that names another port (or host) must
// never draw the user's token there. A catcher on another loopback port counts what reaches it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSimulator } from '../../src/simulator/start.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';
import { startTestServer } from '../partner-center/http-test-server.js';
import { devices, writeDeviceCsv } from '../apply/inputs.js';

const TOKEN = 'status-token-secret-4f19';
const env = { PARTNER_CENTER_TOKEN: TOKEN };

test('status sends the token only to the configured endpoint: never to a host or port a cell names', async (t) => {
  const sim = await startSimulator({ token: TOKEN, jobSteps: 0 });
  t.after(() => sim.close());
  const catcher = await startTestServer(t, () => ({ status: 200, body: { id: 'x', status: 'finished', batchTrackingId: 'x' } }));
  const dir = tempDir(t);
  const input = writeDeviceCsv(dir, devices(4));
  const csv = join(dir, 'r.csv');
  const json = join(dir, 'r.json');
  for (const out of [csv, json]) {
    // Not listed first (--no-verify-devices): the second run would find the first's devices done and send nothing.
    const applied = await runCli(['apply', input, '--out', out, '--endpoint', sim.url, '--quiet', '--no-verify-devices'], { env });
    assert.equal(applied.code, 0, applied.stderr);
  }
  // The same results with every Batch Job URI cell moved to the catcher's port (a JSON's Summary kept).
  const moved = (path: string): string => {
    const other = path.replace(/(\.\w+)$/, '.moved$1');
    const text = readFileSync(path, 'utf8');
    if (path.endsWith('.csv')) writeFileSync(other, text.split(sim.url).join(catcher.url));
    else {
      const results = JSON.parse(text) as { rows: Array<{ batchJobUri?: string }> };
      for (const row of results.rows) row.batchJobUri = row.batchJobUri?.split(sim.url).join(catcher.url);
      writeFileSync(other, JSON.stringify(results));
    }
    return other;
  };
  const cases: Array<{ name: string; args: string[] }> = [
    // No endpoint configured and no Summary (CSV): the cells' host is not taken up.
    { name: 'CSV, nothing configured', args: [moved(csv)] },
    { name: 'CSV, --endpoint the simulator', args: [moved(csv), '--endpoint', sim.url] },
    // The JSON's Summary names the simulator (this machine): followed, but the cells still pick nothing.
    { name: 'JSON whose Summary names the simulator', args: [moved(json)] },
  ];
  for (const c of cases) {
    const run = await runCli(['status', ...c.args], { env });
    assert.equal(catcher.requests.length, 0, `${c.name}: nothing reached the catcher\n${run.stderr}`);
    assert.ok(!`${run.stdout}${run.stderr}`.includes(TOKEN), c.name);
    assert.match(run.stderr, /not on the configured endpoint .* \(pass that host as --endpoint\)/, c.name);
    assert.doesNotMatch(run.stderr, /\n\s+at /, c.name);
  }
  // The same files as apply wrote them are tracked: the refusals above are the cells' doing.
  const asWritten = await runCli(['status', csv, '--endpoint', sim.url], { env });
  assert.equal(asWritten.code, 0, asWritten.stderr);
  const fromSummary = await runCli(['status', json], { env });
  assert.equal(fromSummary.code, 0, fromSummary.stderr);
  assert.equal(catcher.requests.length, 0);
});
