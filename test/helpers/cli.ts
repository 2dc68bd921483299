// Running the built CLI as a user would: a child process with its own argv, env and signals.
import { spawn, type ChildProcess } from 'node:child_process';
import { CLI } from './paths.js';

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string>;
  cwd?: string;
}

/** The environment a run gets: none of the developer's Partner Center, Azure sign-in or DEVICE_POLICY_* option variables. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(PARTNER_CENTER_|AZURE_|DEVICE_POLICY_)/.test(k)) env[k] = v;
  }
  return { ...env, ...extra };
}

export function startCli(args: string[], options: CliOptions = {}): ChildProcess & { result: Promise<CliResult> } {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    env: cleanEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const result = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return Object.assign(child, { result });
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return startCli(args, options).result;
}

/** Resolves once the child's stderr has printed something matching `pattern` (an event, not a delay). */
export function stderrMatches(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (d: Buffer | string): void => {
      seen += String(d);
      const match = pattern.exec(seen);
      if (match === null) return;
      child.stderr?.off('data', onData);
      child.off('close', onClose);
      resolve(match[0]);
    };
    const onClose = (): void => reject(new Error(`the process ended without printing ${pattern}; it printed:\n${seen}`));
    child.stderr?.on('data', onData);
    child.once('close', onClose);
  });
}
