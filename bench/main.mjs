#!/usr/bin/env node
// The project's benchmark (`npm run bench`, after `npm ci` and `npm run build`): measures what issue 10
// sets targets for, prints the Markdown and writes it into BENCHMARKS.md between its markers.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { dryRuns } from './lib/dry-run.mjs';
import { checkTimeTool } from './lib/measure.mjs';
import { parseOptions, UsageError, USAGE } from './lib/options.mjs';
import { checkBuilt, ROOT } from './lib/paths.mjs';
import { BEGIN, END, machine, render } from './lib/report.mjs';
import { fullRuns } from './lib/send.mjs';
import { statusRuns } from './lib/status.mjs';
import { resolveRuns } from './lib/resolve.mjs';
import { hashRuns } from './lib/hash.mjs';

const argv = process.argv.slice(2);
let options;
try {
  options = parseOptions(argv);
} catch (e) {
  if (!(e instanceof UsageError)) throw e;
  console.error(`bench: ${e.message}\n\n${USAGE}`);
  process.exit(2);
}
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}
checkBuilt();
checkTimeTool();

const say = (line) => process.stderr.write(`bench: ${line}\n`);
const dir = mkdtempSync(join(tmpdir(), 'device-policy-bench-'));
const started = new Date();
const host = machine();
try {
  // A section that fails is said so and left out; the others' figures are not lost with it.
  const section = async (name, run) => {
    if (!options.sections.has(name)) return undefined;
    try {
      return await run(options, dir, say);
    } catch (e) {
      failed.push(name);
      say(`${name} failed: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  };
  const failed = [];
  const dry = await section('dry-run', dryRuns);
  const send = await section('send', fullRuns);
  const status = await section('status', statusRuns);
  const resolving = await section('resolve', resolveRuns);
  const hashes = await section('hash', hashRuns);
  const markdown = render({ started, finished: new Date(), argv, host, loadAfter: loadavg()[0], dry, send, status, resolving, hashes, repeat: options.repeat, repeatSlow: options.repeatSlow });
  process.stdout.write(`${markdown}\n`);
  if (options.out !== undefined) {
    const path = resolve(ROOT, options.out);
    writeFileSync(path, spliced(existsSync(path) ? readFileSync(path, 'utf8') : '', markdown));
    say(`wrote ${path}`);
  }
  if (failed.length > 0) process.exitCode = 1;
} finally {
  if (options.keep) say(`inputs kept in ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

/** Replaces what lies between the markers (or appends), leaving the hand-written notes around it. */
function spliced(text, markdown) {
  const begin = text.indexOf(BEGIN.slice(0, 18));
  const end = text.indexOf(END);
  if (begin >= 0 && end > begin) return `${text.slice(0, begin)}${markdown}${text.slice(end + END.length)}`;
  const head = text.trim() === '' ? '# Benchmarks\n' : text.trimEnd();
  return `${head}\n\n${markdown}\n`;
}
