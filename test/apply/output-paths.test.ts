// The output checks of SPEC §2 Safety of the work, on real files and links: each refusal names the
// flag and the path, and says what to do.
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkOutputPaths, type OutputPath } from '../../src/apply/output-paths.js';
import { isInputError } from '../../src/read/errors.js';
import { tempDir } from '../helpers/paths.js';

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
