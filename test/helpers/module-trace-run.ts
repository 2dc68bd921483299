// Runs the built CLI with module-trace.ts loaded, and says which packages the run loaded.
import { readFileSync } from 'node:fs';
import { runCli, type CliOptions, type CliResult } from './cli.js';

const TRACE = new URL('./module-trace.js', import.meta.url).href;

/** The package a module path or URL lies in (the last node_modules segment), or undefined for the project's own. */
function packageOf(location: string): string | undefined {
  const path = decodeURIComponent(location).replace(/\\/g, '/');
  const at = path.lastIndexOf('/node_modules/');
  if (at === -1) return undefined;
  const [first = '', second = ''] = path.slice(at + '/node_modules/'.length).split('/');
  return first.startsWith('@') ? `${first}/${second}` : first;
}

export interface TracedRun extends CliResult {
  /** Every package a module was loaded from. */
  packages: Set<string>;
  /** Every module loaded, as a path or URL. */
  modules: string[];
}

export async function runTraced(args: string[], traceFile: string, options: CliOptions = {}): Promise<TracedRun> {
  const result = await runCli(args, {
    ...options,
    env: { ...options.env, MODULE_TRACE_FILE: traceFile, NODE_OPTIONS: `--import=${TRACE}` },
  });
  const lines = readFileSync(traceFile, 'utf8').split('\n');
  const packages = new Set(lines.map(packageOf).filter((p): p is string => p !== undefined));
  return { ...result, packages, modules: lines.filter((l) => l !== '') };
}
