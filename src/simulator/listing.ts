// The read-only collections: a customer's policies, its device batches, and a batch's devices in pages.
// Two shapes (SPEC §3): the live service's, as a device list captured from it shows (microsoft/
// Partner-Center-PowerShell issue 271: camelCase, no hardwareHash or productKey, `uploadedDate`,
// `links: {}`), and the docs' fuller tables. Pages are chained by `links.next` (as other Partner Center
// collections chain them), by the docs' `continuationToken`, or, to practise a broken service, forever.
import { OOBE_POLICY_KEY, type Collection, type CollectionLink, type ConfigurationPolicy, type Device, type DeviceBatch } from '../partner-center/wire.js';
import type { CustomerEntry } from './catalog.js';
import { errorReply, jsonReply, type Reply } from './reply.js';

/** `real`: the live service's shapes; `documented`: the docs' tables. */
export type Shapes = 'real' | 'documented';
/** `link`: links.next; `token`: continuationToken; `endless`: a new next page named forever. */
export type Paging = 'link' | 'token' | 'endless';

export interface ListingStyle {
  shapes: Shapes;
  paging: Paging;
  pageSize: number;
}

function collection<T>(items: readonly T[], shapes: Shapes, next?: { token: string; link: CollectionLink } | undefined, paging?: Paging): Collection<T> {
  // totalCount is the number of items in this answer, as the captured listing shows it (1 item, 1).
  const body: Collection<T> = { totalCount: items.length, items: [...items] };
  if (shapes === 'real') body.links = {};
  if (next !== undefined) {
    if (paging === 'token') body.continuationToken = next.token;
    else body.links = { next: next.link };
  }
  body.attributes = { objectType: 'Collection' };
  return body;
}

export function listPolicies(customer: CustomerEntry, style: ListingStyle): Reply {
  return jsonReply(collection<ConfigurationPolicy>(customer.policies, style.shapes));
}

export function listDeviceBatches(customer: CustomerEntry, style: ListingStyle): Reply {
  const batches = [...customer.batches].map(([id, devices]): DeviceBatch => ({ id, devicesCount: devices.length }));
  return jsonReply(collection(batches, style.shapes));
}

export function listBatchDevices(
  customerId: string,
  customer: CustomerEntry,
  batchId: string,
  continuationToken: string | undefined,
  style: ListingStyle,
): Reply {
  const devices = customer.batches.get(batchId);
  if (!devices) return errorReply(404, 'DeviceBatchNotFound', `Device batch ${batchId} was not found.`);
  const endless = style.paging === 'endless';
  let offset = 0;
  if (continuationToken !== undefined) {
    const decoded = decodeToken(continuationToken, batchId);
    if (decoded === undefined || (decoded > devices.length && !endless)) {
      return errorReply(400, 'InvalidContinuationToken', 'The continuation token is not valid for this batch.');
    }
    offset = decoded;
  }
  const end = offset + style.pageSize;
  const page: Device[] = endless && end > devices.length ? endlessPage(batchId, devices, offset, end) : devices.slice(offset, end);
  const more = endless || end < devices.length;
  const next = more ? nextPage(customerId, batchId, encodeToken(batchId, end)) : undefined;
  return jsonReply(collection(page.map((d) => listedDevice(d, style.shapes)), style.shapes, next, style.paging));
}

/**
 * A device as a listing shows it. The live service's listing carries no hash and no product key, and
 * adds when it was uploaded (SPEC §1); the docs' table has every field.
 */
function listedDevice(device: Device, shapes: Shapes): Record<string, unknown> {
  const policies = Array.isArray(device.policies) ? device.policies.map((p) => ({ key: p.key, value: p.value })) : undefined;
  if (shapes === 'documented') return policies === undefined ? { ...device } : { ...device, policies };
  const { hardwareHash: _hash, productKey: _key, ...rest } = device;
  // A device without a profile, as the docs' example lists one.
  const listed = policies !== undefined && policies.length > 0 ? policies : [{ key: OOBE_POLICY_KEY, value: null }];
  return { ...rest, policies: listed, uploadedDate: UPLOADED_DATE, attributes: { objectType: 'Device' } };
}

const UPLOADED_DATE = '2020-01-30T09:10:33.2417951+01:00';

/** Past the batch's end, a page of devices that never were: what a broken service might answer. */
function endlessPage(batchId: string, devices: readonly Device[], offset: number, end: number): Device[] {
  const real = devices.slice(offset, end);
  const made = Array.from({ length: end - Math.max(offset, devices.length) }, (_, i) => {
    const n = Math.max(offset, devices.length) + i;
    return { id: `${batchId}-phantom-${n}`, serialNumber: `PHANTOM-${n}`, policies: null };
  });
  return [...real, ...made];
}

/** Both ways of naming the next page; the style decides which the answer carries. */
function nextPage(customerId: string, batchId: string, token: string): { token: string; link: CollectionLink } {
  // As Partner Center's links are written: a path without `/v1`, the token in a header.
  const uri = `/customers/${customerId}/deviceBatches/${encodeURIComponent(batchId)}/devices?seekOperation=Next`;
  return { token, link: { uri, method: 'GET', headers: [{ key: 'MS-ContinuationToken', value: token }] } };
}

// Opaque to clients, as the service's tokens are; tied to the batch so a token cannot cross batches.
function encodeToken(batchId: string, offset: number): string {
  return Buffer.from(JSON.stringify({ b: batchId, o: offset })).toString('base64url');
}

function decodeToken(token: string, batchId: string): number | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { b, o } = parsed as { b?: unknown; o?: unknown };
    return b === batchId && typeof o === 'number' && Number.isInteger(o) && o >= 0 ? o : undefined;
  } catch {
    return undefined;
  }
}
