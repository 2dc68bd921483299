// `--policy` names a policy by ID or by name (SPEC §2 Input). Read once, at the edge: a value that is
// neither is a usage error for the whole run, never one invalid row per line of the sheet.
import { InputError } from '../read/errors.js';
import { normalizeGuid } from './guid.js';
import { CONTROL, quote } from './messages.js';

export type PolicyRef = { id: string } | { name: string };

/** The most characters a policy name may have: Partner Center's profile names are far shorter. */
export const MAX_POLICY_NAME_LENGTH = 256;

/** A policy given as text: its ID when the text is a GUID, else its name; undefined when it is neither. */
export function policyRef(text: string): PolicyRef | undefined {
  const trimmed = text.trim();
  const id = normalizeGuid(trimmed);
  if (id !== undefined) return { id };
  if (trimmed === '' || trimmed.length > MAX_POLICY_NAME_LENGTH || CONTROL.test(trimmed)) return undefined;
  return { name: trimmed };
}

/** `--policy VALUE` checked; throws InputError 'bad-option' (exit 2) for a value that names nothing. */
export function parsePolicyOption(value: string | undefined): PolicyRef | undefined {
  if (value === undefined) return undefined;
  const ref = policyRef(value);
  if (ref === undefined) {
    throw new InputError(
      'bad-option',
      undefined,
      `--policy expects a policy ID (a GUID) or a policy name of at most ${MAX_POLICY_NAME_LENGTH} printable characters, got ${quote(value)}`,
    );
  }
  return ref;
}
