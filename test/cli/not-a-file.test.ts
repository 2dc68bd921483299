// Input must be a regular file. A named pipe once hung the run where even Ctrl-C could not reach it (the
// open waited for a writer); now it, a device and a folder end the run at once with exit 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';

test('apply and status refuse a named pipe, a device and a folder at once (exit 2), never waiting on them', { skip: process.platform === 'win32' && 'no FIFOs on Windows' }, async (t) => {
  const dir = tempDir(t);
  const fifo = join(dir, 'devices.csv');
  execFileSync('mkfifo', [fifo]);
  mkdirSync(join(dir, 'folder.xlsx'));
  const cases: Array<{ args: string[]; says: RegExp }> = [
    { args: ['apply', fifo, '--dry-run', '--offline', '--out', join(dir, 'r.csv')], says: /devices\.csv: is a named pipe \(FIFO\), not a file/ },
    { args: ['apply', '/dev/zero', '--dry-run', '--offline', '--out', join(dir, 'r.csv')], says: /\/dev\/zero: is a device, not a file/ },
    { args: ['apply', join(dir, 'folder.xlsx'), '--dry-run', '--offline', '--out', join(dir, 'r.csv')], says: /folder\.xlsx: is a folder, not a file/ },
    { args: ['status', fifo], says: /cannot read .*devices\.csv: it is a named pipe \(FIFO\), not a file/ },
  ];
  for (const c of cases) {
    const run = await runCli(c.args);
    assert.equal(run.code, 2, `${c.args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, c.says);
    assert.doesNotMatch(run.stderr, /\n\s+at /);
  }
});
