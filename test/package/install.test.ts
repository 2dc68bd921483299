// The package as a user gets it: `npm pack`, then an install of the tarball into an empty folder with no
// network (every dependency comes from the npm cache that `npm ci` filled), then the installed command
// run from there. Catches what the repository hides: a file left out of `files`, a path that only
// resolves inside the repository, a message that names a file the package does not ship.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { ROOT, tempDir } from '../helpers/paths.js';
import { cleanEnv } from '../helpers/cli.js';
import { DEMO_FOLDER } from '../../src/demo/folder.js';
import { helpExamples, readmeExamples, runExample } from '../helpers/examples.js';

const run = promisify(execFile);

interface PackResult {
  filename: string;
  integrity: string;
  files: { path: string }[];
}

interface Manifest {
  name: string;
  version: string;
  license: string;
  bin: Record<string, string>;
  engines: Record<string, string>;
  dependencies: Record<string, string>;
}

interface LockEntry {
  dev?: boolean;
}

/** npm's own settings, minus those npm passes to scripts (a prefix that would point the child at ROOT). */
function npmEnv(): NodeJS.ProcessEnv {
  const env = cleanEnv();
  for (const key of Object.keys(env)) {
    if (/^npm_/i.test(key) && !/^npm_config_cache$/i.test(key)) delete env[key];
  }
  return { ...env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
}

async function npm(args: string[], cwd: string): Promise<string> {
  const { stdout } = await run('npm', args, { cwd, env: npmEnv(), maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

/**
 * A lockfile for a folder that depends on the tarball alone: the project's own lock entries for its
 * runtime dependencies, so that `npm ci --offline` needs only the tarballs `npm ci` cached, not the
 * registry's package lists.
 */
function lockFor(tarball: string, pack: PackResult): object {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const packages: Record<string, unknown> = Object.fromEntries(Object.entries(lock.packages).filter(([path, entry]) => path !== '' && entry.dev !== true));
  packages[''] = { name: 'first-user', dependencies: { [manifest.name]: tarball } };
  packages[`node_modules/${manifest.name}`] = {
    version: manifest.version,
    resolved: tarball,
    integrity: pack.integrity,
    license: manifest.license,
    dependencies: manifest.dependencies,
    bin: manifest.bin,
    engines: manifest.engines,
  };
  return { name: 'first-user', lockfileVersion: 3, requires: true, packages };
}

/** Every file of the repository that the built code names by its path relative to the project. */
function filesNamedInDist(): string[] {
  const named = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.js')) {
        for (const [candidate] of readFileSync(path, 'utf8').matchAll(/[\w.-]+(?:\/[\w.-]+)*\.(?:md|xlsx|csv|json)\b/g)) {
          // What `npm run demo` wrote is its output, not a file the code reads.
          if (existsSync(join(ROOT, candidate)) && !candidate.startsWith(`${DEMO_FOLDER}/`)) named.add(candidate);
        }
      }
    }
  };
  walk(join(ROOT, 'dist'));
  return [...named].sort();
}

test('the packed tarball installs offline in an empty folder, and --help, template, demo and the examples naming its files work there', async (t) => {
  const dir = tempDir(t, 'device-policy-pack-');
  // --ignore-scripts: `npm test` has just built dist/, which is what is packed.
  const [pack] = JSON.parse(await npm(['pack', '--ignore-scripts', '--json', '--pack-destination', dir], ROOT)) as PackResult[];
  assert.ok(pack, 'npm pack describes its tarball');
  const shipped = new Set(pack.files.map((f) => f.path));

  for (const file of filesNamedInDist()) assert.ok(shipped.has(file), `the code names ${file}, so the package must ship it`);
  for (const file of ['LICENSE', 'README.md', 'dist/cli/main.js', 'templates/device-policy-template.xlsx', 'templates/device-policy-template.csv', 'dist/ui/page/index.html', 'dist/ui/page/page.css', 'dist/ui/page/app.js']) {
    assert.ok(shipped.has(file), `the package ships ${file}`);
  }
  assert.ok(![...shipped].some((f) => f.startsWith('test/') || f.startsWith('dist-test/') || f.startsWith('src/')), 'no tests or sources in the package');

  const app = join(dir, 'first-user');
  await mkdir(app);
  const tarball = `file:${relative(app, join(dir, pack.filename))}`;
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'first-user', private: true, dependencies: { 'device-policy': tarball } }));
  writeFileSync(join(app, 'package-lock.json'), JSON.stringify(lockFor(tarball, pack)));
  await npm(['ci', '--offline'], app);

  // The bin as npm links it, run by this test's node (so the suite's Node version is the one tried).
  const bin = join(app, 'node_modules', '.bin', 'device-policy');
  const cli = (args: string[]) => run(process.execPath, [bin, ...args], { cwd: app, env: cleanEnv() });

  const help = await cli(['--help']);
  for (const command of ['apply', 'status', 'template', 'demo']) assert.match(help.stdout, new RegExp(`device-policy ${command}`));

  // The JSON Schema of --json ships, found by the package's name as a ticket job would find it.
  const schema = await run(process.execPath, ['-p', "require.resolve('device-policy/schema/summary.schema.json')"], { cwd: app, env: cleanEnv() });
  assert.equal((JSON.parse(readFileSync(schema.stdout.trim(), 'utf8')) as { $id?: string }).$id, 'urn:device-policy:summary:1');

  await cli(['template', 'devices.xlsx']);
  await cli(['template', 'devices.csv']);
  assert.ok(existsSync(join(app, 'devices.xlsx')) && existsSync(join(app, 'devices.csv')));

  const demo = await cli(['demo', '--quiet']);
  for (const name of ['sample-devices.results.xlsx', 'vendor-serials.results.xlsx']) {
    assert.ok(existsSync(join(app, DEMO_FOLDER, name)), `the demo wrote ${name} into its own folder where it was run`);
  }
  // Every file the demo points the user to is there, wherever the package was installed.
  const pointedTo = [...`${demo.stdout}${demo.stderr}`.matchAll(/\/[^\s()]+\.(?:md|xlsx|csv|json)\b/g)].map(([path]) => path);
  assert.ok(pointedTo.some((p) => p.endsWith('README.md')), `the demo names the list of the sample's mistakes:\n${demo.stdout}`);
  for (const path of pointedTo) assert.ok(existsSync(path), `${path}, named by the demo, exists`);

  // The examples that name the package's own files (`--data fixtures/simulator/sample-data.json`), run
  // as written from a folder of the user's, where no fixtures/ is: the installed package must find its own.
  const shippedPaths = [...readmeExamples(), ...helpExamples()].filter((e) => e.lines.some((l) => l.includes('fixtures/')));
  assert.ok(shippedPaths.length >= 2, 'the README and the simulator help name the sample data');
  for (const example of shippedPaths) {
    const folder = join(dir, `example-${shippedPaths.indexOf(example)}`);
    await mkdir(folder);
    const failed = await runExample(example, { bin, dir: folder });
    assert.equal(failed, undefined, failed === undefined ? '' : `${example.source}: ${failed.line}\nexit ${String(failed.code)}\n${failed.stderr}`);
  }
});
