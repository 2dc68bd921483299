// Which connection a run gets. Sending needs one, so sign-in problems end the run before it reads. A dry
// run reads only: it looks rows up when credentials are configured and, with none, runs offline and
// says so once. `--offline` never looks anything up.
import { isAuthConfigError } from '../auth/errors.js';
import type { TokenSource } from '../partner-center/contract.js';
import { connect, type Connection } from '../setup/connect.js';
import type { ConnectionOptions } from '../setup/options.js';
import type { ApplyOptions } from './options.js';

export interface RunConnection {
  connection: Connection | undefined;
  /** Set when no lookups will be made: ends the Detail of rows that needed one. */
  offlineBecause: string | undefined;
}

export interface OpenConnectionDeps {
  correlationId: string;
  env: NodeJS.ProcessEnv;
  stderr: NodeJS.WritableStream;
  tokens?: TokenSource | undefined;
}

export const OFFLINE_BECAUSE = 'which --offline does not look up';
export const NO_CREDENTIALS_BECAUSE = 'which this dry run could not look up: no credentials are configured';

export async function openConnection(options: ConnectionOptions & Pick<ApplyOptions, 'dryRun' | 'offline' | 'ticket'>, deps: OpenConnectionDeps): Promise<RunConnection> {
  const offlineBecause = options.offline ? OFFLINE_BECAUSE : undefined;
  const withTicket = { ...deps, ticket: options.ticket };
  if (!options.dryRun) return { connection: await connect(options, withTicket), offlineBecause };
  if (options.offline) return { connection: undefined, offlineBecause };
  try {
    return { connection: await connect(options, withTicket), offlineBecause: undefined };
  } catch (error) {
    // Only "nothing configured" makes a dry run offline; a configuration that is wrong is still an error.
    if (!isAuthConfigError(error) || error.code !== 'no-credentials') throw error;
    deps.stderr.write(
      'dry run: no credentials are configured, so nothing is looked up: policy IDs are not checked, and rows that name ' +
        'devices by serial number, product key or hash, or policies by name, are invalid. Sign in (see --auth) to resolve them.\n',
    );
    return { connection: undefined, offlineBecause: NO_CREDENTIALS_BECAUSE };
  }
}
