// What a user sees when nothing can be done (SPEC §2 Exit codes: 2): an unreadable or unusable input,
// a bad option, no credentials, an endpoint a token must not go to. Each run is the built CLI as a child
// process; each must say what is wrong (naming the file, and the sheet) and must write no results file.
import assert from 'node:assert/strict';
import { copyFile, readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { FIXTURES, ROOT, tempDir } from '../helpers/paths.js';

const SAMPLE = join(FIXTURES, 'sample-devices.xlsx');

interface UsageCase {
  name: string;
  /** Arguments after `apply`, before `--out`; FIXTURES-relative files are joined by the case. */
  args: string[];
  env?: Record<string, string>;
  /** What stderr must say. */
  says: (string | RegExp)[];
}

const fixture = (name: string): string => join(FIXTURES, name);

const CASES: UsageCase[] = [
  {
    name: 'two columns with the same header',
    args: [fixture('edge/duplicate-header.csv'), '--dry-run'],
    says: [fixture('edge/duplicate-header.csv'), '"Device ID" (column B)', '"Device ID" (column D)'],
  },
  {
    name: 'two aliases of one field',
    args: [fixture('edge/two-aliases.csv'), '--dry-run'],
    says: [fixture('edge/two-aliases.csv'), '"Device"', '"Partner Center Device ID"'],
  },
  {
    name: 'no header row: the headers found are listed',
    args: [fixture('edge/no-header.csv'), '--dry-run'],
    says: [fixture('edge/no-header.csv'), /no header/i, '"Name"', '"Address"', '"Phone"'],
  },
  {
    name: 'a header without a policy column, and no --policy',
    args: [fixture('edge/missing-policy.csv'), '--dry-run'],
    says: [fixture('edge/missing-policy.csv'), '"Customer ID"', '"Device ID"', '"Model"', /policy/i],
  },
  {
    name: 'an empty file',
    args: [fixture('edge/empty.csv'), '--dry-run'],
    says: [fixture('edge/empty.csv'), /empty/],
  },
  {
    name: 'a PDF',
    args: [fixture('edge/report.pdf'), '--dry-run'],
    says: [fixture('edge/report.pdf'), /PDF/, /not a spreadsheet/],
  },
  {
    name: 'a legacy .xls workbook',
    args: [fixture('edge/legacy.xls'), '--dry-run'],
    says: [fixture('edge/legacy.xls'), /97-2003|legacy/, /\.xlsx or CSV/],
  },
  {
    name: 'a file that does not exist',
    args: [fixture('no-such-file.csv'), '--dry-run'],
    says: [fixture('no-such-file.csv')],
  },
  {
    name: 'an unknown --sheet: the sheets are listed',
    args: [fixture('vendor-workbook.xlsx'), '--dry-run', '--sheet', 'Geräte'],
    says: [fixture('vendor-workbook.xlsx'), '"Geräte"', '"Cover"', '"Devices"'],
  },
  {
    name: '--sheet on a CSV file',
    args: [fixture('european-export.csv'), '--dry-run', '--sheet', 'Devices'],
    says: [fixture('european-export.csv'), /--sheet/],
  },
  {
    name: '--map naming a column the header lacks',
    args: [fixture('european-export.csv'), '--dry-run', '--map', 'device=Gerät'],
    says: [fixture('european-export.csv'), '"Gerät"'],
  },
  {
    name: 'an option that does not exist (--frobnicate)',
    args: [SAMPLE, '--dry-run', '--frobnicate'],
    says: [/frobnicate/],
  },
  {
    name: '--chunk-size 0',
    args: [SAMPLE, '--dry-run', '--chunk-size', '0'],
    says: ['--chunk-size', /at least 1/, /got 0/],
  },
  {
    name: '--map without FIELD=COLUMN',
    args: [SAMPLE, '--dry-run', '--map', 'nonsense'],
    says: ['--map', 'FIELD=COLUMN', '"nonsense"'],
  },
  {
    name: '--map with an unknown field',
    args: [SAMPLE, '--dry-run', '--map', 'colour=Model'],
    says: ['"colour"', /customer, device, policy/],
  },
  {
    name: 'sending without credentials: the ways to sign in are listed',
    args: [SAMPLE],
    says: ['PARTNER_CENTER_TOKEN', '--token-file', 'AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', '--auth cli', '--auth device-code', '--auth managed-identity'],
  },
  {
    name: 'a token for a plain-http endpoint that is not loopback',
    args: [SAMPLE, '--endpoint', 'http://example.com'],
    env: { PARTNER_CENTER_TOKEN: 'not-a-real-token' },
    says: [/refus/, 'http://example.com', /loopback/],
  },
];

for (const c of CASES) {
  test(`exit 2 and no results file: ${c.name}`, async (t) => {
    const dir = tempDir(t);
    const cli = await runCli(['apply', ...c.args, '--out', join(dir, 'r.xlsx')], { env: c.env ?? {}, cwd: dir });
    assert.equal(cli.code, 2, `exit code; stderr: ${cli.stderr}`);
    for (const words of c.says) {
      if (typeof words === 'string') assert.ok(cli.stderr.includes(words), `stderr names ${words}:\n${cli.stderr}`);
      else assert.match(cli.stderr, words);
    }
    assert.deepEqual(await readdir(dir), [], 'nothing written');
    // A token never shows in what the user sees.
    assert.ok(!`${cli.stdout}${cli.stderr}`.includes('not-a-real-token'));
  });
}

test('a missing file is reported as a plain message, not as an unexpected error', async (t) => {
  const dir = tempDir(t);
  const cli = await runCli(['apply', fixture('no-such-file.csv'), '--dry-run', '--out', join(dir, 'r.xlsx')]);
  assert.equal(cli.code, 2);
  assert.doesNotMatch(cli.stderr, /unexpected error|\n\s+at /);
  assert.match(cli.stderr, /no such file/);
});

test('--out naming the input itself is refused, and the input is left as it was', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'devices.csv');
  await copyFile(fixture('european-export.csv'), file);
  const before = await readFile(file);
  const cli = await runCli(['apply', file, '--dry-run', '--out', file]);
  assert.equal(cli.code, 2, cli.stderr);
  assert.deepEqual(await readFile(file), before);
});

