// Customer and policy IDs are GUIDs (SPEC §1). People paste them from portals in several spellings;
// the service and our duplicate detection need one.

const HEX_GUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
// Braces only as a pair: "{guid" is a copy-and-paste slip, not a spelling to guess at.
const GUID = new RegExp(`^(?:\\{(${HEX_GUID})\\}|(${HEX_GUID}))$`);

/** The canonical lower-case 8-4-4-4-12 form of `text` (braces and upper case accepted), or undefined. */
export function normaliseGuid(text: string): string | undefined {
  const match = GUID.exec(text.trim());
  if (match === null) return undefined;
  return (match[1] ?? match[2])?.toLowerCase();
}

/**
 * How a customer is keyed in counts and tables: the canonical GUID, or the trimmed text when it is none,
 * so that one tenant written two ways ({…}, upper case) is one entry, in apply and in status alike.
 */
export function customerKey(text: string): string {
  return normaliseGuid(text) ?? text.trim();
}
