// What the simulator received and answered, for tests to inspect. Tokens are never kept: the
// Authorization header is recorded as `Bearer ***`.

export interface RecordedRequest {
  method: string;
  /** Path and query, as received. */
  path: string;
  /** Lower-cased names; Authorization redacted. */
  headers: Record<string, string>;
  /** The body parsed as JSON; undefined when empty or not JSON. */
  body: unknown;
  /** What was answered; undefined while in flight, and for a dropped connection. */
  status: number | undefined;
  /** True when the connection was closed without an answer. */
  dropped: boolean;
  /** On the simulator's clock (ms). */
  receivedAt: number;
  /** When it was answered, on the same clock; undefined while in flight and for a dropped connection. */
  answeredAt?: number;
}

export interface SimulatorStats {
  received: number;
  /** 202 answers, a retry of an already accepted request included. */
  accepted: number;
  throttled: number;
  /** Error answers other than 429. */
  failed: number;
  dropped: number;
  /** The most writes (PATCH, upload POST) in flight at once, those refused for being one too many included. */
  maxInFlight: number;
}

export interface Recorder {
  readonly requests: RecordedRequest[];
  begin(entry: Omit<RecordedRequest, 'status' | 'dropped'>): RecordedRequest;
  answered(entry: RecordedRequest, status: number, at: number): void;
  dropped(entry: RecordedRequest): void;
  /** A write (PATCH, or an upload POST) arrived; returns how many are now in flight. */
  patchStarted(): number;
  patchEnded(): void;
  stats(): SimulatorStats;
}

export function createRecorder(): Recorder {
  const requests: RecordedRequest[] = [];
  const counts = { accepted: 0, throttled: 0, failed: 0, dropped: 0 };
  let inFlight = 0;
  let peak = 0;
  return {
    requests,
    begin(entry) {
      const recorded: RecordedRequest = { ...entry, status: undefined, dropped: false };
      requests.push(recorded);
      return recorded;
    },
    answered(entry, status, at) {
      entry.status = status;
      entry.answeredAt = at;
      if (status === 202) counts.accepted += 1;
      else if (status === 429) counts.throttled += 1;
      else if (status >= 400) counts.failed += 1;
    },
    dropped(entry) {
      entry.dropped = true;
      counts.dropped += 1;
    },
    patchStarted() {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      return inFlight;
    },
    patchEnded() {
      inFlight -= 1;
    },
    stats: () => ({ received: requests.length, ...counts, maxInFlight: peak }),
  };
}

/** Header values as text, with the bearer token replaced. */
export function redactHeaders(headers: NodeJS.Dict<string | string[]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    out[name.toLowerCase()] = name.toLowerCase() === 'authorization' ? redact(text) : text;
  }
  return out;
}

function redact(authorization: string): string {
  return /^bearer\s/i.test(authorization) ? 'Bearer ***' : '***';
}
