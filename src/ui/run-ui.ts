// `device-policy ui` once its options are read: start the server, print its address (the first line on
// stdout, for people and scripts), open a browser if asked, and serve until Ctrl-C. Ctrl-C while a run
// sends is that run's Ctrl-C (stop, let what is in flight finish, write the results) before the server
// goes; a second one quits at once, as on the command line.
import { spawn } from 'node:child_process';
import type { ConnectionOptions } from '../setup/options.js';
import type { TokenSource } from '../partner-center/contract.js';
import { startUiServer, type UiServer } from './server.js';
import { configuredSignIn, signedInWith } from './sign-in.js';

export interface UiOptions {
  port: number;
  open: boolean;
  folder: string;
  connection: ConnectionOptions;
  endpointGiven: string | undefined;
  /** Signed in from the start (the demo's token for its simulator). */
  tokens?: TokenSource;
}

export async function runUi(options: UiOptions, io = { stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
  const server = await startUiServer({
    port: options.port,
    connection: options.connection,
    endpointGiven: options.endpointGiven,
    folder: options.folder,
    signIn: options.tokens === undefined ? configuredSignIn(options.connection, io.env) : signedInWith(options.tokens, 'demo'),
    env: io.env,
    terminal: io.stderr,
    now: () => new Date(),
  });
  // Listening for the stop before the address is out: a script that reads it may stop it at once.
  const stopped = untilStopped(server, io.stderr);
  io.stdout.write(`${server.url}\n`);
  io.stderr.write(
    `device-policy ui: the page is at the address above (on this machine only; the address carries this run's key, so keep it to yourself).\n` +
      `Sheets and results go into ${options.folder}. Ctrl-C to stop.\n`,
  );
  if (options.open) openBrowser(server.url, io.stderr);
  const code = await stopped;
  await server.close();
  return code;
}

/** 0 on Ctrl-C when nothing runs; 130 when a run had to be stopped first (as apply's own exit code). */
function untilStopped(server: UiServer, stderr: NodeJS.WritableStream): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (stopping) {
        stderr.write(`\n${signal} again: exiting now; a run's journal keeps what finished, so applying the same sheet again resumes.\n`);
        process.exit(130);
      }
      stopping = true;
      if (!server.session.running()) {
        finish(0);
        return;
      }
      stderr.write(`\n${signal}: stopping the run on the page first (press Ctrl-C again to quit now)\n`);
      server.session.stop();
      server.session.onIdle(() => finish(130));
    };
    const finish = (code: number): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(code);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/** The platform's way to open a URL in the default browser; a failure is said, not fatal. */
function openBrowser(url: string, stderr: NodeJS.WritableStream): void {
  const [command, args] =
    process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : process.platform === 'darwin' ? ['open', [url]] : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true, windowsVerbatimArguments: process.platform === 'win32' });
  child.on('error', () => stderr.write(`device-policy ui: could not open a browser (${command}); open the address above yourself\n`));
  child.unref();
}
