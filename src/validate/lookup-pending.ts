// Rows that name a device only by serial number / product key, or a policy only by name, need a
// lookup against the customer's Partner Center lists (SPEC §2 Resolution). That lookup is a later
// issue; until it lands such rows are invalid with a message that says so. This file is the one place
// that issue replaces.
import type { MappedRow } from '../model.js';
import { quote } from './messages.js';

/** Why a row without a Device ID cannot be sent yet, when it carries something to look one up by. */
export function deviceLookupUnavailable(row: MappedRow): string | undefined {
  const serial = present(row.fields.serial);
  if (serial !== undefined) {
    return `Device ID is missing; lookup by serial number ${quote(serial)} is not available yet: add the Partner Center Device ID`;
  }
  const productKey = present(row.fields.productKey);
  if (productKey !== undefined) {
    return `Device ID is missing; lookup by product key ${quote(productKey)} is not available yet: add the Partner Center Device ID`;
  }
  return undefined;
}

/** Why a row without a Policy ID cannot be sent yet, when it carries a policy name to look one up by. */
export function policyLookupUnavailable(row: MappedRow): string | undefined {
  const name = present(row.fields.policyName);
  if (name === undefined) return undefined;
  return `Policy ID is missing; lookup by policy name ${quote(name)} is not available yet: add the Policy ID or use --policy`;
}

function present(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}
