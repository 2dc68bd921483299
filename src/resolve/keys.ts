// How identifiers are compared (SPEC §2 Resolution): serial numbers case-insensitively after trimming;
// product keys and hardware hashes with every whitespace removed (hashes are pasted wrapped across lines).
import { createHash } from 'node:crypto';

export type SearchKey = 'serial' | 'productKey' | 'hardwareHash';

export const SEARCH_KEYS: readonly SearchKey[] = ['serial', 'productKey', 'hardwareHash'];

/** The key an identifier is indexed and searched by; undefined when nothing is left of it. */
export function searchKey(kind: SearchKey, text: string | null | undefined): string | undefined {
  if (typeof text !== 'string') return undefined;
  switch (kind) {
    case 'serial': {
      const serial = text.trim().toUpperCase();
      return serial === '' ? undefined : serial;
    }
    case 'productKey': {
      const key = text.replace(/\s+/g, '').toUpperCase();
      return key === '' ? undefined : key;
    }
    case 'hardwareHash': {
      // Matched exactly (base64 is case-sensitive), but indexed by digest: a hash runs to 4 000
      // characters or more, and a customer's listing may hold tens of thousands of them.
      const hash = text.replace(/\s+/g, '');
      return hash === '' ? undefined : createHash('sha256').update(hash).digest('base64');
    }
  }
}
