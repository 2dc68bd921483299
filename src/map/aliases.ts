// Which header names mean which field (SPEC §2 Input). Matching ignores case, spaces and punctuation,
// so "Customer-ID", "customer_id" and "CustomerID" are one name.
import { FIELDS, type Field } from '../model.js';

export const ALIASES: Readonly<Record<Field, readonly string[]>> = {
  customer: ['Customer ID', 'Customer', 'Customer Tenant ID', 'Tenant ID', 'Tenant', 'Microsoft ID'],
  device: ['Device ID', 'Device', 'Partner Center Device ID'],
  policy: ['Policy ID', 'Policy', 'Configuration Policy ID', 'Profile ID', 'Autopilot Profile ID'],
  serial: ['Serial Number', 'Serial', 'Device Serial Number'],
  productKey: ['Product Key', 'Windows Product ID'],
  policyName: ['Policy Name', 'Profile Name'],
};

/** Lower case, letters and digits only (any script, so accented headers survive). */
export function normaliseHeader(header: string): string {
  return header.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

const BY_NAME: ReadonlyMap<string, Field> = new Map(
  FIELDS.flatMap((field) => ALIASES[field].map((name): [string, Field] => [normaliseHeader(name), field])),
);

/** The field a header names by alias, if any. */
export function fieldOfHeader(header: string): Field | undefined {
  return BY_NAME.get(normaliseHeader(header));
}
