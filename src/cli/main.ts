#!/usr/bin/env node
// A broken installation (an exceljs that is not the one its patch expects) ends here with its one-line
// message rather than a stack trace; it is checked before anything else, without loading exceljs.
import { checkInstalledExceljs, ExceljsMismatchError } from '../vendor/exceljs-expected.js';

// A safety net: should a library ever leave the run waiting on nothing (an event that never comes),
// Node would exit with code 13 and no word. Say so instead.
let settled = false;
process.once('beforeExit', () => {
  if (settled) return;
  process.stderr.write('device-policy: the run stopped half-way, waiting for something that never came; this is a bug, please report it (with the input file if you can)\n');
  process.exitCode = 2;
});

try {
  checkInstalledExceljs();
  const { runCli } = await import('./cli.js');
  process.exitCode = await runCli(process.argv.slice(2));
  settled = true;
} catch (e) {
  settled = true;
  if (!(e instanceof ExceljsMismatchError)) throw e;
  process.stderr.write(`device-policy: ${e.message}\n`);
  process.exitCode = 2;
}
