// Shared pieces of the simulator tests: a simulator closed when the test ends, the documented request
// of SPEC §1, a clock to move by hand, and a gate that holds requests in flight without sleeping.
import type { TestContext } from 'node:test';
import { startSimulator, type Simulator } from '../../src/simulator/start.js';
import type { SimulatorOptions } from '../../src/simulator/options.js';

export async function start(t: TestContext, options: SimulatorOptions = {}): Promise<Simulator> {
  const sim = await startSimulator(options);
  t.after(() => sim.close());
  return sim;
}

export const DOC_CUSTOMER = 'c7f3c849-129f-4b85-a96d-4f8e88b315a3';
export const DOC_POLICY = '15a04610-9229-4e80-94e0-0e826a09c9e2';
export const DOC_REQUEST_ID = '1b658428-5afa-46d4-af86-c9c6af5634e2';
export const DOC_CORRELATION_ID = '49b1e7b2-82e7-4403-b63b-8765269b448d';
/** SPEC §1's documented request example, byte for byte. */
export const DOC_BODY =
  '{"Devices":[{"Id":"9993-8627-3608-6844-6369-4361-72","SerialNumber":null,"ProductKey":null,' +
  '"HardwareHash":null,"Policies":[{"Key":"o_o_b_e","Value":"15a04610-9229-4e80-94e0-0e826a09c9e2"}],' +
  '"CreatedBy":null,"UploadedDate":"0001-01-01T00:00:00","AllowedOperations":null,' +
  '"Attributes":{"ObjectType":"Device"}}],"Attributes":{"ObjectType":"DevicePolicyUpdateRequest"}}';

export const TOKEN = 'test-token-3f9a1c';

export function headers(extra: Record<string, string> = {}): Record<string, string> {
  return {
    authorization: `Bearer ${TOKEN}`,
    accept: 'application/json',
    'content-type': 'application/json',
    ...extra,
  };
}

/** A DevicePolicyUpdates body for these devices, all with one policy. */
export function updateBody(deviceIds: string[], policyId = DOC_POLICY): string {
  return JSON.stringify({
    Devices: deviceIds.map((Id) => ({ Id, Policies: [{ Key: 'o_o_b_e', Value: policyId }] })),
    Attributes: { ObjectType: 'DevicePolicyUpdateRequest' },
  });
}

export function patch(
  sim: Simulator,
  body: string,
  options: { customer?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  const customer = options.customer ?? DOC_CUSTOMER;
  return fetch(`${sim.url}/v1/customers/${customer}/DevicePolicyUpdates`, {
    method: 'PATCH',
    headers: headers(options.headers),
    body,
  });
}

export function get(sim: Simulator, path: string, extra: Record<string, string> = {}): Promise<Response> {
  return fetch(`${sim.url}/v1${path}`, { headers: headers(extra) });
}

export function manualClock(start = Date.UTC(2025, 0, 1)): { now: () => number; advance(ms: number): void } {
  let time = start;
  return { now: () => time, advance: (ms) => (time += ms) };
}

/** A `sleep` for the simulator that holds every wait until `open()`, so requests stay in flight. */
export function gate(): { sleep: (ms: number, signal: AbortSignal) => Promise<void>; open(): void } {
  const waiting: Array<() => void> = [];
  let opened = false;
  return {
    sleep: (_ms, signal) =>
      opened
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            waiting.push(resolve);
            signal.addEventListener('abort', () => reject(signal.reason), { once: true });
          }),
    open() {
      opened = true;
      for (const release of waiting.splice(0)) release();
    },
  };
}

/** Waits (by yielding, not by a fixed delay) until the simulator reaches a state. */
export async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; !condition(); i++) {
    if (i > 2000) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}
