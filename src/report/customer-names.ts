// Customers by name in a row's Detail where the sheet names them (issue 22: the ticket reader knows
// "Contoso Ltd", not c7f3c849-…): "customer {GUID}" becomes "customer Contoso Ltd ({GUID})". The GUID
// stays, since it is what Partner Center knows the customer by. Pure, and idempotent: a Detail already
// named (read back from a results file) is left as it is.
import { customerKey } from '../validate/guid.js';

const CUSTOMER_ID = /\bcustomer (\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?)/gi;

export function withCustomerNames(detail: string, names: ReadonlyMap<string, string>): string {
  if (names.size === 0 || !/customer /i.test(detail)) return detail;
  return detail.replace(CUSTOMER_ID, (whole: string, id: string) => {
    const name = names.get(customerKey(id));
    return name === undefined ? whole : `customer ${name} (${id})`;
  });
}
