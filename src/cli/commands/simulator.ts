import type { Argv } from 'yargs';
import { documented, type CommandHelp } from '../help.js';

export const HELP: CommandHelp = {
  groups: {
    server: ['port', 'host', 'data', 'token'],
    faults: ['latency', 'throttle-rate', 'error-rate', 'drop-rate', 'max-in-flight', 'rate-limit', 'rate-burst', 'retry-after', 'job-step-ms', 'job-steps', 'omit-device-ids', 'bom-in-errors'],
  },
  examples: [
    ['$0 simulator --port 8080', 'serve on http://127.0.0.1:8080; then apply with --endpoint http://127.0.0.1:8080 and PARTNER_CENTER_TOKEN=anything'],
    ['$0 simulator --data fixtures/simulator/sample-data.json --latency 200 --throttle-rate 0.1', 'known customers, policies and devices; slow answers and 10% throttled'],
    ['$0 simulator --max-in-flight 8 --token secret', 'throttle past 8 requests at once; answer 401 to any bearer token but "secret"'],
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
        .option('token', { type: 'string', describe: 'the bearer token to expect (default: accept every bearer token)' }), HELP, process.env),
    async (a) => {
      const { startSimulator } = await import('../../simulator/index.js');
      const sim = await startSimulator({
        port: a.port,
        host: a.host,
        latencyMs: a.latency,
        throttleRate: a['throttle-rate'],
        errorRate: a['error-rate'],
        dropRate: a['drop-rate'],
        retryAfterSeconds: a['retry-after'],
        jobStepMs: a['job-step-ms'],
        jobSteps: a['job-steps'],
        omitDeviceIds: a['omit-device-ids'],
        bomInErrors: a['bom-in-errors'],
        ...(a['max-in-flight'] === undefined ? {} : { maxInFlight: a['max-in-flight'] }),
        ...(a['rate-limit'] === undefined ? {} : { rateLimit: a['rate-limit'] }),
        ...(a['rate-burst'] === undefined ? {} : { rateBurst: a['rate-burst'] }),
        ...(a.data === undefined ? {} : { data: a.data }),
        ...(a.token === undefined ? {} : { token: a.token }),
      });
      // The URL on stdout, alone on its line, so scripts can read it; the rest on stderr.
      process.stdout.write(`${sim.url}\n`);
      process.stderr.write(`Partner Center simulator listening on ${sim.url} (Ctrl-C to stop)\n`);
      await new Promise<void>((resolve) => {
        const stop = (): void => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await sim.close();
      setExit(0);
    },
  );
}
