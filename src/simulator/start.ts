// The local Partner Center simulator (SPEC §3): a real node:http server on loopback that serves the
// endpoints of SPEC §1 with the service's shapes, status codes and headers, and injects the faults a
// client must survive. It prints nothing; the `simulator` command prints its URL.
import { setMaxListeners } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildCatalog } from './catalog.js';
import { loadSimulatorData } from './data.js';
import { createHandler, type SimulatorState } from './handler.js';
import { createJobStore, type SimulatedJob } from './jobs.js';
import { DEFAULTS, resolveOptions, type SimulatorOptions, type SimulatorSettings } from './options.js';
import { createUploads } from './uploads.js';
import { createRecorder, type RecordedRequest, type SimulatorStats } from './recorder.js';
import { bucketFor } from './token-bucket.js';

export interface Simulator {
  /** `http://host:port`, without `/v1`: use it as the client's endpoint. */
  url: string;
  /** Every request received, in order of arrival (live: answers fill in `status`). */
  requests: RecordedRequest[];
  stats(): SimulatorStats & { jobs: number; replays: number };
  /** The jobs created, one per distinct accepted request (retries with the same MS-RequestId excluded). */
  jobs(): SimulatedJob[];
  /** Changes fault injection, timing or data while running; jobs already created keep their outcomes. */
  setOptions(changes: SimulatorSettings): void;
  /** Stops listening and closes every connection, keep-alive ones and those still waiting included. */
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const { port = 0, host = '127.0.0.1', data, ...settings } = options;
  const loaded = typeof data === 'string' ? await loadSimulatorData(data) : data;
  const resolved = resolveOptions(DEFAULTS, { ...settings, data: loaded });
  const lifetime = new AbortController();
  // Every request waiting out its latency listens here; many at once are normal, not a leak.
  setMaxListeners(0, lifetime.signal);
  const state: SimulatorState = {
    options: resolved,
    catalog: buildCatalog(resolved.data),
    jobs: createJobStore(),
    uploads: createUploads(),
    recorder: createRecorder(),
    bucket: bucketFor(resolved),
    signal: lifetime.signal,
  };
  const server = createServer(createHandler(state));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${hostPart}:${address.port}`,
    requests: state.recorder.requests,
    stats: () => ({ ...state.recorder.stats(), jobs: state.jobs.all().length, replays: state.jobs.replays() }),
    jobs: () => state.jobs.all(),
    setOptions(changes) {
      state.options = resolveOptions(state.options, changes);
      if (changes.data !== undefined) state.catalog = buildCatalog(state.options.data);
      if (changes.rateLimit !== undefined || changes.rateBurst !== undefined) state.bucket = bucketFor(state.options);
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        lifetime.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
