import type { Argv } from 'yargs';
import { documented, SERVES, type CommandHelp } from '../help.js';
import { InputError } from '../../read/errors.js';
import { UsageError } from '../fatal.js';
import { positive, shown, wholeNumber } from '../args.js';
import type { SimulatorOptions } from '../../simulator/options.js';
import { simulatorDataPath } from './simulator-data.js';

export const HELP: CommandHelp = {
  groups: {
    server: ['port', 'host', 'data', 'token', 'documented-shapes'],
    faults: ['latency', 'throttle-rate', 'error-rate', 'drop-rate', 'max-in-flight', 'rate-limit', 'rate-burst', 'retry-after', 'job-step-ms', 'job-steps', 'omit-device-ids', 'bom-in-errors', 'paging'],
  },
  examples: [
    ['$0 simulator --port 8080', 'serve on http://127.0.0.1:8080; then apply with --endpoint http://127.0.0.1:8080 and PARTNER_CENTER_TOKEN=anything', SERVES],
    ['$0 simulator --data fixtures/simulator/sample-data.json --latency 200 --throttle-rate 0.1', 'the sample\'s customers, policies and devices (the file ships with the package); slow answers and 10% throttled', SERVES],
    ['$0 simulator --max-in-flight 8 --token secret', 'throttle past 8 requests at once; answer 401 to any bearer token but "secret"', SERVES],
  ],
};

