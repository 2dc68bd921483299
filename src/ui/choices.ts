// The engineer's choices as the page sends them (JSON), checked field by field: the server trusts
// nothing of a request's body but its shape.
import { FIELDS, type Field } from '../model.js';
import type { Choices } from './page/api-types.js';

export class BadRequest extends Error {
  override readonly name = 'BadRequest';
}

export function parseChoices(body: unknown): Choices {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new BadRequest('expected a JSON object of choices');
  const o = body as Record<string, unknown>;
  const text = (key: string): string | undefined => {
    const value = o[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' || value.length > 1000) throw new BadRequest(`${key}: expected text`);
    return value.trim() === '' ? undefined : value;
  };
  const headerRow = o['headerRow'];
  if (headerRow !== undefined && headerRow !== null && !(Number.isSafeInteger(headerRow) && (headerRow as number) >= 1)) {
    throw new BadRequest('headerRow: expected a row number, 1 or more');
  }
  const map: Partial<Record<Field, string>> = {};
  const given = o['map'] ?? {};
  if (typeof given !== 'object' || given === null || Array.isArray(given)) throw new BadRequest('map: expected an object of field → header');
  for (const [field, header] of Object.entries(given)) {
    if (!(FIELDS as readonly string[]).includes(field)) throw new BadRequest(`map: unknown field ${JSON.stringify(field)}`);
    if (typeof header !== 'string' || header.length > 1000) throw new BadRequest(`map.${field}: expected a header`);
    if (header.trim() !== '') map[field as Field] = header;
  }
  const sheet = text('sheet');
  const customer = text('customer');
  const policy = text('policy');
  return {
    map,
    ...(sheet === undefined ? {} : { sheet }),
    ...(typeof headerRow === 'number' ? { headerRow } : {}),
    ...(customer === undefined ? {} : { customer }),
    ...(policy === undefined ? {} : { policy }),
  };
}
