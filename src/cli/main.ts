#!/usr/bin/env node
// cli.js is loaded here rather than imported statically, so that a broken installation (an exceljs
// that is not the one its patch expects) ends with its one-line message rather than a stack trace.
import { ExceljsMismatchError } from '../vendor/exceljs-expected.js';

try {
  const { runCli } = await import('./cli.js');
  process.exitCode = await runCli(process.argv.slice(2));
} catch (e) {
  if (!(e instanceof ExceljsMismatchError)) throw e;
  process.stderr.write(`device-policy: ${e.message}\n`);
  process.exitCode = 2;
}
