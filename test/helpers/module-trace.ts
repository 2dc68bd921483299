// Loaded with `--import` into a CLI process under test (see loadedPackages in module-trace-run.ts): writes
// every module the process loads to the file named by MODULE_TRACE_FILE, one URL or path a line. ES
// modules are seen by a resolve hook (which runs on the loader's own thread, so it appends to the file
// itself); CommonJS modules, also those required through createRequire, are in require.cache at exit.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const file = process.env['MODULE_TRACE_FILE'];
if (file !== undefined) {
  register(new URL('./module-trace-hooks.js', import.meta.url), { data: { file } });
  const cache = createRequire(import.meta.url).cache;
  process.on('exit', () => {
    appendFileSync(file, Object.keys(cache).map((path) => `${path}\n`).join(''));
  });
}