export function simulatorCommand(y: Argv, setExit: (code: number) => void): void {
  y.command(
    'simulator',
    'run the local Partner Center simulator (for trials and tests) until stopped',
    (c) =>
      documented(c
        .option('port', { type: 'number', default: 0, describe: 'port (0: a free one)' })
        .option('host', { type: 'string', default: '127.0.0.1', describe: 'address to listen on' })
        .option('data', { type: 'string', describe: 'JSON file of customers, policies, device batches and failing devices' })
        .option('latency', { type: 'number', default: 0, describe: 'milliseconds added to every request' })
        .option('throttle-rate', { type: 'number', default: 0, describe: 'probability (0..1) of a 429' })
        .option('error-rate', { type: 'number', default: 0, describe: 'probability (0..1) of a 503' })
        .option('drop-rate', { type: 'number', default: 0, describe: 'probability (0..1) of a dropped connection' })
        .option('max-in-flight', { type: 'number', describe: 'PATCHes in flight before 429s' })
        .option('rate-limit', { type: 'number', describe: 'requests per second (a token bucket) before 429s' })
        .option('rate-burst', { type: 'number', describe: 'requests the bucket lets through at once after a quiet spell', defaultDescription: 'one second\'s worth' })
        .option('retry-after', { type: 'number', default: 1, describe: 'Retry-After seconds of a 429' })
        .option('job-step-ms', { type: 'number', default: 1000, describe: 'how long one step of a batch job takes' })
        .option('job-steps', { type: 'number', default: 2, describe: 'steps from queued to finished' })
        .option('omit-device-ids', { type: 'boolean', default: false, describe: 'leave deviceId out of batch job status' })
        .option('bom-in-errors', { type: 'boolean', default: false, describe: 'start error bodies with a UTF-8 BOM' })
        .option('documented-shapes', {
          type: 'boolean',
          default: false,
          describe: "answer in the docs' fuller tables (hashes and product keys in listings, device IDs in upload jobs) rather than as the live service was seen to",
        })
        .option('paging', {
          type: 'string',
          choices: ['link', 'token', 'endless'],
          describe: 'how a page of devices names the next: links.next, continuationToken, or endless (a new next page forever, as a broken service might)',
          defaultDescription: 'link in the real shapes, token in the documented ones',
        })
        .option('token', { type: 'string', describe: 'the bearer token to expect (default: accept every bearer token)' }), HELP, process.env),
    async (a) => {
      const numbers = simulatorNumbers(a);
      const data = a.data === undefined ? undefined : await simulatorDataPath(a.data, process.stderr);
      const [{ startSimulator }, { SimulatorDataError }] = await Promise.all([import('../../simulator/start.js'), import('../../simulator/data.js')]);
      const sim = await startSimulator({
        ...numbers,
        host: a.host,
        omitDeviceIds: a['omit-device-ids'],
        bomInErrors: a['bom-in-errors'],
        ...(data === undefined ? {} : { data }),
        ...(a.paging === undefined ? {} : { paging: a.paging as 'link' | 'token' | 'endless' }),
        shapes: a['documented-shapes'] ? 'documented' : 'real',
        ...(a.token === undefined ? {} : { token: a.token }),
      }).catch((e: unknown) => {
        if (e instanceof SimulatorDataError) throw new InputError('unreadable', data, e.message, { cause: e });
        throw startFailure(e, a.port, a.host);
      });
      // Listening for the stop before the URL is out: a script that reads the URL may stop it at once.
      const stopped = new Promise<void>((resolve) => {
        const stop = (): void => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      // The URL on stdout, alone on its line, so scripts can read it; the rest on stderr.
      process.stdout.write(`${sim.url}\n`);
      process.stderr.write(`Partner Center simulator listening on ${sim.url} (Ctrl-C to stop)\n`);
      await stopped;
      await sim.close();
      setExit(0);
    },
  );
}

interface SimulatorNumberArgs {
  port: number;
  latency: number;
  'throttle-rate': number;
  'error-rate': number;
  'drop-rate': number;
  'retry-after': number;
  'job-step-ms': number;
  'job-steps': number;
  'max-in-flight'?: number | undefined;
  'rate-limit'?: number | undefined;
  'rate-burst'?: number | undefined;
}

/** The numeric options, each checked under its own flag (the simulator's checks name its fields instead). */
function simulatorNumbers(a: SimulatorNumberArgs): SimulatorOptions {
  const port = wholeNumber('--port', a.port, 0);
  if (port > 65535) throw new UsageError(`--port must be at most 65535, got ${port}`, { helpFor: 'simulator' });
  const optional = (flag: string, value: number | undefined): number | undefined => (value === undefined ? undefined : positive(flag, value));
  const maxInFlight = optional('--max-in-flight', a['max-in-flight']);
  const rateLimit = optional('--rate-limit', a['rate-limit']);
  const rateBurst = optional('--rate-burst', a['rate-burst']);
  return {
    port,
    latencyMs: atLeastZero('--latency', a.latency),
    throttleRate: probability('--throttle-rate', a['throttle-rate']),
    errorRate: probability('--error-rate', a['error-rate']),
    dropRate: probability('--drop-rate', a['drop-rate']),
    retryAfterSeconds: atLeastZero('--retry-after', a['retry-after']),
    jobStepMs: positive('--job-step-ms', a['job-step-ms']),
    jobSteps: wholeNumber('--job-steps', a['job-steps'], 0),
    ...(maxInFlight === undefined ? {} : { maxInFlight }),
    ...(rateLimit === undefined ? {} : { rateLimit }),
    ...(rateBurst === undefined ? {} : { rateBurst }),
  };
}

function probability(flag: string, value: number): number {
  if (!(value >= 0 && value <= 1)) throw new UsageError(`${flag} must be a probability from 0 to 1, got ${shown(value)}`, { helpFor: 'simulator' });
  return value;
}

function atLeastZero(flag: string, value: number): number {
  if (!(Number.isFinite(value) && value >= 0)) throw new UsageError(`${flag} must be a number of at least 0, got ${shown(value)}`, { helpFor: 'simulator' });
  return value;
}

/** A port taken or refused: the user's to fix, said in a line. */
function startFailure(e: unknown, port: number, host: string): unknown {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') return new UsageError(`--port ${port}: the port is in use; choose another, or --port 0 for a free one`, { helpFor: 'simulator' });
  if (code === 'EACCES') return new UsageError(`--port ${port}: not allowed to listen on it (ports below 1024 need privileges); choose another`, { helpFor: 'simulator' });
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') return new UsageError(`--host ${host}: not an address of this machine`, { helpFor: 'simulator' });
  return e;
}
