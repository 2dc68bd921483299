// The apply job's options, normalized once at the edge: nothing downstream re-applies a default.
import type { Field } from '../model.js';
import type { ConnectionOptions } from '../setup/options.js';

export interface ApplyOptions extends ConnectionOptions {
  file: string;
  out: string;
  dryRun: boolean;
  sheet: string | undefined;
  headerRow: number | undefined;
  map: Partial<Record<Field, string>>;
  customer: string | undefined;
  /** `--policy`: a policy ID or name (checked at the edge: see validate/policy-option.ts). */
  policy: string | undefined;
  /** `--offline`: no lookups at all; rows that need one are invalid, policy IDs go unchecked. */
  offline: boolean;
  /** Check each policy ID against the customer's policies before sending (off with --no-check-policies). */
  checkPolicies: boolean;
  /**
   * List each customer's devices whenever any of its rows will be sent (off with --no-verify-devices): a
   * device ID it lacks is invalid, a device already carrying its policy unchanged.
   */
  verifyDevices: boolean;
  /** `--register`: rows whose device resolution does not find are uploaded into `batch`, then assigned. */
  register: boolean;
  /** `--batch`: the device batch `--register` uploads into (created if absent). */
  batch: string;
  chunkSize: number;
  concurrency: number;
  perCustomer: number;
  wait: boolean;
  waitTimeoutMs: number;
  report: string | undefined;
  /** `--failures FILE`: the rows to fix, ready to feed back. */
  failures: string | undefined;
  /** `--overwrite`: allow --out to replace the finished results of another run. */
  overwrite: boolean;
  restart: boolean;
  json: boolean;
  quiet: boolean;
  /** `--ticket REF`: stamped into the Summary, the report, `--json`, the log and the journal. */
  ticket: string | undefined;
  /**
   * `--into RESULTS`: the fixed rows' new outcome goes into this earlier results file, in place (then
   * `out` is it too, so that the journal and the lock are beside it). With --dry-run it is only checked.
   */
  into: string | undefined;
}

/** `<input stem>.results.xlsx` beside the input. */
export function defaultOutPath(file: string): string {
  const slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  const dot = file.lastIndexOf('.');
  const stem = dot > slash ? file.slice(0, dot) : file;
  return `${stem}.results.xlsx`;
}

/** `--batch`'s default: the input's file name without folder or extension (`AutopilotHWID.csv` → `AutopilotHWID`). */
export function defaultBatchName(file: string): string {
  const name = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}
