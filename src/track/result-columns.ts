// Finding the device and customer columns of a results file read back, whose input headers are the
// user's own (pure).
import type { RowResult, RunSummary } from '../model.js';

/** SPEC §2 Input: header matching ignores case, spaces and punctuation. */
export function normaliseHeader(header: string): string {
  return header.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

export const DEVICE_ALIASES = ['deviceid', 'device', 'partnercenterdeviceid'] as const;
export const CUSTOMER_ALIASES = ['customerid', 'customer', 'customertenantid', 'tenantid', 'tenant', 'microsoftid'] as const;

/**
 * The column the run recorded (`summary.options[optionKey]`, the header it mapped) if it is there,
 * else the first header matching an alias; -1 when none does.
 */
export function findColumn(
  headers: readonly string[],
  summary: RunSummary | undefined,
  optionKey: string,
  aliases: readonly string[],
): number {
  const recorded = summary?.options[optionKey];
  if (typeof recorded === 'string' && recorded !== '') {
    const exact = headers.indexOf(recorded);
    if (exact >= 0) return exact;
    const loose = headers.findIndex((h) => normaliseHeader(h) === normaliseHeader(recorded));
    if (loose >= 0) return loose;
  }
  // Alias order is preference order: "Device ID" beats a looser "Device" column.
  for (const alias of aliases) {
    const i = headers.findIndex((h) => normaliseHeader(h) === alias);
    if (i >= 0) return i;
  }
  return -1;
}

/** The device a row sent: the resolved ID when resolution found it, else the device cell. */
export function deviceOf(input: readonly string[], result: RowResult, deviceColumn: number): string {
  if (result.resolvedDeviceId) return result.resolvedDeviceId;
  return deviceColumn >= 0 ? (input[deviceColumn] ?? '').trim() : '';
}

/** A customer GUID as the summary keys it: braces off, lower case. */
export function customerKey(cell: string | undefined): string {
  return (cell ?? '').trim().replace(/^\{(.*)\}$/, '$1').toLowerCase();
}
