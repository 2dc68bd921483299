// What the page's server and the page say to each other: the JSON of every answer and event. Types
// only (nothing here runs), imported by both sides, so that a field renamed on one side fails to
// compile on the other.

export type FieldName =
  | 'customer'
  | 'device'
  | 'policy'
  | 'serial'
  | 'productKey'
  | 'hardwareHash'
  | 'policyName'
  | 'manufacturer'
  | 'model'
  | 'batch'
  | 'customerName';

export type RowStatus = 'applied' | 'accepted' | 'unchanged' | 'failed' | 'invalid' | 'duplicate' | 'planned' | 'not-sent';

export interface FieldInfo {
  field: FieldName;
  /** In words: "serial number". */
  words: string;
  /** The headers it answers to without a mapping. */
  aliases: string[];
}

export type SignInState = 'signed-out' | 'signing-in' | 'signed-in';

export interface SignInView {
  /** The configured `--auth` mode. */
  mode: string;
  state: SignInState;
  /** Whose sign-in, in words (never the token): "token (PARTNER_CENTER_TOKEN)", "Azure CLI". */
  description?: string;
  /** App+User, app-only or unknown (creating a device batch needs App+User). */
  kind?: string;
  /** The device-code prompt while a device-code sign-in waits for the engineer. */
  prompt?: string;
  /** Why the last sign-in failed. */
  problem?: string;
}

export interface ColumnView {
  index: number;
  header: string;
  /** The field it is read as, if any. */
  field?: FieldName;
  /** The first data row's cell, to recognise the column by. */
  example: string;
  /** For an unused column: the field it is likely to be. */
  suggestion?: FieldName;
}

/** The sheet as read with the current choices. */
export interface SheetView {
  name: string;
  size: number;
  /** Absent when the file is not one the tool reads (then `problem` says so). */
  format?: 'csv' | 'xlsx' | 'json';
  /** Worksheets of an XLSX, in order. */
  sheets: string[];
  sheet?: string;
  headerRow?: number;
  encoding?: string;
  columns: ColumnView[];
  /** What is missing before the sheet can be checked (empty when it can). */
  missing: string[];
  /** Why the header could not be read with these choices (then `columns` is empty). */
  problem?: string;
  /** A results file of an earlier run: continued rather than started. */
  isResultsFile: boolean;
  /** The choices the view was read with, as the page sends them back. */
  choices: Choices;
}

export interface Choices {
  sheet?: string;
  headerRow?: number;
  /** Field → header, as `--map FIELD=COLUMN`. */
  map: Partial<Record<FieldName, string>>;
  /** `--customer` / `--policy`: for rows whose sheet has no such column or an empty cell. */
  customer?: string;
  policy?: string;
}

export interface CustomerCount {
  customer: string;
  name?: string;
  rows: number;
  byStatus: Partial<Record<RowStatus, number>>;
}

/** A finished check, apply or status: what the table's header shows. */
export interface TableView {
  kind: 'check' | 'results';
  rows: number;
  byStatus: Record<RowStatus, number>;
  customers: CustomerCount[];
  /** Requests sent, or that would be sent (a check). */
  requests: number;
  exitCode: number;
  /** Devices' outcomes, once tracked. */
  devices?: { succeeded: number; failed: number; pending: number };
  /** The files there are to download. */
  files: DownloadView[];
  stoppedBecause?: string;
  /** Listing requests made to look rows up in Partner Center (0: checked offline). */
  lookups: number;
}

export interface DownloadView {
  /** What the server serves it as: `files/<kind>`. */
  kind: 'results' | 'report' | 'failures';
  name: string;
}

export interface RowView {
  row: number;
  status: RowStatus;
  detail: string;
  customer: string;
  device: string;
  policy: string;
  deviceStatus?: string;
}

export interface RowsPage {
  /** Rows of the table in all. */
  total: number;
  /** Rows the filter and search keep. */
  matched: number;
  offset: number;
  rows: RowView[];
}

export type JobKind = 'check' | 'apply' | 'wait' | 'sign-in' | 'read';

export interface JobView {
  kind: JobKind;
  running: boolean;
  stopping: boolean;
}

export interface StateView {
  version: string;
  endpoint: string;
  folder: string;
  uploadLimit: number;
  fields: FieldInfo[];
  signIn: SignInView;
  sheet?: SheetView;
  table?: TableView;
  /** Whether a check was made that Apply would send (Apply sends what the check showed). */
  checked: boolean;
  job?: JobView;
  /** Lines the run wrote for people (offline notes, resuming, "not used: …"). */
  notes: string[];
}

/** Live progress, from the same events the command line's bar draws. */
export type ProgressView =
  | { stage: 'looking up'; customersDone: number; customersTotal: number; batches: number; devices: number }
  | { stage: 'sending' | 'registering'; rowsDone: number; rowsTotal: number; accepted: number; failed: number; notSent: number; requests: number; throttled: number; concurrency: number; perSecond: number; customers: CustomerProgress[] }
  | { stage: 'tracking'; round: number; jobsDone: number; jobsTotal: number; succeeded: number; failed: number; pending: number };

export interface CustomerProgress {
  customer: string;
  name?: string;
  accepted: number;
  failed: number;
  requests: number;
}

/** Server-sent events: `event: <name>`, `data: <JSON>`. */
export interface EventData {
  state: StateView;
  progress: ProgressView;
  note: { text: string };
  /** A job ended: its problem, if it could not run. */
  ended: { kind: JobKind; problem?: string };
}

export interface ProblemBody {
  problem: string;
}
