// `apply --wait`: track the batch jobs just created, on the rows still in memory, before the results are
// written; the same tracker as `device-policy status --wait`.
import { trackRows, type RowToTrack } from '../track/track-rows.js';
import type { ProgressViews } from '../progress/views.js';
import type { InputScan } from './scan-input.js';
import type { ApplyOptions } from './options.js';
import type { Connection } from '../setup/connect.js';
import type { RowResults } from './row-results.js';

export interface TrackAfterSendDeps {
  options: Pick<ApplyOptions, 'out' | 'quiet' | 'waitTimeoutMs'>;
  connection: Connection;
  stderr: NodeJS.WriteStream;
  views: Pick<ProgressViews, 'tracking'>;
  /** Ctrl-C: no new round. */
  signal: AbortSignal;
  /** 30 s after Ctrl-C: abandon the requests of the round in flight. */
  requestSignal: AbortSignal;
}

export async function trackAfterSend(results: RowResults, scan: InputScan, deps: TrackAfterSendDeps): Promise<RowResults> {
  // Only rows with a batch job are tracked: the others are left as they are.
  const rows: RowToTrack[] = [];
  for (let index = 0; index < results.length; index++) {
    const result = results.at(index);
    if (result.batchJobUri === undefined) continue;
    const check = scan.rows.at(index);
    rows.push({ index, device: check?.ok ? check.device : scan.rows.deviceText(index), result });
  }
  if (rows.length === 0) return results;
  const progress = deps.views.tracking(deps.options.quiet, deps.stderr);
  progress.note('waiting for the batch jobs to finish (--wait)…');
  try {
    const tracked = await trackRows(rows, {
      api: deps.connection.api,
      wait: true,
      waitTimeoutMs: deps.options.waitTimeoutMs,
      signal: deps.signal,
      requestSignal: deps.requestSignal,
      onProgress: (p) => progress.update(p),
    });
    return results.mapped((r, i) => tracked.results.get(i) ?? r);
  } catch (error) {
    // Everything was sent and accepted; a tracking failure (sign-in refused while polling, say) must not
    // cost the results file. The devices are pending, and `status` can finish the job later.
    const reason = error instanceof Error ? error.message : String(error);
    deps.stderr.write(`tracking stopped: ${reason}\nThe results are written; run "device-policy status ${deps.options.out} --wait" to finish tracking.\n`);
    const checkedAt = new Date().toISOString();
    return results.mapped((r) =>
      r.batchJobUri === undefined || r.deviceStatus !== undefined
        ? r
        : { ...r, deviceStatus: 'pending', deviceError: `not checked: ${reason}`, checkedAt },
    );
  } finally {
    progress.stop();
  }
}
