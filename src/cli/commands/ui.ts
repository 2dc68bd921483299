import type { Argv } from 'yargs';
import { connectionOptions, toConnection, wholeNumber } from '../args.js';
import { UsageError } from '../fatal.js';
import { documented, SERVES, type CommandHelp } from '../help.js';

/** Where the page keeps sheets and results unless --folder says otherwise: beside where it was started. */
const DEFAULT_FOLDER = 'device-policy-ui';

export const HELP: CommandHelp = {
  groups: {
    server: ['port', 'open', 'folder'],
    sending: ['endpoint', 'max-retries', 'timeout'],
    output: ['log'],
    signIn: ['auth', 'token-file', 'client-id', 'tenant-id'],
  },
  examples: [
    ['$0 ui --open', 'open the page in the default browser: drop a sheet, check every row, apply, download the results', SERVES],
    ['$0 ui --port 8400 --auth cli --folder tickets/INC0012345', 'on port 8400, signing in as the Azure CLI user, the sheets and results kept in the ticket\'s folder', SERVES],
  ],
};

export function uiCommand(y: Argv, setExit: (code: number) => void): void {
  y.command(
    'ui',
    'a local web page for the same work: drop a sheet, check every row, apply with live progress, download the results (127.0.0.1 only, a per-run token)',
    (c) =>
      documented(connectionOptions(c)
        .option('port', { type: 'number', default: 0, describe: 'port on 127.0.0.1 (0: a free one)' })
        .option('open', { type: 'boolean', default: false, describe: 'open the page in the default browser' })
        .option('folder', { type: 'string', default: DEFAULT_FOLDER, describe: 'where the page keeps the sheets it is given and every file its runs write (a subfolder per sheet)' }), HELP, process.env),
    async (a) => {
      const port = wholeNumber('--port', a.port, 0);
      if (port > 65535) throw new UsageError(`--port must be at most 65535, got ${port}`, { helpFor: 'ui' });
      const { runUi } = await import('../../ui/run-ui.js');
      const connection = toConnection(a, process.env);
      const endpointGiven = a.endpoint ?? process.env['PARTNER_CENTER_ENDPOINT'];
      setExit(await runUi({ port, open: a.open, folder: a.folder, connection, endpointGiven }).catch((e: unknown) => {
        throw startFailure(e, port);
      }));
    },
  );
}

/** A port taken or refused: the user's to fix, said in a line. */
function startFailure(e: unknown, port: number): unknown {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') return new UsageError(`--port ${port}: the port is in use; choose another, or --port 0 for a free one`, { helpFor: 'ui' });
  if (code === 'EACCES') return new UsageError(`--port ${port}: not allowed to listen on it (ports below 1024 need privileges); choose another`, { helpFor: 'ui' });
  return e;
}
