// DEVICE_POLICY_* variables are set once in a job's environment and forgotten, so they are read strictly:
// a dry-run switch written `1` or `YES` means a dry run (not a live one), a value that is no switch word
// stops the run, and a misspelt name stops it with the name it was probably meant to be.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startSimulator } from '../../src/simulator/start.js';
import { checkEnvNames, optionsFromEnv, parseSwitch, strayEnvNames } from '../../src/cli/env-options.js';
import { UsageError } from '../../src/cli/usage-error.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';
import { devices, registered, writeDeviceCsv } from '../apply/inputs.js';

const TOKEN = 'env-token-5c1e';

test('a switch reads 1/0, true/false, yes/no and on/off in any case, and nothing else', () => {
  for (const on of ['1', 'true', 'TRUE', 'True', 'yes', 'YES', 'on', 'On', ' yes ']) assert.equal(parseSwitch(on), true, on);
  for (const off of ['0', 'false', 'FALSE', 'no', 'No', 'off', 'OFF']) assert.equal(parseSwitch(off), false, off);
  for (const neither of ['', '2', 'y', 'n', 'enabled', 'ja', 'true!', '-1']) assert.equal(parseSwitch(neither), undefined, neither);
});

test('a variable one slip away from an option is a usage error naming the option meant; another command\'s option is only ignored', () => {
  const apply = ['dry-run', 'out', 'chunk-size', 'report', 'wait-timeout'];
  const every = [...apply, 'port', 'host', 'token'];
  const stray = strayEnvNames(apply, every, {
    DEVICE_POLICY_DRYRUN: 'true',
    DEVICE_POLICY_CHUNKSIZE: '7',
    device_policy_out: 'x.csv',
    DEVICE_POLICY_WAIT_TIMOUT: '60',
    // The simulator's --port, one edit from apply's --report: not a typo of it.
    DEVICE_POLICY_PORT: '8080',
    DEVICE_POLICY_NOTE: 'anything',
    DEVICE_POLICY_OUT: 'r.csv',
    DEVICE_POLICY_EMPTY: '',
    DEVICE_POLICY_TEST_GRACE_MS: '1500',
    OTHER: '1',
  });
  assert.deepEqual(
    new Map(stray.misspelt.map((m) => [m.name, m.meant])),
    new Map([
      ['DEVICE_POLICY_CHUNKSIZE', ['DEVICE_POLICY_CHUNK_SIZE']],
      ['DEVICE_POLICY_DRYRUN', ['DEVICE_POLICY_DRY_RUN']],
      ['DEVICE_POLICY_WAIT_TIMOUT', ['DEVICE_POLICY_WAIT_TIMEOUT']],
      // Linux's environment keeps case: a variable in lower case is not read, so it is a slip too.
      ...(process.platform === 'win32' ? [] : [['device_policy_out', ['DEVICE_POLICY_OUT']] as const]),
    ]),
  );
  assert.deepEqual(stray.ignored, ['DEVICE_POLICY_NOTE', 'DEVICE_POLICY_PORT']);
  assert.throws(() => checkEnvNames('apply', apply, every, { DEVICE_POLICY_DRYRUN: '1' }), (e: unknown) => {
    assert.ok(e instanceof UsageError);
    assert.equal(e.message, 'DEVICE_POLICY_DRYRUN is not an option of apply (did you mean DEVICE_POLICY_DRY_RUN?)');
    return true;
  });
  assert.equal(
    checkEnvNames('apply', apply, every, { DEVICE_POLICY_PORT: '1', DEVICE_POLICY_NOTE: 'x' }),
    'device-policy: ignoring DEVICE_POLICY_NOTE, DEVICE_POLICY_PORT: they set no option of apply\n',
  );
  assert.equal(checkEnvNames('apply', apply, every, { DEVICE_POLICY_OUT: 'r.csv' }), '');
});

test('DEVICE_POLICY_DRY_RUN=1, YES or On is a dry run that says so first; 0 or off is a live run that says so first', async (t) => {
  const sim = await startSimulator({ token: TOKEN, data: registered(devices(4, 2)) });
  t.after(() => sim.close());
  const dir = tempDir(t);
  const input = writeDeviceCsv(dir, devices(4, 2));
  const run = (value: string, n: number) =>
    runCli(['apply', input, '--out', join(dir, `r${n}.json`), '--endpoint', sim.url, '--quiet'], { env: { PARTNER_CENTER_TOKEN: TOKEN, DEVICE_POLICY_DRY_RUN: value } });
  const patches = (): number => sim.requests.filter((r) => r.method === 'PATCH').length;
  for (const [n, value] of ['1', 'YES', 'On', 'true'].entries()) {
    const dry = await run(value, n);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stderr.split('\n')[0] ?? '', /^Dry run: nothing is sent; 4 rows of 2 customers checked against http:\/\/127\.0\.0\.1:\d+/, value);
    assert.equal(patches(), 0, `DEVICE_POLICY_DRY_RUN=${value} sent nothing`);
  }
  const live = await run('off', 9);
  assert.equal(live.code, 0, live.stderr);
  assert.match(live.stderr.split('\n')[0] ?? '', /^LIVE run: up to 4 rows of 2 customers will be sent to http:\/\/127\.0\.0\.1:\d+/);
  assert.ok(patches() > 0, 'DEVICE_POLICY_DRY_RUN=off is a live run');
});