/** This machine's first address that is not loopback, if it has one. */
function nonLoopbackAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((i) => i !== undefined && !i.internal && i.family === 'IPv4')?.address;
}

test('a token is refused for http:// on a non-loopback address before any request is made', async (t) => {
  const address = nonLoopbackAddress();
  if (address === undefined) {
    t.skip('this machine has no non-loopback IPv4 address');
    return;
  }
  // A real server on that address: had the tool sent anything, it would have arrived here.
  const received: string[] = [];
  const server = createServer((req, res) => {
    received.push(`${req.method ?? ''} ${req.url ?? ''} ${req.headers.authorization ?? ''}`);
    res.writeHead(202, { location: '/customers/x/batchJobStatus/y' }).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
  t.after(() => server.close());
  const endpoint = `http://${address}:${(server.address() as AddressInfo).port}`;
  // The server is reachable there, so "nothing received" means "nothing sent".
  assert.equal((await fetch(`${endpoint}/probe`, { method: 'POST' })).status, 202);
  received.length = 0;

  const dir = tempDir(t);
  const cli = await runCli(['apply', SAMPLE, '--endpoint', endpoint, '--out', join(dir, 'r.xlsx')], {
    env: { PARTNER_CENTER_TOKEN: 'not-a-real-token' },
  });
  assert.equal(cli.code, 2, cli.stderr);
  assert.match(cli.stderr, /loopback/);
  assert.deepEqual(received, []);
  assert.deepEqual(await readdir(dir), []);
});

test('--version prints the version of package.json', async () => {
  const { version } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const cli = await runCli(['--version']);
  assert.equal(cli.code, 0);
  assert.equal(cli.stdout.trim(), version);
});

test('-V is --version, -h is --help, and no command at all prints the help on stderr, exit 2', async () => {
  const { version } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const short = await runCli(['-V']);
  assert.equal(short.code, 0);
  assert.equal(short.stdout.trim(), version);
  const help = await runCli(['--help']);
  const h = await runCli(['-h']);
  assert.equal(h.code, 0, h.stderr);
  assert.equal(h.stdout, help.stdout, 'device-policy -h');
  // A script that lost its command must not pass for one that ran: the help, as a usage error.
  const none = await runCli([]);
  assert.equal(none.code, 2, none.stderr);
  assert.equal(none.stdout, '');
  assert.equal(none.stderr, help.stdout, 'device-policy alone');
  const applyHelp = await runCli(['apply', '-h']);
  assert.equal(applyHelp.code, 0);
  assert.match(applyHelp.stdout, /--dry-run/);
  const unknown = await runCli(['frobnicate']);
  assert.equal(unknown.code, 2, 'an unknown command is still a usage error');
});

const COMMANDS = [
  { command: [], mentions: ['apply', 'status', 'template', 'simulator', 'demo'] },
  { command: ['apply'], mentions: ['--dry-run', '--out', '--sheet', '--header-row', '--map', '--customer', '--policy', '--chunk-size', '--json'] },
  { command: ['status'], mentions: ['--wait', '--wait-timeout'] },
  { command: ['template'], mentions: ['file'] },
  { command: ['simulator'], mentions: ['--port'] },
  { command: ['demo'], mentions: ['demo'] },
];

for (const { command, mentions } of COMMANDS) {
  test(`device-policy ${[...command, '--help'].join(' ')} exits 0 and describes its options`, async () => {
    const cli = await runCli([...command, '--help']);
    assert.equal(cli.code, 0, cli.stderr);
    for (const word of mentions) assert.ok(cli.stdout.includes(word), `help mentions ${word}:\n${cli.stdout}`);
  });
}
