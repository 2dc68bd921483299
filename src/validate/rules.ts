// The row rules of SPEC §2 Row validation. Pure: a row in, a verdict out. Every problem of a row is
// reported at once, so a user fixes the sheet in one pass rather than one error per run.
import type { DeviceIdentifiers, LookupNeed, MappedRow, RowCheck } from '../model.js';
import { normalizeGuid } from './guid.js';
import { CONTROL, errorCell, FIELD_LABEL, hashShown, type IdField, quote, STORED_AS_NUMBER } from './messages.js';
import { policyRef, type PolicyRef } from './policy-option.js';
import { checkHash, usableSerial } from './hash-check.js';
import type { HashFacts, HashReading } from '../hardware-hash/decode.js';

export interface RowDefaults {
  /** `--customer`: for rows whose customer cell is empty or absent. */
  customer?: string | undefined;
  /** `--policy` (an ID or a name): for rows whose policy cells are empty or absent. */
  policy?: string | undefined;
}

export const MAX_DEVICE_ID_LENGTH = 256;

// How Excel's General format shows a long number: "1.23457E+15", or "1,23457E+15" in European locales.
// Excel always writes the exponent's sign, which keeps opaque IDs such as "12E4" out of this net.
const SCIENTIFIC = /^[+-]?\d+(?:[.,]\d+)?E[+-]\d+$/i;

type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };
type DeviceRef = LookupNeed['device'];

/** `hashReading`: the row's hardware hash as the caller read it already (the scan reads each distinct hash once). */
export function validateRow(row: MappedRow, defaults: RowDefaults, hashReading?: HashReading): RowCheck {
  const customer = checkCustomer(row, defaults.customer);
  const hash = checkHash(row, hashReading);
  const device = checkDevice(row, hash.kind === 'read' ? hash.facts : undefined);
  const hashProblem = hash.kind === 'invalid' ? [hash.problem] : [];
  const policy = checkPolicy(row, defaults.policy);
  const { index, rowNumber } = row;
  if (!customer.ok || !device.ok || !policy.ok || hashProblem.length > 0) {
    const detail = [
      ...[customer, device].flatMap((c) => (c.ok ? [] : [c.problem])),
      ...hashProblem,
      ...(policy.ok ? [] : [policy.problem]),
    ].join('; ');
    return { ok: false, index, rowNumber, detail };
  }
  if ('id' in device.value && 'id' in policy.value) {
    return { ok: true, index, rowNumber, customer: customer.value, device: device.value.id, policy: policy.value.id };
  }
  const lookup: LookupNeed = { customer: customer.value, device: device.value, policy: policy.value };
  return { ok: false, index, rowNumber, detail: lookupDetail(lookup), lookup };
}

/**
 * Why a row that needs a lookup is invalid when none is made; `because` ends the sentence ("which
 * --offline does not look up").
 */
export function lookupDetail(lookup: LookupNeed, because = 'which were not looked up'): string {
  const parts: string[] = [];
  if ('find' in lookup.device) parts.push(`Device ID is missing; finding the device by ${describeIdentifiers(lookup.device.find)}`);
  if ('name' in lookup.policy) parts.push(`Policy ID is missing; finding the policy named ${quote(lookup.policy.name)}`);
  return `${parts.join(', and ')} needs the customer's Partner Center lists, ${because}`;
}

/** `serial number "X" or hardware hash ending "…"`: what a row searches by, for its messages. */
export function describeIdentifiers(ids: DeviceIdentifiers): string {
  const named: string[] = [];
  const fromHash = ids.serialFromHash === true && ids.serial !== undefined;
  if (ids.serial !== undefined && !fromHash) named.push(describeIdentifier('serial', ids.serial));
  if (ids.productKey !== undefined) named.push(describeIdentifier('productKey', ids.productKey));
  if (ids.hardwareHash !== undefined) {
    const inside = fromHash ? ` (serial number ${quote(ids.serial ?? '')} inside it)` : '';
    named.push(`${describeIdentifier('hardwareHash', ids.hardwareHash)}${inside}`);
  }
  return named.join(' or ');
}

/** One identifier in words (a hash by its end: see hashShown). */
export function describeIdentifier(kind: 'serial' | 'productKey' | 'hardwareHash', value: string): string {
  if (kind === 'serial') return `serial number ${quote(value)}`;
  if (kind === 'productKey') return `product key ${quote(value)}`;
  return `hardware hash ${hashShown(value)}`;
}

function checkCustomer(row: MappedRow, fallback: string | undefined): Checked<string> {
  return checkGuid(row, 'customer', fallback, '');
}

function checkPolicy(row: MappedRow, fallback: string | undefined): Checked<PolicyRef> {
  const label = FIELD_LABEL.policy;
  if (cellText(row, 'policy') !== undefined) {
    const hint = row.fields.policyName === undefined ? '; to name a policy rather than give its ID, head the column Policy Name (or --map policyName=COLUMN)' : '';
    const id = checkGuid(row, 'policy', undefined, hint);
    return id.ok ? { ok: true, value: { id: id.value } } : id;
  }
  const name = row.fields.policyName?.trim();
  if (name !== undefined && name !== '') {
    const error = errorCell('Policy Name', name);
    if (error !== undefined) return { ok: false, problem: error };
    const ref = policyRef(name);
    if (ref === undefined) return { ok: false, problem: `Policy Name ${quote(name)} contains a control character or is too long` };
    return { ok: true, value: ref };
  }
  const given = fallback?.trim();
  if (given !== undefined && given !== '') {
    const ref = policyRef(given);
    return ref === undefined ? { ok: false, problem: `${label} ${quote(given)} (from --policy) is neither a GUID nor a policy name` } : { ok: true, value: ref };
  }
  return { ok: false, problem: `${label} is missing (empty cell and no --policy)` };
}

