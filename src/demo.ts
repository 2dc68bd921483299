// `device-policy demo`: the main job, end to end, on the bundled sample against an in-process simulator
// with a little latency and a few throttles, so a first-time user sees retries, invalid rows and
// per-device outcomes without a tenant.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator } from './simulator/index.js';
import { applyFile, type ApplyDeps } from './apply/run.js';
import { DEFAULTS, type ApplyOptions } from './apply/options.js';
import type { TokenSource } from './partner-center/contract.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

export const DEMO_INPUT = fixture('sample-devices.xlsx');
export const DEMO_DATA = fixture('simulator/sample-data.json');

export interface DemoOptions {
  out: string;
  quiet: boolean;
  json: boolean;
}

export async function runDemo(options: DemoOptions, deps: ApplyDeps): Promise<number> {
  // A throwaway token the in-process simulator expects: shows the bearer path without real secrets.
  const token = 'demo-token-not-a-secret';
  const sim = await startSimulator({
    data: DEMO_DATA,
    token,
    latencyMs: 40,
    throttleRate: 0.03,
    retryAfterSeconds: 1,
    maxInFlight: 6,
    jobStepMs: 700,
  });
  const tokens: TokenSource = { getToken: async () => token, invalidate() {}, renewable: false, description: 'demo token' };
  const apply: ApplyOptions = {
    file: DEMO_INPUT,
    out: resolve(options.out),
    dryRun: false,
    sheet: undefined,
    headerRow: undefined,
    map: {},
    customer: undefined,
    policy: undefined,
    chunkSize: 25,
    concurrency: 8,
    perCustomer: 3,
    endpoint: sim.url,
    auth: 'token',
    tokenFile: undefined,
    clientId: undefined,
    tenantId: undefined,
    maxRetries: DEFAULTS.maxRetries,
    timeoutMs: 30_000,
    log: undefined,
    wait: true,
    waitTimeoutMs: 120_000,
    report: undefined,
    restart: true,
    json: options.json,
    quiet: options.quiet,
  };
  try {
    deps.stderr.write(`Demo: applying ${DEMO_INPUT}\n      against the simulator at ${sim.url} (40 ms latency, 3% throttled)\n\n`);
    const { summary } = await applyFile(apply, { ...deps, tokens });
    if (!options.json) {
      deps.stdout.write(
        `\nThe sample holds a handful of deliberate mistakes (see fixtures/README.md), so some rows are invalid and ` +
          `two devices fail with 808 (registered to another tenant): that is the demo working.\n` +
          `Open ${summary.output} to see every row's outcome.\n`,
      );
    }
    // The demo succeeded if it ran and wrote its results; apply's own exit code reflects the sample's mistakes.
    return summary.exitCode === 130 ? 130 : 0;
  } finally {
    await sim.close();
  }
}
