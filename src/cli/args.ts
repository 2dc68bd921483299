// Shared option definitions and value checks for the commands, so apply and status agree on how the
// connection is configured.
import type { Argv } from 'yargs';
import { AUTH_MODES, type AuthMode } from '../auth/token-source.js';
import { DEFAULTS, type ConnectionOptions } from '../setup/options.js';
import { UsageError } from './fatal.js';
import { normalizeEndpoint } from '../partner-center/safe-endpoint.js';

export function connectionOptions<T>(y: Argv<T>) {
  return y
    .option('endpoint', {
      type: 'string',
      describe: 'Partner Center API base URL (env PARTNER_CENTER_ENDPOINT)',
      defaultDescription: DEFAULTS.endpoint,
    })
    .option('auth', { choices: AUTH_MODES, default: 'auto' as AuthMode, describe: 'how to sign in' })
    .option('token-file', { type: 'string', describe: 'file holding a bearer token (--auth token)' })
    .option('client-id', { type: 'string', describe: 'app (client) ID for --auth device-code (or AZURE_CLIENT_ID)' })
    .option('tenant-id', { type: 'string', describe: 'partner tenant ID for --auth device-code (or AZURE_TENANT_ID)' })
    .option('max-retries', { type: 'number', default: DEFAULTS.maxRetries, describe: 'retries of one request' })
    .option('timeout', { type: 'number', default: DEFAULTS.timeoutSeconds, describe: 'seconds per attempt' })
    .option('log', { type: 'string', describe: 'NDJSON log of every HTTP exchange (no secrets)' });
}

/**
 * `--map` (apply: FIELD=COLUMN; status: device= or customer=COLUMN). Not `array: true`, which would
 * swallow the file named after it (`--map a=B file.csv`); repeating the flag still gives an array.
 */
export function mapOption(describe: string) {
  return { type: 'string', describe, coerce: (v: string | string[] | undefined) => (v === undefined ? [] : [v].flat()) } as const;
}

/** Options apply and status both take, in the same words. Each command lists them in its own order. */
export const SHARED_OPTIONS = {
  waitTimeout: { type: 'number', default: DEFAULTS.waitTimeoutSeconds, describe: 'seconds to wait with --wait' },
  json: { type: 'boolean', default: false, describe: 'print the summary as JSON on stdout (schema/summary.schema.json in the package)' },
  quiet: { type: 'boolean', default: false, describe: 'no progress output' },
} as const;

export interface ConnectionArgs {
  endpoint?: string | undefined;
  auth: AuthMode;
  'token-file'?: string | undefined;
  'client-id'?: string | undefined;
  'tenant-id'?: string | undefined;
  'max-retries': number;
  timeout: number;
  log?: string | undefined;
}

export function toConnection(a: ConnectionArgs, env: NodeJS.ProcessEnv): ConnectionOptions {
  return {
    // Checked as the options are read: a bearer token must never go over plain http to another host.
    endpoint: normalizeEndpoint(a.endpoint ?? env['PARTNER_CENTER_ENDPOINT']),
    auth: a.auth,
    tokenFile: a['token-file'],
    clientId: a['client-id'],
    tenantId: a['tenant-id'],
    maxRetries: wholeNumber('--max-retries', a['max-retries'], 0),
    // Whole milliseconds: the client counts time in them.
    timeoutMs: Math.max(1, Math.round(positive('--timeout', a.timeout) * 1000)),
    log: a.log,
  };
}

/** The most a ticket reference may hold: references are short; a long value is a pasted text. */
const MAX_TICKET = 100;

/**
 * `--ticket REF`, trimmed. It goes into the report's title, the Summary, the log and the journal, so it
 * must be one short line: control characters (a pasted line break) and over-long values are refused.
 */
export function ticketReference(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const ref = value.trim();
  if (ref === '') throw new UsageError('--ticket: expected a ticket reference such as INC0012345, got an empty one');
  // C0, DEL and C1 control characters: a line break or tab pasted along with the reference.
  if (/[\u0000-\u001f\u007f-\u009f]/.test(ref)) throw new UsageError('--ticket: the reference holds a line break or another control character; give it on one line');
  if (ref.length > MAX_TICKET) throw new UsageError(`--ticket: a reference of at most ${MAX_TICKET} characters, got ${ref.length}`);
  return ref;
}

export function wholeNumber(flag: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) throw new UsageError(`${flag} must be a whole number of at least ${min}, got ${shown(value)}`);
  return value;
}

export function positive(flag: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new UsageError(`${flag} must be a positive number, got ${shown(value)}`);
  return value;
}

/** yargs turns a word given to a number option into NaN: say that, rather than "NaN". */
export function shown(value: number): string {
  return Number.isNaN(value) ? 'something that is not a number' : String(value);
}
