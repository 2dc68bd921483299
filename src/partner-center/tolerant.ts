// Reading the service's JSON without regard to the case of property names (SPEC §1): the live service
// was seen to answer in camelCase (`key`/`value`, microsoft/Partner-Center-PowerShell issue 271) where the
// docs' tables write PascalCase, and requests go out in PascalCase. Every answer is read through here,
// so that nothing downstream depends on which spelling came.

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `record[name]`, or the property whose name equals it ignoring case when the exact one is absent. */
export function prop(record: JsonRecord, name: string): unknown {
  if (Object.hasOwn(record, name)) return record[name];
  const wanted = name.toLowerCase();
  for (const key of Object.keys(record)) if (key.toLowerCase() === wanted) return record[key];
  return undefined;
}

/** A string property, or undefined when absent, null or not a string. */
export function text(record: JsonRecord, name: string): string | undefined {
  const value = prop(record, name);
  return typeof value === 'string' ? value : undefined;
}

/** A string property, null when the service wrote null or nothing. */
export function textOrNull(record: JsonRecord, name: string): string | null {
  return text(record, name) ?? null;
}

/** A count the service may write as a number or as digits; undefined otherwise. */
export function count(record: JsonRecord, name: string): number | undefined {
  const value = prop(record, name);
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}
