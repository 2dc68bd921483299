// `device-policy demo --ui` (`npm run demo:ui`): the page against the demo's in-process simulator, signed
// in with its token, so that a first-time user can drop the bundled vendor sheet and follow it to the
// downloaded results without a tenant.
import { join } from 'node:path';
import { DEFAULTS } from '../setup/options.js';
import { DEMO_VENDOR_INPUT, demoSimulator } from '../demo/run.js';
import { DEMO_FOLDER } from '../demo/folder.js';
import { runUi } from './run-ui.js';

export async function runDemoUi(options: { port: number; open: boolean }): Promise<number> {
  const { sim, tokens } = await demoSimulator();
  try {
    process.stderr.write(`Demo: the page runs against the simulator at ${sim.url} (the sample's customers, 40 ms latency, 3% throttled).\n` +
      `Drop ${DEMO_VENDOR_INPUT} on the page: a vendor's list of serial numbers, hashes and profile names.\n`);
    return await runUi({
      port: options.port,
      open: options.open,
      folder: join(DEMO_FOLDER, 'ui'),
      tokens,
      endpointGiven: sim.url,
      connection: { endpoint: sim.url, auth: 'token', tokenFile: undefined, clientId: undefined, tenantId: undefined, maxRetries: DEFAULTS.maxRetries, timeoutMs: 30_000, log: undefined },
    });
  } finally {
    await sim.close();
  }
}
