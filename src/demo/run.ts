// `device-policy demo`: the main job, end to end, on the bundled sample against an in-process simulator
// with a little latency and a few throttles, so a first-time user sees retries, invalid rows and
// per-device outcomes without a tenant.
import { mkdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { startSimulator, type Simulator } from '../simulator/start.js';
import { applyFile, type ApplyDeps } from '../apply/run.js';
import { DEFAULTS } from '../setup/options.js';
import type { ApplyOptions } from '../apply/options.js';
import type { TokenSource } from '../partner-center/contract.js';
import { bundledFile } from '../package/bundled.js';
import { DEMO_FOLDER } from './folder.js';
import { InputError } from '../read/errors.js';
import { fileProblemWords } from '../text/file-problem.js';

const fixture = (name: string): string => bundledFile(`fixtures/${name}`);

export const DEMO_INPUT = fixture('sample-devices.xlsx');
/** A vendor's shipment list without device IDs: serial numbers, hashes and profile names (resolution). */
export const DEMO_VENDOR_INPUT = fixture('vendor-serials.xlsx');
export const DEMO_DATA = fixture('simulator/sample-data.json');
/** Lists the sample's deliberate mistakes; shipped in the package, so the path works wherever it is installed. */
export const DEMO_NOTES = fixture('README.md');

export interface DemoOptions {
  /** The first results file; the second goes beside it (`.vendor` before the extension). Default: DEMO_FOLDER. */
  out: string | undefined;
  quiet: boolean;
  json: boolean;
}

export async function runDemo(options: DemoOptions, deps: ApplyDeps): Promise<number> {
  const { out, vendorOut } = await demoOutputs(options.out);
  const { sim, tokens } = await demoSimulator();
  const apply: ApplyOptions = {
    file: DEMO_INPUT,
    out,
    dryRun: false,
    sheet: undefined,
    headerRow: undefined,
    map: {},
    customer: undefined,
    policy: undefined,
    offline: false,
    checkPolicies: true,
    verifyDevices: true,
    register: false,
    batch: 'sample-devices',
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
    failures: undefined,
    // The demo may replace its own results, run after run.
    overwrite: true,
    restart: true,
    json: options.json,
    quiet: options.quiet,
    ticket: undefined,
    into: undefined,
  };
  try {
    deps.stderr.write(`Demo: applying ${DEMO_INPUT}\n      against the simulator at ${sim.url} (40 ms latency, 3% throttled)\n\n`);
    const { summary } = await applyFile(apply, { ...deps, tokens });
    if (summary.exitCode === 130) return 130;
    if (!options.json) {
      deps.stdout.write(
        `\nThe sample holds a handful of deliberate mistakes (listed in ${DEMO_NOTES}), so some rows are invalid and ` +
          `two devices fail with 808 (registered to another tenant): that is the demo working.\n` +
          `Open ${summary.output} to see every row's outcome.\n`,
      );
    }
    // Part two: what vendors really send. Its JSON summary, if asked for, stays off stdout (one JSON there).
    deps.stderr.write(
      `\nDemo, part two: applying ${DEMO_VENDOR_INPUT}\n      a vendor's list with no device IDs: serial numbers, hardware hashes and ` +
        `profile names, looked up in each customer's Partner Center lists\n\n`,
    );
    const vendor = await applyFile(
      { ...apply, file: DEMO_VENDOR_INPUT, out: vendorOut, json: false },
      { ...deps, tokens, stdout: options.json ? deps.stderr : deps.stdout },
    );
    if (!options.json) {
      deps.stdout.write(
        `\nEach device was found by its serial number or hash, each profile by its name (see the Resolved Device ID and ` +
          `Resolved Policy ID columns); one was unchanged (it already had its profile), and a few rows say why they could ` +
          `not be resolved.\n` +
          `Open ${vendor.summary.output} to see them.\n`,
      );
    }
    // The demo succeeded if it ran and wrote its results; apply's own exit code reflects the samples' mistakes.
    return vendor.summary.exitCode === 130 ? 130 : 0;
  } finally {
    await sim.close();
  }
}

/**
 * The in-process simulator the demo runs against (the sample's customers, a little latency, a few
 * throttles), and the throwaway token it expects: the bearer path shown without real secrets.
 */
export async function demoSimulator(): Promise<{ sim: Simulator; tokens: TokenSource }> {
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
  return { sim, tokens: { getToken: async () => token, invalidate() {}, renewable: false, description: 'demo token' } };
}

/** The two results files: as --out names them, or each named after its input in DEMO_FOLDER (made if need be). */
async function demoOutputs(given: string | undefined): Promise<{ out: string; vendorOut: string }> {
  if (given !== undefined) return { out: resolve(given), vendorOut: withSuffix(resolve(given), '.vendor') };
  const folder = resolve(DEMO_FOLDER);
  await mkdir(folder, { recursive: true }).catch((e: unknown) => {
    const code = (e as NodeJS.ErrnoException | undefined)?.code;
    const why = code === 'EEXIST' || code === 'ENOTDIR' ? 'a file of that name is in the way' : (fileProblemWords(code) ?? code ?? 'error');
    throw new InputError('bad-option', undefined, `cannot make the demo's folder ${folder} (${why}); run the demo elsewhere, or name its results with --out`);
  });
  const resultsOf = (input: string): string => join(folder, basename(input).replace(/\.xlsx$/i, '.results.xlsx'));
  return { out: resultsOf(DEMO_INPUT), vendorOut: resultsOf(DEMO_VENDOR_INPUT) };
}

/** `out.xlsx` → `out.vendor.xlsx`: the second results file beside the first. */
function withSuffix(path: string, suffix: string): string {
  const dot = path.lastIndexOf('.');
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return dot > slash ? `${path.slice(0, dot)}${suffix}${path.slice(dot)}` : `${path}${suffix}`;
}
