// `--help` alone must take a user to the options they need: every command says what it does, sorts
// every option into a named group, and shows worked examples. Options may also come from DEVICE_POLICY_*
// variables, which must never stop a command or show their values.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { FIXTURES, tempDir } from '../helpers/paths.js';

const COMMANDS = ['apply', 'status', 'template', 'simulator', 'demo', 'completion', 'ui'];
/** yargs's own options, which stay under its "Options:" heading. */
const GENERAL = new Set(['--help', '--version', '-h', '-V']);

interface Help {
  /** The line under the usage line. */
  description: string;
  /** Heading ("Input:") → the lines under it. */
  sections: Map<string, string[]>;
}

function parseHelp(text: string): Help {
  const sections = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of text.split('\n')) {
    if (/^\S.*:$/.test(line)) sections.set(line, (current = []));
    else if (current !== undefined && line.trim() !== '') current.push(line);
  }
  return { description: text.split('\n')[2] ?? '', sections };
}

/** Options named at the start of a line of a section (`  --wait`, `  -h, --help`). */
function optionsIn(lines: readonly string[]): string[] {
  return lines.flatMap((line) => [...(/^\s+((?:-{1,2}[\w-]+(?:, )?)+)/.exec(line)?.[1]?.matchAll(/-{1,2}[\w-]+/g) ?? [])].map(([o]) => o));
}

for (const command of COMMANDS) {
  test(`device-policy ${command} --help: a description, every option in a named group, and worked examples`, async () => {
    const cli = await runCli([command, '--help']);
    assert.equal(cli.code, 0, cli.stderr);
    const help = parseHelp(cli.stdout);
    assert.match(help.description, /^[a-z].{20,}/, `a one-line description:\n${cli.stdout}`);

    for (const [heading, lines] of help.sections) {
      if (heading !== 'Options:') continue;
      const loose = optionsIn(lines).filter((o) => !GENERAL.has(o));
      assert.deepEqual(loose, [], `options outside a named group:\n${cli.stdout}`);
    }
    const examples = (help.sections.get('Examples:') ?? []).filter((line) => line.startsWith(`  device-policy ${command}`));
    assert.ok(examples.length >= 2, `two or more examples of ${command}:\n${cli.stdout}`);
  });
}

test('device-policy apply --help groups its options as input, sending, output and sign-in', async () => {
  const help = parseHelp((await runCli(['apply', '--help'])).stdout);
  const expected: Record<string, string[]> = {
    'Input:': ['--sheet', '--map', '--customer', '--policy'],
    'Sending:': ['--dry-run', '--endpoint', '--concurrency', '--wait'],
    'Output:': ['--out', '--report', '--log', '--json'],
    'Sign-in:': ['--auth', '--token-file'],
  };
  for (const [heading, options] of Object.entries(expected)) {
    const found = optionsIn(help.sections.get(heading) ?? []);
    for (const option of options) assert.ok(found.includes(option), `${option} under ${heading}: ${found.join(' ')}`);
  }
});

for (const command of ['apply', 'status']) {
  test(`device-policy ${command} --help ends with the exit codes and --json's outcome word for each, as the README lists them`, async () => {
    const help = parseHelp((await runCli([command, '--help'])).stdout);
    const section = [...help.sections].find(([heading]) => heading.startsWith('Exit codes'))?.[1] ?? [];
    const codes = section.flatMap((line) => {
      const found = /^\s+(\d+)\s+([a-z-]+)\s/.exec(line);
      return found === null ? [] : [`${found[1]} ${found[2]}`];
    });
    assert.deepEqual(codes, ['0 done', '1 needs-attention', '2 not-started', '3 pending', '130 interrupted']);
  });
}

test('device-policy apply --help names the fields --map takes, and the headers each answers to', async () => {
  const help = (await runCli(['apply', '--help'])).stdout;
  for (const field of ['customer', 'device', 'policy', 'serial', 'productKey', 'hardwareHash', 'policyName', 'manufacturer', 'model', 'customerName']) {
    assert.match(help, new RegExp(`^  ${field} +\\S`, 'm'), `${field} listed with its headers`);
  }
  assert.match(help, /^  serial +Serial Number, Serial, Device Serial Number$/m);
  assert.match(help, /--map serial="Serial No\."/);
});

test('device-policy --help lists every command and shows examples', async () => {
  const cli = await runCli(['--help']);
  assert.equal(cli.code, 0, cli.stderr);
  const help = parseHelp(cli.stdout);
  const commands = (help.sections.get('Commands:') ?? []).join('\n');
  for (const command of COMMANDS) assert.match(commands, new RegExp(`device-policy ${command}\\b`));
  assert.ok((help.sections.get('Examples:') ?? []).length >= 2, cli.stdout);
});

const SAMPLE = join(FIXTURES, 'sample-devices.xlsx');

interface DrySummary {
  requests: number;
}

test('DEVICE_POLICY_<OPTION> sets an option; the command line wins; unrelated variables are ignored and never shown', async (t) => {
  const dir = tempDir(t);
  const dry = async (env: Record<string, string>, extra: string[] = []): Promise<DrySummary> => {
    const cli = await runCli(['apply', SAMPLE, '--dry-run', '--quiet', '--json', '--out', join(dir, 'r.json'), ...extra], { env });
    assert.ok(!`${cli.stdout}${cli.stderr}`.includes('do-not-print-me'), 'no DEVICE_POLICY_* value is shown');
    return JSON.parse(cli.stdout) as DrySummary;
  };
  const byDefault = await dry({});
  const fromEnv = await dry({ DEVICE_POLICY_CHUNK_SIZE: '7', DEVICE_POLICY_TOKEN: 'do-not-print-me' });
  const commandLine = await dry({ DEVICE_POLICY_CHUNK_SIZE: '7' }, ['--chunk-size', '100']);
  assert.ok(fromEnv.requests > byDefault.requests, `7 devices per request need more requests than 100 (${fromEnv.requests} vs ${byDefault.requests})`);
  assert.equal(commandLine.requests, byDefault.requests);
});

test('a bad value from DEVICE_POLICY_* is a usage error that names the variable, not its value', async () => {
  const cli = await runCli(['apply', SAMPLE, '--dry-run'], { env: { DEVICE_POLICY_CHUNK_SIZE: '0', DEVICE_POLICY_NOTE: 'do-not-print-me' } });
  assert.equal(cli.code, 2);
  assert.match(cli.stderr, /--chunk-size/);
  assert.match(cli.stderr, /DEVICE_POLICY_CHUNK_SIZE/);
  assert.ok(!cli.stderr.includes('do-not-print-me'));
});

test('device-policy completion prints a bash script that asks the CLI for completions', async () => {
  const script = await runCli(['completion']);
  assert.equal(script.code, 0, script.stderr);
  assert.match(script.stdout, /complete .*device-policy/);
  assert.match(script.stdout, /device-policy completion >> ~\/\.bashrc/);
  const words = await runCli(['--get-yargs-completions', 'device-policy', 'ap']);
  assert.ok(words.stdout.split('\n').includes('apply'), words.stdout);
  const options = await runCli(['--get-yargs-completions', 'device-policy', 'apply', '--dr']);
  assert.ok(options.stdout.split('\n').includes('--dry-run'), options.stdout);
});

test('device-policy completion in zsh prints a zsh script', async () => {
  const script = await runCli(['completion'], { env: { SHELL: '/bin/zsh' } });
  assert.equal(script.code, 0, script.stderr);
  assert.match(script.stdout, /^#compdef device-policy/m);
});
