// The output checks of SPEC §2 Safety of the work, on real files and links: each refusal names the
// flag and the path, and says what to do.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkOutputPaths, type OutputPath } from '../../src/setup/output-paths.js';
import { isInputError } from '../../src/read/errors.js';
import { tempDir } from '../helpers/paths.js';
import { runCli } from '../helpers/cli.js';

interface Case {
  name: string;
  outputs: (dir: string, input: string) => OutputPath[];
  implied?: (dir: string) => OutputPath[];
  says: RegExp | undefined;
}

const CASES: Case[] = [
  { name: 'separate files in a writable folder', outputs: (d) => [{ flag: '--out', path: join(d, 'r.xlsx') }, { flag: '--log', path: join(d, 'http.ndjson') }], says: undefined },
  { name: '--out naming an existing folder', outputs: (d) => [{ flag: '--out', path: join(d, 'sub') }], says: /^--out .*sub is a folder: name a file in it instead$/ },
  { name: '--out in a folder that does not exist', outputs: (d) => [{ flag: '--out', path: join(d, 'missing', 'r.csv') }], says: /^--out .*: the folder .*missing does not exist$/ },
  { name: '--out in a "folder" that is a file', outputs: (_, input) => [{ flag: '--out', path: join(input, 'r.csv') }], says: /is not a folder/ },
  { name: '--log naming the input', outputs: (d, input) => [{ flag: '--out', path: join(d, 'r.xlsx') }, { flag: '--log', path: input }], says: /^--log .*devices\.csv is the input file itself/ },
  { name: '--log naming the input through a link', outputs: (d) => [{ flag: '--log', path: join(d, 'link-to-input.csv') }], says: /^--log .*link-to-input\.csv is the input file itself/ },
  { name: '--out naming the input through a linked folder', outputs: (d) => [{ flag: '--out', path: join(d, 'linked', 'devices.csv') }], says: /^--out .* is the input file itself/ },
  { name: '--out naming the input with a detour', outputs: (d) => [{ flag: '--out', path: join(d, 'sub', '..', 'devices.csv') }], says: /is the input file itself/ },
  {
    name: '--report and --log naming one file',
    outputs: (d) => [{ flag: '--report', path: join(d, 'ticket.md') }, { flag: '--log', path: join(d, 'sub', '..', 'ticket.md') }],
    says: /^--log .*ticket\.md and --report .*ticket\.md are the same file/,
  },
  {
    name: '--log naming the journal',
    outputs: (d) => [{ flag: '--out', path: join(d, 'r.xlsx') }, { flag: '--log', path: join(d, 'r.xlsx.journal') }],
    implied: (d) => [{ flag: 'the journal', path: join(d, 'r.xlsx.journal') }],
    says: /^the journal .*r\.xlsx\.journal and --log .*r\.xlsx\.journal are the same file/,
  },
];

for (const c of CASES) {
  test(c.name, async (t) => {
    const dir = tempDir(t);
    const input = join(dir, 'devices.csv');
    writeFileSync(input, 'Customer ID,Device ID,Policy ID\n');
    mkdirSync(join(dir, 'sub'));
    symlinkSync(input, join(dir, 'link-to-input.csv'));
    symlinkSync(dir, join(dir, 'linked'));
    const check = checkOutputPaths(input, c.outputs(dir, input), c.implied?.(dir) ?? []);
    if (c.says === undefined) return assert.doesNotReject(check);
    const says = c.says;
    await assert.rejects(check, (e: unknown) => isInputError(e) && e.code === 'bad-option' && says.test(e.message));
  });
}

test('apply checks --failures with its other outputs: the same file as --out, or the input, is refused before anything is read (exit 2)', async (t) => {
  const dir = tempDir(t);
  const input = join(dir, 'devices.csv');
  writeFileSync(input, 'Customer ID,Device ID,Policy ID\r\nc7f3c849-129f-4b85-a96d-4f8e88b315a3,DEV-1,15a04610-9229-4e80-94e0-0e826a09c9e2\r\n');
  mkdirSync(join(dir, 'sub'));
  mkdirSync(join(dir, 'fix.csv'));
  const cases: Array<{ args: string[]; says: RegExp }> = [
    { args: ['--out', join(dir, 'r.csv'), '--failures', join(dir, 'sub', '..', 'r.csv')], says: /^device-policy: --failures .*r\.csv and --out .*r\.csv are the same file/m },
    { args: ['--out', join(dir, 'r.csv'), '--failures', input], says: /^device-policy: --failures .*devices\.csv is the input file itself/m },
    { args: ['--out', join(dir, 'r.csv'), '--failures', join(dir, 'fix.csv')], says: /^device-policy: --failures .*fix\.csv is a folder/m },
  ];
  for (const c of cases) {
    const run = await runCli(['apply', input, '--dry-run', '--offline', ...c.args]);
    assert.equal(run.code, 2, `${c.args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, c.says);
    assert.ok(!existsSync(join(dir, 'r.csv')), 'nothing was written');
  }
});
