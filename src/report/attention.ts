// Which rows need attention, in what words, and grouped how (pure). The report, the console's closing
// lines and the failures file all decide here, so they name the same rows for the same reasons.
import type { RowResult } from '../model.js';

/** How a row needs attention: its Status, or `pending` for an accepted device whose outcome is unknown. */
export type AttentionStatus = 'failed' | 'invalid' | 'not-sent' | 'pending';

/**
 * A row that needs someone to act: invalid, failed, not sent, or (once devices were asked about)
 * accepted with the device still pending. Duplicates share their first row's fate and are not repeated.
 */
export function attentionStatus(result: RowResult): AttentionStatus | undefined {
  switch (result.status) {
    case 'failed':
    case 'invalid':
    case 'not-sent':
      return result.status;
    case 'accepted':
      return result.deviceStatus === 'pending' ? 'pending' : undefined;
    default:
      return undefined;
  }
}

/**
 * A row for the failures file: one that fixing and feeding back can change (invalid, failed, not sent).
 * A pending device needs `status`, not a fix, and a failures file has no Batch Job URI to track it by.
 */
export function needsFix(result: RowResult): boolean {
  const status = attentionStatus(result);
  return status !== undefined && status !== 'pending';
}

/** The row's own reason, in full: what the Detail says, with the service's code where it gave one. */
export function reasonOf(result: RowResult): string {
  if (attentionStatus(result) === 'pending') {
    const why = result.deviceError ?? (result.jobStatus === undefined ? '' : `batch job ${result.jobStatus}`);
    return why === '' ? "the device's outcome is not known yet" : `the device's outcome is not known yet (${why})`;
  }
  if (result.status === 'failed' && result.deviceStatus === 'failed') return result.deviceError ?? result.detail;
  if (result.status === 'failed') {
    const code = [result.httpStatus === undefined ? '' : `HTTP ${result.httpStatus}`, result.errorCode === undefined ? '' : `code ${result.errorCode}`]
      .filter((p) => p !== '')
      .join(', ');
    return code === '' || result.detail.startsWith('HTTP ') ? result.detail : `${code}: ${result.detail}`;
  }
  return result.detail;
}

/** A quoted value that ends its clause ("its policies are "A", "B"") stands as "…", or the clause would dangle. */
const QUOTED_AT_END = /"(?:[^"\\]|\\.)*"(?=\s*(?:[,;:)]|$))/g;
/** Any other value particular to the row: a quoted value or a GUID, with the space before it. */
const VALUE = /\s*(?:"(?:[^"\\]|\\.)*"|\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?)/gi;
/**
 * Words that say what the value after them is ("Policy ID "abc"", "customer {GUID}'s"): without the
 * value the clause still reads. After any other word ("hash ending "…3f2a"") the value stands as "…".
 */
const NAMES_VALUE = /\b(?:id|number|key|hash|name|customer|device|policy|sheet|batch|column|file)\s*$/i;
/** A list of rows in a message ("rows 4 (policy …), 9 (…)"): the rows are listed beside the reason. */
const ROW_LIST = /:?\s*\brows?\s+\d[^;]*/g;

/**
 * The kind of a reason, so that rows failing the same way group together: the row's own words without
 * what is particular to it (its device ID, quoted values, GUIDs, lists of rows) and, for a device error,
 * without the advice past its first sentence (it is the same for every row of that code).
 */
export function reasonKind(result: RowResult, device: string): string {
  let text = reasonOf(result);
  if (device.trim().length >= 3) text = text.split(device.trim()).join('');
  text = text
    .replace(QUOTED_AT_END, '…')
    .replace(VALUE, (value: string, at: number, whole: string) => (NAMES_VALUE.test(whole.slice(0, at)) ? '' : ' …'))
    .replace(/…(?:,\s*…)+/g, '…')
    .replace(ROW_LIST, '');
  const dash = text.indexOf(' — ');
  if (dash >= 0) {
    const end = text.indexOf('. ', dash);
    if (end >= 0) text = text.slice(0, end + 1);
  }
  const tidy = text
    // Parentheses left holding nothing but values ("(GUID, GUID)") say nothing of the kind; the space
    // before them goes too ("customer Contoso Ltd (GUID)'s" → "customer Contoso Ltd's").
    .replace(/\s*\(\s*…?(\s*,\s*…?)*\s*\)/g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s+([,.;:)])/g, '$1')
    .replace(/^[\s,;:]+|[\s,;:]+$/g, '');
  return tidy === '' ? reasonOf(result) : tidy;
}

export interface ReasonGroup<T> {
  status: AttentionStatus;
  kind: string;
  rows: T[];
}

/** Rows by status and kind of reason, the largest groups first, rows in their input order. */
export function groupByReason<T>(rows: Iterable<T>, view: (row: T) => { result: RowResult; device: string }): ReasonGroup<T>[] {
  const groups = new Map<string, ReasonGroup<T>>();
  for (const row of rows) {
    const { result, device } = view(row);
    const status = attentionStatus(result);
    if (status === undefined) continue;
    const kind = reasonKind(result, device);
    const id = `${status}\u0000${kind}`;
    let group = groups.get(id);
    if (group === undefined) groups.set(id, (group = { status, kind, rows: [] }));
    group.rows.push(row);
  }
  // Stable: equal sizes keep the order of first appearance.
  return [...groups.values()].sort((a, b) => b.rows.length - a.rows.length);
}