function checkGuid(row: MappedRow, field: 'customer' | 'policy', fallback: string | undefined, hint: string): Checked<string> {
  const label = FIELD_LABEL[field];
  const cell = cellText(row, field);
  if (cell !== undefined) {
    const numeric = errorCell(label, cell) ?? storedAsNumber(row, field, cell);
    if (numeric !== undefined) return { ok: false, problem: numeric };
    const guid = normalizeGuid(cell);
    return guid === undefined ? { ok: false, problem: `${label} ${quote(cell)} is not a GUID${hint}` } : { ok: true, value: guid };
  }
  const given = fallback?.trim();
  if (given !== undefined && given !== '') {
    const guid = normalizeGuid(given);
    return guid === undefined
      ? { ok: false, problem: `${label} ${quote(given)} (from --${field}) is not a GUID` }
      : { ok: true, value: guid };
  }
  return { ok: false, problem: `${label} is missing (empty cell and no --${field})` };
}

/** `hash`: what the row's hardware hash says, when it has one that reads. */
function checkDevice(row: MappedRow, hash: HashFacts | undefined): Checked<DeviceRef> {
  const label = FIELD_LABEL.device;
  const cell = cellText(row, 'device');
  if (cell === undefined) return identifiersOf(row, hash);
  const numeric = errorCell(label, cell) ?? storedAsNumber(row, 'device', cell);
  if (numeric !== undefined) return { ok: false, problem: numeric };
  if (cell.length > MAX_DEVICE_ID_LENGTH) {
    return {
      ok: false,
      problem: `${label} ${quote(cell)} is ${cell.length} characters long; at most ${MAX_DEVICE_ID_LENGTH} are allowed`,
    };
  }
  const control = controlCharacter(cell);
  if (control !== undefined) return { ok: false, problem: `${label} ${quote(cell)} contains a control character (${control})` };
  return { ok: true, value: { id: cell } };
}

const SEARCHED_BY = [
  ['serial', 'Serial Number'],
  ['productKey', 'Product Key'],
  ['hardwareHash', 'Hardware Hash'],
] as const;

/**
 * A row without a Device ID: what it names the device by instead, each checked. What its hash says fills
 * the serial number, manufacturer and model the sheet leaves empty (SPEC §2 Input): listings show serial
 * numbers, not hashes, and registering by serial needs the other two.
 */
function identifiersOf(row: MappedRow, hash: HashFacts | undefined): Checked<DeviceRef> {
  const find: DeviceIdentifiers = {};
  const problems: string[] = [];
  for (const [field, label] of SEARCHED_BY) {
    const text = row.fields[field]?.trim();
    if (text === undefined || text === '') continue;
    // A hash is checked whatever else the row has (hash-check.ts), a spreadsheet error in it included.
    const error = field === 'hardwareHash' ? undefined : errorCell(label, text);
    if (error !== undefined) {
      problems.push(error);
      continue;
    }
    // A serial number or product key that Excel stored as a number may have lost digits (or gained an
    // exponent); searching by it would find nothing, or the wrong device.
    if (field !== 'hardwareHash' && (row.numericFields.includes(field) || SCIENTIFIC.test(text))) {
      problems.push(`${label} ${STORED_AS_NUMBER}`);
      continue;
    }
    const control = field === 'hardwareHash' ? undefined : controlCharacter(text);
    if (control !== undefined) {
      problems.push(`${label} ${quote(text)} contains a control character (${control})`);
      continue;
    }
    find[field] = text;
  }
  if (problems.length > 0) return { ok: false, problem: problems.join('; ') };
  if (find.serial === undefined && find.productKey === undefined && find.hardwareHash === undefined) {
    return { ok: false, problem: `${FIELD_LABEL.device} is missing (no Device ID, serial number, product key or hardware hash)` };
  }
  const hashSerial = usableSerial(hash?.serial);
  if (find.serial === undefined && hashSerial !== undefined) {
    find.serial = hashSerial;
    find.serialFromHash = true;
  }
  const manufacturer = row.fields.manufacturer?.trim() || hash?.manufacturer;
  const model = row.fields.model?.trim() || hash?.model;
  const batch = row.fields.batch?.trim();
  if (manufacturer) find.manufacturer = manufacturer;
  if (model) find.model = model;
  if (batch) find.batch = batch;
  return { ok: true, value: { find } };
}

function controlCharacter(text: string): string | undefined {
  const control = CONTROL.exec(text);
  if (control === null) return undefined;
  return `U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

function cellText(row: MappedRow, field: IdField): string | undefined {
  const text = row.fields[field]?.trim();
  return text === undefined || text === '' ? undefined : text;
}


function storedAsNumber(row: MappedRow, field: IdField, cell: string): string | undefined {
  return row.numericFields.includes(field) || SCIENTIFIC.test(cell) ? `${FIELD_LABEL[field]} ${STORED_AS_NUMBER}` : undefined;
}
