// The data that flows through the pipeline: read → map → validate → plan → send → record.
// Every stage speaks in these types; nothing here does I/O.

/**
 * The fields a column can be mapped to (SPEC §2 Input): the IDs the request needs; what a vendor sheet
 * names a device or a profile by instead (resolution); what registering a device needs besides (and the
 * batch it goes into); and the customer's name for people to read.
 */
export type Field =
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

export const FIELDS: readonly Field[] = [
  'customer',
  'device',
  'policy',
  'serial',
  'productKey',
  'hardwareHash',
  'policyName',
  'manufacturer',
  'model',
  'batch',
  'customerName',
];

/** One data row as a reader yields it: cells normalized to trimmed text, aligned with the header. */
export interface SourceRow {
  /** The row number as a spreadsheet shows it (1-based; the header and any title rows count). */
  rowNumber: number;
  /** Cell text, one per header column (short rows are padded with ''). */
  cells: string[];
  /** Columns (0-based) whose cell the workbook stored as a number: IDs there may have lost digits. */
  numericColumns: number[];
}

/** Where a table was found and what its header says. */
export interface TableInfo {
  file: string;
  /** 'json' only for a JSON results file given back as input (SPEC §2 Results file). */
  format: 'csv' | 'xlsx' | 'json';
  /** Worksheet name (XLSX only). */
  sheet?: string;
  /** How the text was decoded (CSV only): 'UTF-8', 'UTF-16LE with BOM', 'Windows-1252'… */
  encoding?: string;
  /** The field separator (CSV only); CSV results are written with the same one. */
  delimiter?: ',' | ';' | '\t';
  /** 1-based row number of the header. */
  headerRow: number;
  headers: string[];
}

/** Which column (0-based index into the header) holds each field. */
export type ColumnMap = Partial<Record<Field, number>>;

/**
 * A row's final word (SPEC §2 Results file). `applied`: the service confirmed the device took the policy;
 * `accepted`: the request was accepted, the device's outcome not known yet; `unchanged`: the device
 * already had the policy, nothing sent.
 */
export type Status = 'applied' | 'accepted' | 'unchanged' | 'failed' | 'invalid' | 'duplicate' | 'planned' | 'not-sent';
export const STATUSES: readonly Status[] = ['applied', 'accepted', 'unchanged', 'failed', 'invalid', 'duplicate', 'planned', 'not-sent'];

export type DeviceStatus = 'succeeded' | 'failed' | 'pending';
/** In the order the Summary sheet, the report and error messages list them. */
export const DEVICE_STATUSES: readonly DeviceStatus[] = ['succeeded', 'failed', 'pending'];

/**
 * A row's outcome: the result columns as data. Keys are the camelCase of the column names, which is
 * also the JSON results contract (SPEC §2 Results file).
 */
export interface RowResult {
  row: number;
  status: Status;
  detail: string;
  batchJobUri?: string;
  trackingId?: string;
  httpStatus?: number;
  errorCode?: string;
  requestId?: string;
  sentAt?: string;
  jobStatus?: string;
  deviceStatus?: DeviceStatus;
  deviceError?: string;
  checkedAt?: string;
  resolvedDeviceId?: string;
  resolvedPolicyId?: string;
  /** The batch `--register` uploaded the row's device into, when this run registered it. */
  registered?: string;
  /** How many runs attempted the row in this results file (`apply --into` counts them); absent means one. */
  runs?: number;
  /** In a failures file: the results file the row came from (where `--into` records its new outcome). */
  resultsFile?: string;
  /** What the row's hardware hash says (the Hash columns). */
  hashSerial?: string;
  hashManufacturer?: string;
  hashModel?: string;
  /** For a row invalid by its own cells: their fingerprint (record/input-check.ts). */
  inputCheck?: string;
}

/** A row after mapping: the raw text of each mapped field (absent when the column or cell is absent). */
export interface MappedRow {
  /** 0-based position among the data rows read (blank rows are not counted). */
  index: number;
  rowNumber: number;
  fields: Partial<Record<Field, string>>;
  /** Mapped fields whose cell was stored as a number. */
  numericFields: Field[];
  /** When the input is a results file: the outcome it already records for this row. */
  prior?: RowResult;
}

