// The read-only collections: a customer's policies, its device batches, and a batch's devices in pages
// whose continuation token comes back in the MS-ContinuationToken header.
import type { Collection, ConfigurationPolicy, Device, DeviceBatch } from '../partner-center/wire.js';
import type { CustomerEntry } from './catalog.js';
import { errorReply, jsonReply, type Reply } from './reply.js';

function collection<T>(items: readonly T[], continuationToken?: string): Collection<T> {
  // totalCount is the number of items in this answer, as the service's collections count them.
  const body: Collection<T> = { totalCount: items.length, items: [...items], attributes: { objectType: 'Collection' } };
  if (continuationToken !== undefined) body.continuationToken = continuationToken;
  return body;
}

export function listPolicies(customer: CustomerEntry): Reply {
  return jsonReply(collection<ConfigurationPolicy>(customer.policies));
}

export function listDeviceBatches(customer: CustomerEntry): Reply {
  const batches = [...customer.batches].map(([id, devices]): DeviceBatch => ({ id, devicesCount: devices.length }));
  return jsonReply(collection(batches));
}

export function listBatchDevices(
  customer: CustomerEntry,
  batchId: string,
  continuationToken: string | undefined,
  pageSize: number,
): Reply {
  const devices = customer.batches.get(batchId);
  if (!devices) return errorReply(404, 'DeviceBatchNotFound', `Device batch ${batchId} was not found.`);
  let offset = 0;
  if (continuationToken !== undefined) {
    const decoded = decodeToken(continuationToken, batchId);
    if (decoded === undefined || decoded > devices.length) {
      return errorReply(400, 'InvalidContinuationToken', 'The continuation token is not valid for this batch.');
    }
    offset = decoded;
  }
  const end = offset + pageSize;
  const page: Device[] = devices.slice(offset, end);
  return jsonReply(collection(page, end < devices.length ? encodeToken(batchId, end) : undefined));
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
