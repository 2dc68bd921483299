// One request's way through the simulator, in the order a gateway would take it: the in-flight limit
// and the rate limit (answered at once, without latency), latency, auth, scripted or random faults, then the route.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Catalog } from './catalog.js';
import { isAuthorized, rateFault, takeScriptedFault } from './faults.js';
import type { JobStore } from './jobs.js';
import type { Uploads } from './uploads.js';
import type { ResolvedOptions } from './options.js';
import { redactHeaders, type RecordedRequest, type Recorder } from './recorder.js';
import { errorReply, throttleReply, unavailableReply, type Reply } from './reply.js';
import { route } from './routes.js';
import type { TokenBucket } from './token-bucket.js';

export interface SimulatorState {
  /** Replaced as a whole by setOptions; read afresh at every step so changes apply mid-run. */
  options: ResolvedOptions;
  catalog: Catalog;
  jobs: JobStore;
  uploads: Uploads;
  recorder: Recorder;
  /** The rate limit's bucket; replaced when setOptions changes the rate. */
  bucket: TokenBucket;
  /** Aborted by close(), to end the waits of requests still in flight. */
  signal: AbortSignal;
}

export function createHandler(state: SimulatorState): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(state, req, res).catch(() => {
      // Either close() aborted a wait or the client went away mid-body: nobody is left to answer.
      res.destroy();
    });
  };
}

async function handle(state: SimulatorState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  // Writes (policy updates and device uploads) count against the in-flight limit; reads do not.
  const write = method === 'PATCH' || method === 'POST';
  const inFlight = write ? state.recorder.patchStarted() : 0;
  if (write) res.once('close', () => state.recorder.patchEnded());

  const text = await readBody(req);
  const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, [v ?? ''].flat().join(', ')]));
  const entry = state.recorder.begin({
    method,
    path: req.url ?? '/',
    headers: redactHeaders(req.headers),
    body: parseJson(text),
    receivedAt: state.options.now(),
  });
  const answer = (reply: Reply): void => send(state, res, entry, headers, reply);

  if (inFlight > state.options.maxInFlight) return answer(throttleReply(state.options.retryAfterSeconds));
  const untilToken = state.bucket.take(state.options.now());
  if (untilToken !== undefined) return answer(throttleReply(untilToken));
  await wait(state, state.options.latencyMs);
  if (!isAuthorized(headers.authorization, state.options.token)) {
    const reply = errorReply(401, 'Unauthorized', 'Authorization is missing or the bearer token is not valid.');
    return answer({ ...reply, headers: { 'WWW-Authenticate': 'Bearer' } });
  }

  const fault = takeScriptedFault(state.options, method) ?? rateFault(state.options);
  switch (fault?.kind) {
    case 'delay':
      await wait(state, fault.ms);
      break;
    case 'drop':
      if (!fault.afterHandling) return drop(state, req, entry);
      break;
    case 'throttle':
      return answer(throttleReply(fault.retryAfter));
    case 'error':
      return answer(unavailableReply(fault.status));
    case undefined:
      break;
  }

  let reply: Reply;
  try {
    reply = route({ method, url: req.url ?? '/', headers, body: text }, state);
  } catch (e) {
    // A simulator bug, not a modelled fault: say what broke so the failing test shows it.
    reply = errorReply(500, 'InternalServerError', `The simulator failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  // A reset after the work is done: the service accepted the request, the client never heard.
  if (fault?.kind === 'drop') return drop(state, req, entry);
  answer(reply);
}

function send(
  state: SimulatorState,
  res: ServerResponse,
  entry: RecordedRequest,
  requestHeaders: Record<string, string>,
  reply: Reply,
): void {
  state.recorder.answered(entry, reply.status, state.options.now());
  if (res.destroyed) return;
  const headers: Record<string, string> = { 'MS-CV': `${randomBytes(12).toString('base64')}.0` };
  for (const name of ['MS-RequestId', 'MS-CorrelationId']) {
    const value = requestHeaders[name.toLowerCase()];
    if (value) headers[name] = value;
  }
  Object.assign(headers, reply.headers);
  if (reply.body === undefined) {
    res.writeHead(reply.status, { ...headers, 'Content-Length': '0' }).end();
    return;
  }
  const bom = state.options.bomInErrors && reply.status >= 400 ? '\uFEFF' : '';
  const payload = Buffer.from(bom + JSON.stringify(reply.body), 'utf8');
  res
    .writeHead(reply.status, {
      ...headers,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(payload.length),
    })
    .end(payload);
}

function drop(state: SimulatorState, req: IncomingMessage, entry: RecordedRequest): void {
  state.recorder.dropped(entry);
  req.socket.destroy();
}

async function wait(state: SimulatorState, ms: number): Promise<void> {
  if (ms > 0) await state.options.sleep(ms, state.signal);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
}
