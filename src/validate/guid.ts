// Customer and policy IDs are GUIDs (SPEC §1). People paste them from portals in several spellings;
// the service and our duplicate detection need one.

import { detach } from '../text/detach.js';

const HEX_GUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
// Braces only as a pair: "{guid" is a copy-and-paste slip, not a spelling to guess at.
const GUID = new RegExp(`^(?:\\{(${HEX_GUID})\\}|(${HEX_GUID}))$`);

/** The canonical lower-case 8-4-4-4-12 form of `text` (braces and upper case accepted), or undefined. */
export function normalizeGuid(text: string): string | undefined {
  // A sheet gives the same few customer and policy IDs on every row: the last answers are kept.
  const known = recent.get(text);
  if (known !== undefined || recent.has(text)) return known;
  // A copy of its own, the answer taken from it: a cell read from a workbook may be a slice of the
  // reader's chunk, which a kept slice would keep alive.
  const own = detach(text);
  const match = GUID.exec(own.trim());
  const guid = match === null ? undefined : (match[1] ?? match[2])?.toLowerCase();
  if (recent.size >= RECENT) recent.clear();
  recent.set(own, guid);
  return guid;
}

const RECENT = 1024;
const recent = new Map<string, string | undefined>();

/**
 * How a customer is keyed in counts and tables: the canonical GUID, or the trimmed text when it is none,
 * so that one tenant written two ways ({…}, upper case) is one entry, in apply and in status alike.
 */
export function customerKey(text: string): string {
  return normalizeGuid(text) ?? text.trim();
}
