// The README's and --help's examples marked runnable, run as written against the bundled simulator, from
// a folder laid out as a clone's root (fixtures/ beside the user's files). test/package/install.test.ts
// runs them again from an installed package, where fixtures/ is not in the folder.
import assert from 'node:assert/strict';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { helpExamples, readmeExamples, runExample, type RunnableExample } from '../helpers/examples.js';
import { CLI, FIXTURES, tempDir } from '../helpers/paths.js';

const examples: RunnableExample[] = [...readmeExamples(), ...helpExamples()];

test('the README and the help mark their examples (so that a lost mark does not pass for a run)', () => {
  const readme = readmeExamples();
  assert.ok(readme.length >= 7, `README examples found: ${readme.map((e) => e.source).join(', ')}`);
  const help = new Set(helpExamples().map((e) => e.source));
  for (const command of ['--help', 'apply --help', 'status --help', 'template --help', 'simulator --help', 'demo --help']) {
    assert.ok(help.has(command), `${command} has a runnable example`);
  }
});

describe('every marked example runs as written and succeeds', { concurrency: 3 }, () => {
  for (const example of examples) {
    test(`${example.source}: ${example.lines.join(' && ')}`, async (t) => {
      const dir = tempDir(t);
      symlinkSync(FIXTURES, join(dir, 'fixtures'));
      const failed = await runExample(example, { bin: CLI, dir });
      assert.equal(failed, undefined, failed === undefined ? '' : `${failed.line}\nexit ${String(failed.code)}\n${failed.stderr}${failed.stdout}`);
    });
  }
});
