// Which API `status` asks (pure). The results file's Summary records the endpoint apply used, but a
// file is data from anywhere: it must never be able to send the user's token to a host it names. So the
// recorded endpoint is followed only when it is this machine (the simulator apply ran against);
// otherwise the user's endpoint (--endpoint, PARTNER_CENTER_ENDPOINT) or the default applies. A cell's
// batch-job URI is never a source: the client refuses one that is not on the endpoint chosen here.
import { isLoopbackHost } from '../partner-center/safe-endpoint.js';

export interface EndpointChoice {
  /** --endpoint, else PARTNER_CENTER_ENDPOINT; undefined (or empty) when the user gave neither. */
  given: string | undefined;
  /** What the results file's Summary says apply used (XLSX, JSON; a CSV has none). */
  recorded: string | undefined;
  /** The production endpoint. */
  fallback: string;
}

export function statusEndpoint({ given, recorded, fallback }: EndpointChoice): string {
  const chosen = given !== undefined && given.trim() !== '' ? given : recorded !== undefined && isLoopbackUrl(recorded) ? recorded : fallback;
  // As toConnection does for --endpoint: the client appends `/v1/…`.
  return chosen.trim().replace(/\/+$/, '');
}

function isLoopbackUrl(url: string): boolean {
  try {
    return isLoopbackHost(new URL(url).hostname);
  } catch {
    return false;
  }
}
