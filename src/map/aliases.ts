// Which header names mean which field (SPEC §2 Input). Matching ignores case, spaces and punctuation,
// so "Customer-ID", "customer_id" and "CustomerID" are one name.
import { FIELDS, type Field } from '../model.js';

export const ALIASES: Readonly<Record<Field, readonly string[]>> = {
  customer: ['Customer ID', 'Customer', 'Customer Tenant ID', 'Tenant ID', 'Tenant', 'Microsoft ID'],
  device: ['Device ID', 'Device', 'Partner Center Device ID'],
  policy: ['Policy ID', 'Policy', 'Configuration Policy ID', 'Profile ID', 'Autopilot Profile ID'],
  // What vendor sheets and Get-WindowsAutopilotInfo name devices and profiles by (resolution).
  serial: ['Serial Number', 'Serial', 'Device Serial Number'],
  productKey: ['Product Key', 'Windows Product ID', 'Product ID', 'PKID'],
  hardwareHash: ['Hardware Hash', 'Hash'],
  policyName: ['Policy Name', 'Profile Name', 'Profile', 'Autopilot Profile', 'Deployment Profile'],
  // What registering a device by serial number needs besides (SPEC §2 Registration).
  manufacturer: ['Manufacturer name', 'Manufacturer', 'OEM'],
  model: ['Device model', 'Model'],
  // The batch --register uploads into: the portal calls a batch's name its "group name", and Microsoft
  // Managed Desktop asks partners for exact names such as Microsoft365Managed_Standard.
  batch: ['Group Tag', 'Group Name', 'Batch', 'Batch Name', 'Device Batch'],
  // For people: names the customer in the Summary, the report and the console.
  customerName: ['Customer Name', 'Company', 'Company Name', 'Organization'],
};

/** Lower case, letters and digits only (any script, so accented headers survive). */
export function normalizeHeader(header: string): string {
  return header.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

const BY_NAME: ReadonlyMap<string, Field> = new Map(
  FIELDS.flatMap((field) => ALIASES[field].map((name): [string, Field] => [normalizeHeader(name), field])),
);

/** The field a header names by alias, if any. */
export function fieldOfHeader(header: string): Field | undefined {
  return BY_NAME.get(normalizeHeader(header));
}
