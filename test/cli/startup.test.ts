// Start-up loads only what the command run needs (issue 10: loading modules was most of a small dry
// run's time). Each case is the built CLI in its own process, every module it loads recorded by a
// loader hook; the last cases are the same hook seeing those packages where a run does need them, so
// that an absence above means the package was not loaded rather than that the hook missed it.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { startSimulator } from '../../src/simulator/start.js';
import { runTraced, type TracedRun } from '../helpers/module-trace-run.js';
import { tempDir } from '../helpers/paths.js';
import { devices, registered, writeDeviceCsv } from '../apply/inputs.js';

/** Loaded only to talk to Partner Center (ky, undici), to write or read a workbook, to draw a bar, or to take an upload (the web page). */
const HEAVY = ['ky', 'undici', 'exceljs', 'cli-progress', '@fastify/busboy'];

function assertNotLoaded(run: TracedRun, packages: readonly string[]): void {
  const loaded = packages.filter((p) => run.packages.has(p));
  assert.deepEqual(loaded, [], `loaded: ${loaded.join(', ')}`);
}

const cases: Array<{ name: string; args: (dir: string) => string[]; also?: string[] }> = [
  { name: '--version', args: () => ['--version'] },
  { name: '--help', args: () => ['--help'] },
  { name: 'apply --help', args: () => ['apply', '--help'] },
  { name: 'completion', args: () => ['completion'] },
  { name: 'ui --help', args: () => ['ui', '--help'] },
  { name: 'template FILE.csv', args: (dir) => ['template', join(dir, 't.csv')] },
  {
    name: 'a dry run --offline from CSV to CSV',
    args: (dir) => ['apply', writeDeviceCsv(dir, devices(40, 2)), '--dry-run', '--offline', '--out', join(dir, 'r.csv')],
    // Nor the JSON reader, for CSV input.
    also: ['@streamparser/json'],
  },
];

for (const c of cases) {
  test(`${c.name} loads none of ${HEAVY.join(', ')}`, async (t) => {
    const dir = tempDir(t);
    const run = await runTraced(c.args(dir), join(dir, 'trace.txt'));
    assert.equal(run.code, 0, run.stderr);
    assertNotLoaded(run, [...HEAVY, ...(c.also ?? [])]);
    // The web page's server is loaded by `ui` alone.
    assert.deepEqual(run.modules.filter((m) => /\/dist\/ui\//.test(m)), []);
    // The hook saw the run: yargs parses every command line.
    assert.ok(run.packages.has('yargs'), [...run.packages].join(', '));
  });
}

test('a dry run --offline to a .csv with a proxy variable set still loads no HTTP client', async (t) => {
  const dir = tempDir(t);
  const input = writeDeviceCsv(dir, devices(10, 1));
  const run = await runTraced(['apply', input, '--dry-run', '--offline', '--out', join(dir, 'r.csv')], join(dir, 'trace.txt'), {
    env: { HTTPS_PROXY: 'http://127.0.0.1:9' },
  });
  assert.equal(run.code, 0, run.stderr);
  // An empty trace would pass what follows: the hook saw this run parse its command line and read the CSV.
  assert.ok(run.packages.has('yargs') && run.packages.has('csv-parse'), `traced: ${[...run.packages].join(', ') || 'nothing'}`);
  assertNotLoaded(run, HEAVY);
});

test('the same hook sees exceljs when the results are a workbook', async (t) => {
  const dir = tempDir(t);
  const run = await runTraced(['apply', writeDeviceCsv(dir, devices(10, 1)), '--dry-run', '--offline', '--out', join(dir, 'r.xlsx')], join(dir, 'trace.txt'));
  assert.equal(run.code, 0, run.stderr);
  assert.ok(run.packages.has('exceljs'));
  assertNotLoaded(run, ['ky', 'undici', 'cli-progress']);
});

test('the same hook sees ky when a dry run looks rows up, and undici only with a proxy variable', async (t) => {
  const sim = await startSimulator({ token: 'startup-token', data: registered(devices(10, 1)) });
  t.after(() => sim.close());
  const dir = tempDir(t);
  const input = writeDeviceCsv(dir, devices(10, 1));
  const env = { PARTNER_CENTER_TOKEN: 'startup-token' };
  const args = (out: string): string[] => ['apply', input, '--dry-run', '--endpoint', sim.url, '--out', join(dir, out), '--quiet'];
  const direct = await runTraced(args('direct.csv'), join(dir, 'direct.txt'), { env });
  assert.equal(direct.code, 0, direct.stderr);
  assert.ok(direct.packages.has('ky'));
  assertNotLoaded(direct, ['undici', 'exceljs', 'cli-progress']);
  // NO_PROXY keeps the requests off the proxy (nothing listens there); the agent that reads it is undici's.
  const proxied = await runTraced(args('proxied.csv'), join(dir, 'proxied.txt'), { env: { ...env, HTTP_PROXY: 'http://127.0.0.1:9', NO_PROXY: '127.0.0.1' } });
  assert.equal(proxied.code, 0, proxied.stderr);
  assert.ok(proxied.packages.has('ky') && proxied.packages.has('undici'), [...proxied.packages].join(', '));
});