test('a switch value that is no switch word, or a misspelt name, stops the run before anything is sent (exit 2)', async (t) => {
  const sim = await startSimulator({ token: TOKEN });
  t.after(() => sim.close());
  const dir = tempDir(t);
  const input = writeDeviceCsv(dir, devices(4));
  const cases: Array<{ env: Record<string, string>; says: RegExp }> = [
    { env: { DEVICE_POLICY_DRY_RUN: 'maybe-secret' }, says: /DEVICE_POLICY_DRY_RUN \(--dry-run\) must be one of 1\/0, true\/false, yes\/no or on\/off/ },
    { env: { DEVICE_POLICY_DRYRUN: 'true' }, says: /DEVICE_POLICY_DRYRUN is not an option of apply \(did you mean DEVICE_POLICY_DRY_RUN\?\)/ },
  ];
  for (const c of cases) {
    const cli = await runCli(['apply', input, '--out', join(dir, 'r.json'), '--endpoint', sim.url], { env: { PARTNER_CENTER_TOKEN: TOKEN, ...c.env } });
    assert.equal(cli.code, 2, cli.stderr);
    assert.match(cli.stderr, c.says);
    assert.ok(!cli.stderr.includes('maybe-secret'), 'a value is never printed');
    assert.doesNotMatch(cli.stderr, /\n\s+at /);
  }
  assert.equal(sim.requests.length, 0, 'nothing was sent');
});

test('variables that set no option of the command are named on one warning line, and the run goes on', async (t) => {
  const dir = tempDir(t);
  const input = writeDeviceCsv(dir, devices(2));
  const cli = await runCli(['apply', input, '--dry-run', '--offline', '--out', join(dir, 'r.json')], {
    env: { DEVICE_POLICY_PORT: '8080', DEVICE_POLICY_NOTE: 'do-not-print-me' },
  });
  assert.equal(cli.code, 0, cli.stderr);
  const warnings = cli.stderr.split('\n').filter((line) => line.includes('DEVICE_POLICY_'));
  assert.deepEqual(warnings, ['device-policy: ignoring DEVICE_POLICY_NOTE, DEVICE_POLICY_PORT: they set no option of apply']);
  assert.ok(!cli.stderr.includes('do-not-print-me'));
});

test('a switch on by default is turned off by its --no- form\'s name too (DEVICE_POLICY_NO_VERIFY_DEVICES), which is no stray name', () => {
  const apply = { keys: ['verify-devices', 'check-policies', 'out'], switches: new Set(['verify-devices', 'check-policies']) };
  assert.deepEqual(optionsFromEnv(apply, { DEVICE_POLICY_NO_VERIFY_DEVICES: 'yes' }), { 'verify-devices': false });
  assert.deepEqual(optionsFromEnv(apply, { DEVICE_POLICY_NO_CHECK_POLICIES: '0' }), { 'check-policies': true });
  // The option's own name wins over its --no- form.
  assert.deepEqual(optionsFromEnv(apply, { DEVICE_POLICY_VERIFY_DEVICES: 'on', DEVICE_POLICY_NO_VERIFY_DEVICES: '1' }), { 'verify-devices': true });
  assert.throws(() => optionsFromEnv(apply, { DEVICE_POLICY_NO_VERIFY_DEVICES: 'perhaps' }), (e: unknown) => e instanceof UsageError && /DEVICE_POLICY_NO_VERIFY_DEVICES \(--no-verify-devices\) must be one of/.test(e.message));
  assert.throws(() => optionsFromEnv(apply, { DEVICE_POLICY_NO_OUT: '1' }), (e: unknown) => e instanceof UsageError && /--out is not a switch/.test(e.message));
  assert.deepEqual(strayEnvNames(apply.keys, apply.keys, { DEVICE_POLICY_NO_VERIFY_DEVICES: '1' }), { misspelt: [], ignored: [] });
});