/** What a vendor sheet says about a device that has no Partner Center device ID in it. */
export interface DeviceIdentifiers {
  serial?: string;
  /** Set when the sheet gives no serial number and `serial` is the one inside the hardware hash. */
  serialFromHash?: boolean;
  productKey?: string;
  hardwareHash?: string;
  /** Not searched by: registering a device by serial number needs them (SPEC §2 Registration). */
  manufacturer?: string;
  model?: string;
  /** Not searched by: the device batch `--register` uploads the device into, when the sheet names one. */
  batch?: string;
}

/**
 * A row whose device or policy only the customer's Partner Center lists can turn into an ID (SPEC §2
 * Resolution). The customer is a valid GUID; whichever of device and policy is given as an ID is valid.
 */
export interface LookupNeed {
  customer: string;
  device: { id: string } | { find: DeviceIdentifiers };
  policy: { id: string } | { name: string };
}

/**
 * What validation makes of a row: the normalized triple, or why it cannot be sent. A row that needs a
 * lookup is invalid until resolution says otherwise: its `detail` says why when no lookup is made.
 */
export type RowCheck =
  | { ok: true; index: number; rowNumber: number; customer: string; device: string; policy: string }
  | { ok: false; index: number; rowNumber: number; detail: string; lookup?: LookupNeed };

/**
 * Rows' checks by row index: an array, or the scan's compact store (apply/scanned-rows.ts), which makes
 * each check when asked rather than holding an object per row.
 */
export interface RowChecks extends Iterable<RowCheck> {
  readonly length: number;
  at(index: number): RowCheck | undefined;
  /** Row `index`'s row number without making its check, where the store can tell it. */
  rowNumber?(index: number): number;
}

/** One device of a chunk, pointing back at its row. */
export interface ChunkItem {
  index: number;
  rowNumber: number;
  device: string;
  policy: string;
}

/** One PATCH request's worth of work: devices of one customer. */
export interface Chunk {
  /** Stable within a run: `<customer>#<n>`, n counting from 1 per customer. */
  id: string;
  customer: string;
  items: ChunkItem[];
}

/** The outcome, per row index, that planning decides before anything is sent. */
export type PlannedOutcome =
  | { status: 'planned'; index: number; rowNumber: number; customer: string; device: string; policy: string }
  | { status: 'invalid'; index: number; rowNumber: number; detail: string }
  | { status: 'duplicate'; index: number; rowNumber: number; duplicateOf: number; detail: string }
  /** Accepted in an earlier run (results file given as input, or the journal): kept, never resent. */
  | { status: 'kept'; index: number; rowNumber: number; customer: string; device: string; policy: string }
  /** The customer's device listing shows the device already carries the policy: nothing to send. */
  | { status: 'unchanged'; index: number; rowNumber: number; customer: string; device: string; policy: string };

export type PlannedStatus = PlannedOutcome['status'];

/**
 * What planning decided, row by row. A plan of a million rows keeps a status byte and a few numbers per
 * row (plan/planned-rows.ts), not an object: a row's outcome and a chunk's items are made when asked.
 */
export interface Plan {
  /** Data rows planned (row indexes run from 0 to rows - 1). */
  readonly rows: number;
  status(index: number): PlannedStatus;
  /** Row `index`'s number in the sheet. */
  rowNumber(index: number): number;
  /** Row `index`'s outcome, made anew on every call. */
  outcome(index: number): PlannedOutcome;
  /** The request a planned row goes in (a chunk's id); undefined for rows not planned. */
  requestOf(index: number): string | undefined;
  /** Chunks grouped by customer (customers in order of first appearance), rows in input order; made on first use. */
  readonly chunks: readonly Chunk[];
  /** Customers with at least one planned row, in order of first appearance. */
  readonly customers: readonly string[];
  /** Rows by planned status (every status present, zero when no row has it). */
  readonly byStatus: Readonly<Record<PlannedStatus, number>>;
  /** Per customer with rows to send, in plan order: planned devices and the requests they take. */
  readonly perCustomer: ReadonlyArray<{ customer: string; devices: number; requests: number }>;
}
