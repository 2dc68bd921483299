// Every command, given what people get wrong (a typo, a missing or extra argument, a value out of range, a
// file that is not there or not the right kind): exit 2, one message in the tool's words on stderr that
// names the next step where there is one, and never a stack trace.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { FIXTURES, tempDir } from '../helpers/paths.js';

const SAMPLE = join(FIXTURES, 'sample-devices.xlsx');

interface BadCase {
  args: string[];
  /** What stderr must say besides (the next step, where there is one). */
  says?: (string | RegExp)[];
}

/** Files the cases name, made in the case's own folder: `@folder` is a folder, `@bad.json` not JSON, `@results` a results file. */
function prepare(dir: string, args: readonly string[]): string[] {
  mkdirSync(join(dir, 'folder.xlsx'));
  writeFileSync(join(dir, 'bad.json'), '{"customers": ');
  writeFileSync(join(dir, 'taken.xlsx'), 'a filled-in sheet');
  return args.map((a) => (a.startsWith('@') ? join(dir, a.slice(1)) : a));
}

const CASES: Record<string, BadCase[]> = {
  '(no command)': [
    { args: [], says: ['Commands:', 'device-policy apply'] },
    { args: ['aply', 'x.xlsx'], says: ['unknown command "aply"', 'did you mean "apply"'] },
    { args: ['stauts'], says: ['did you mean "status"'] },
    { args: ['devices.xlsx'], says: ['device-policy apply devices.xlsx'] },
    { args: ['--verison'], says: ['did you mean --version'] },
  ],
  apply: [
    { args: ['apply'], says: ['name the spreadsheet to apply: device-policy apply FILE'] },
    { args: ['apply', SAMPLE, 'second.xlsx'], says: ['"second.xlsx" is one too many'] },
    { args: ['apply', SAMPLE, '--dry-runn'], says: ['--dry-runn', 'did you mean --dry-run'] },
    { args: ['apply', SAMPLE, '--concurency', '3'], says: ['did you mean --concurrency'] },
    { args: ['apply', SAMPLE, '--no-chek-policies'], says: ['did you mean --no-check-policies'] },
    { args: ['apply', SAMPLE, '-o', 'r.xlsx'], says: ['--out'] },
    { args: ['apply', SAMPLE, '--dry-run', '--out'], says: ['--out needs a value'] },
    { args: ['apply', SAMPLE, '--dry-run', '--policy', ''], says: ['--policy needs a value'] },
    { args: ['apply', SAMPLE, '--auth', 'tokn'], says: ['did you mean "token"'] },
    { args: ['apply', SAMPLE, '--dry-run', '--chunk-size', 'abc'], says: ['--chunk-size', 'not a number'] },
    { args: ['apply', SAMPLE, '--dry-run', '--header-row', '0'], says: ['--header-row'] },
    { args: ['apply', SAMPLE, '--dry-run', '--timeout', '-1'], says: ['--timeout'] },
    { args: ['apply', SAMPLE, '--dry-run', '--map', 'serial'], says: ['FIELD=COLUMN'] },
    { args: ['apply', SAMPLE, '--dry-run', '--wait'], says: ['--wait'] },
    { args: ['apply', '@missing.xlsx'], says: ['missing.xlsx: no such file'] },
    { args: ['apply', '/no/such/folder/devices.xlsx'], says: ['/no/such/folder/devices.xlsx: no such file (the folder /no/such/folder does not exist)'] },
    { args: ['apply', '@folder.xlsx', '--dry-run'], says: ['folder.xlsx'] },
    { args: ['apply', '@bad.json', '--dry-run'], says: ['bad.json'] },
    { args: ['apply', SAMPLE, '--dry-run', '--out', '/no/such/folder/r.xlsx'], says: ['does not exist'] },
    { args: ['apply', SAMPLE, '--dry-run', '--out', 'r.txt'], says: ['.xlsx, .csv or .json'] },
    { args: ['apply', SAMPLE, '--dry-run', '--report', 'r.txt'], says: ['FILE.md'] },
    { args: ['apply', SAMPLE, '--dry-run', '--endpoint', 'not a url'], says: ['not a url'] },
    { args: ['apply', SAMPLE, '--auth', 'token', '--token-file', '@missing-token.txt'], says: ['missing-token.txt'] },
  ],
  status: [
    { args: ['status'], says: ['name the results file to check: device-policy status RESULTS'] },
    { args: ['status', '@missing.results.xlsx'], says: ['no such file'] },
    { args: ['status', SAMPLE], says: ['sample-devices.xlsx'] },
    { args: ['status', '@taken.xlsx'], says: ['taken.xlsx'] },
    { args: ['status', '@missing.results.xlsx', '--wiat'], says: ['did you mean --wait'] },
    { args: ['status', '@missing.results.xlsx', '--wait-timeout', '0'], says: ['--wait-timeout'] },
  ],
  template: [
    { args: ['template', 'devices.txt'], says: ['.xlsx or .csv'] },
    { args: ['template', '/no/such/folder/t.xlsx'], says: ['does not exist'] },
    { args: ['template', '@taken.xlsx'], says: ['already exists'] },
    { args: ['template', 'a.xlsx', 'b.xlsx'], says: ['"b.xlsx" is one too many'] },
    { args: ['template', '--force'], says: ['unknown option for template: --force'] },
  ],
  simulator: [
    { args: ['simulator', '--port', 'abc'], says: ['--port', 'not a number'] },
    { args: ['simulator', '--port', '99999'], says: ['--port'] },
    { args: ['simulator', '--prot', '8080'], says: ['did you mean --port'] },
    { args: ['simulator', '--data', '@missing.json'], says: ['--data', 'no such file'] },
    { args: ['simulator', '--data', '@bad.json'], says: ['bad.json', 'JSON'] },
    { args: ['simulator', '--data', '@folder.xlsx'], says: ['folder'] },
    { args: ['simulator', '--throttle-rate', '2'], says: ['--throttle-rate', 'probability'] },
    { args: ['simulator', '--latency', 'slow'], says: ['--latency'] },
    { args: ['simulator', '--max-in-flight', '0'], says: ['--max-in-flight'] },
    { args: ['simulator', '--host', 'no-such-host.invalid'], says: ['--host'] },
    { args: ['simulator', 'extra'], says: ['"extra" is one too many'] },
  ],
  demo: [
    { args: ['demo', '--out', '/no/such/folder/demo.xlsx', '--quiet'], says: ['does not exist'] },
    { args: ['demo', '--out', 'demo.txt', '--quiet'], says: ['.xlsx, .csv or .json'] },
    { args: ['demo', '--quite'], says: ['did you mean --quiet'] },
  ],
  completion: [
    { args: ['completion', 'bash'], says: ['"bash" is one too many'] },
    { args: ['completion', '--zsh'], says: ['unknown option'] },
  ],
};

for (const [command, cases] of Object.entries(CASES)) {
  describe(`device-policy ${command} with bad arguments`, { concurrency: 4 }, () => {
    for (const c of cases) {
      test(`${c.args.join(' ') || '(nothing)'}: exit 2, one clear message, no stack trace`, async (t) => {
        const dir = tempDir(t);
        const cli = await runCli(prepare(dir, c.args), { cwd: dir });
        assert.equal(cli.code, 2, `exit code; stderr:\n${cli.stderr}`);
        assert.doesNotMatch(cli.stderr, /^\s+at .+:\d+:\d+\)?$/m, 'no stack trace');
        assert.doesNotMatch(cli.stderr, /unexpected error|\b[A-Z][a-zA-Z]*Error\b|ENOENT|EISDIR|NaN/, 'no raw error');
        if (c.args.length > 0) assert.match(cli.stderr, /^device-policy: /m, `the message is the tool's:\n${cli.stderr}`);
        for (const words of c.says ?? []) {
          if (typeof words === 'string') assert.ok(cli.stderr.includes(words), `stderr says ${JSON.stringify(words)}:\n${cli.stderr}`);
          else assert.match(cli.stderr, words);
        }
      });
    }
  });
}
