// The summary of a run (SPEC §2 Output): the same object in the results file (JSON `summary`, the
// Summary sheet and its hidden twin), in `--json` and behind the report and the closing lines.
import type { DeviceStatus, Status } from '../model.js';

/** The summary object of SPEC §2 Output; also `summary` in JSON results and the Summary sheet. */
export interface RunSummary {
  tool: string;
  version: string;
  command: 'apply' | 'status';
  dryRun: boolean;
  input: string;
  inputSha256: string;
  sheet?: string;
  /** How a CSV input's text was decoded ('UTF-8', 'UTF-16LE with BOM', 'Windows-1252'…). */
  encoding?: string;
  output: string;
  rows: number;
  byStatus: Record<Status, number>;
  customers: number;
  /** Requests sent (device uploads included); in a dry run, the requests that would be sent. */
  requests: number;
  /**
   * With --register: devices this run registered (uploaded and given an ID); in a dry run, those it
   * would register.
   */
  registered?: number;
  /** Listing requests made to resolve and check rows (policies, device batches, pages of devices); absent in summaries written before resolution existed. */
  lookups?: number;
  batchJobs: number;
  throttled: number;
  retries: number;
  recovered: number;
  correlationId: string;
  endpoint: string;
  startedAt: string;
  finishedAt: string;
  exitCode: number;
  options: Record<string, string | number | boolean>;
  /** Per customer: rows, applied, accepted, failed, invalid, not sent, requests. */
  perCustomer: CustomerSummary[];
  /** Device outcomes once tracked (status / --wait). */
  devices?: Record<DeviceStatus, number>;
  /** When `status` (or `apply --wait`) last asked for the batch jobs' outcomes. */
  statusCheckedAt?: string;
  /** `--ticket`: the ticket the results belong to (INC0012345, PROJ-42…). */
  ticket?: string;
  /**
   * Every run that wrote rows into this results file, oldest first, once a run recorded fixed rows into
   * it (`apply FIXES --into RESULTS`); the summary's own facts are the last run's.
   */
  history?: RunRecord[];
  stoppedBecause?: string;
}

/** One run of a results file's history (RunSummary.history). */
export interface RunRecord {
  command: 'apply' | 'status';
  input: string;
  inputSha256: string;
  /** The MS-CorrelationId of its requests, to quote to Microsoft support. */
  correlationId: string;
  startedAt: string;
  finishedAt: string;
  /** Rows it attempted (sent, or found invalid). */
  rows: number;
  requests: number;
  ticket?: string;
  /**
   * The attempt it belongs to (the first correlation ID of its journal): a run that finishes an
   * interrupted one of the same fixes is the same attempt, not one more.
   */
  attempt?: string;
}

export interface CustomerSummary {
  customer: string;
  /** The customer's name, where the input has a customer-name column (SPEC §2 Input, reporting). */
  name?: string;
  rows: number;
  applied: number;
  accepted: number;
  failed: number;
  invalid: number;
  notSent: number;
  requests: number;
  /** Devices of this customer the run registered (--register), when any. */
  registered?: number;
  devicesSucceeded?: number;
  devicesFailed?: number;
  devicesPending?: number;
}
