// `--policy` is one value for many rows: checked once per customer that uses it, as soon as the
// customers' policies are listed and before anything is registered or sent. A profile the customer lacks
// is one usage error (exit 2) with the customer's closest names, not one invalid row per line.
import type { RowCheck } from '../model.js';
import type { CustomerLists } from '../resolve/customer-lists.js';
import { InputError } from '../read/errors.js';
import type { PolicyRef } from '../validate/policy-option.js';
import { closestNames, didYouMeanOf } from '../text/closest.js';
import { quoteList } from '../text/quote-list.js';

/** The customers whose rows ask for `ref` (from --policy, or a cell saying the same), in order of first row. */
export function customersUsing(checks: Iterable<RowCheck>, ref: PolicyRef): string[] {
  const same = (policy: PolicyRef): boolean => ('id' in ref ? 'id' in policy && policy.id === ref.id : 'name' in policy && policy.name.toLowerCase() === ref.name.toLowerCase());
  const customers = new Set<string>();
  for (const check of checks) {
    if (check.ok) {
      if ('id' in ref && check.policy === ref.id) customers.add(check.customer);
    } else if (check.lookup !== undefined && same(check.lookup.policy)) {
      customers.add(check.lookup.customer);
    }
  }
  return [...customers];
}

/**
 * Throws InputError 'bad-option' naming each customer whose listed policies lack `ref` (`--policy
 * "Standard user": customer Contoso Ltd (c7f3…) has no policy of that name (did you mean …?)`). Customers
 * whose policies could not be listed are left to their rows, which say why.
 */
export function checkPolicyOption(
  given: string,
  ref: PolicyRef,
  customers: readonly string[],
  lists: ReadonlyMap<string, CustomerLists>,
  names: ReadonlyMap<string, string>,
): void {
  const problems: string[] = [];
  for (const customer of customers) {
    const policies = lists.get(customer)?.policies;
    if (policies === undefined) continue;
    const who = names.has(customer) ? `${names.get(customer) ?? ''} (${customer})` : customer;
    if ('id' in ref) {
      if (!policies.has(ref.id)) problems.push(`customer ${who} has no policy with that ID; ${itsPolicies(policies.names)}`);
      continue;
    }
    const match = policies.find(ref.name);
    if (match.kind === 'unknown') problems.push(`customer ${who} has no policy of that name${closeOnes(given, policies.names)}`);
    if (match.kind === 'ambiguous') problems.push(`customer ${who} has ${match.policyIds.length} policies of that name (${match.policyIds.join(', ')}): give the policy's ID instead`);
  }
  if (problems.length === 0) return;
  const lines = problems.length === 1 ? ` ${problems[0] ?? ''}` : `\n${problems.map((p) => `  ${p}`).join('\n')}`;
  throw new InputError('bad-option', undefined, `--policy ${JSON.stringify(given)}:${lines}\nNothing was sent.`);
}

/** ` (did you mean "A"?)`, else the names it has, so that the message always gives something to copy. */
function closeOnes(given: string, names: readonly string[]): string {
  const near = didYouMeanOf(closestNames(given, names));
  return near !== '' ? near : `; ${itsPolicies(names)}`;
}

function itsPolicies(names: readonly string[]): string {
  return names.length === 0 ? 'it has no policies' : `its policies are ${quoteList(names)}`;
}
