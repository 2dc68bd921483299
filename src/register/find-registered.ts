// The new IDs of devices an upload job registered without naming them (SPEC §2 Registration). The docs'
// status example has no `deviceId` in its entries, and a maintained public client notes that hash-only
// uploads come back without serial, product key or ID: the devices are found by listing their batch once
// the job has finished, among the devices that were not there before, by the serial number (the row's,
// or the one inside its hash) or the product key they were uploaded with. One listing per batch.
import type { PartnerCenterApi } from '../partner-center/contract.js';
import { isPartnerCenterError } from '../partner-center/errors.js';
import { DeviceIndex } from '../resolve/device-index.js';
import type { UploadItem } from './plan-uploads.js';
import type { UploadOutcome } from './upload-outcomes.js';

/** An uploaded device its job called registered without an ID. */
export interface UnnamedDevice {
  customer: string;
  batch: string;
  item: UploadItem;
}

export interface FindRegisteredDeps {
  api: Pick<PartnerCenterApi, 'listBatchDevices'>;
  /** Whether the customer's devices listed before the uploads held this one (then it is not a new one). */
  listedBefore(customer: string, deviceId: string): boolean;
  signal?: AbortSignal | undefined;
}

/** By row index: each unnamed device's ID, or why it is not known. */
export async function findRegistered(unnamed: readonly UnnamedDevice[], deps: FindRegisteredDeps): Promise<Map<number, UploadOutcome>> {
  const byBatch = new Map<string, UnnamedDevice[]>();
  for (const device of unnamed) {
    const key = `${device.customer}|${device.batch}`;
    byBatch.set(key, [...(byBatch.get(key) ?? []), device]);
  }
  const out = new Map<number, UploadOutcome>();
  for (const devices of byBatch.values()) {
    const [first] = devices;
    if (first === undefined) continue;
    const { customer, batch } = first;
    let listed;
    try {
      listed = await deps.api.listBatchDevices(customer, batch, deps.signal === undefined ? {} : { signal: deps.signal });
    } catch (error) {
      if (!isPartnerCenterError(error) || error.kind === 'auth' || error.kind === 'aborted') throw error;
      const detail = `the upload job reports the device registered without its ID, and batch ${JSON.stringify(batch)} could not be listed to find it: ${error.message}`;
      for (const d of devices) out.set(d.item.index, { kind: 'refused', errorCode: undefined, detail });
      continue;
    }
    // Only devices that are new since the listing before the upload: an old registration of the same
    // serial number (a board swapped, a device re-registered) is not the one just uploaded.
    const index = new DeviceIndex();
    index.addBatch(listed.filter((device) => !deps.listedBefore(customer, device.id)), batch);
    for (const d of devices) out.set(d.item.index, outcomeOf(d, index));
  }
  return out;
}

function outcomeOf(device: UnnamedDevice, index: DeviceIndex): UploadOutcome {
  const uploaded = device.item.device;
  const batch = JSON.stringify(device.batch);
  const find = {
    ...(uploaded.serialNumber === undefined ? {} : { serial: uploaded.serialNumber }),
    ...(uploaded.productKey === undefined ? {} : { productKey: uploaded.productKey }),
    ...(uploaded.hardwareHash === undefined ? {} : { hardwareHash: uploaded.hardwareHash }),
  };
  const match = index.find(find);
  switch (match.kind) {
    case 'found':
      return { kind: 'registered', deviceId: match.deviceId };
    case 'not-found':
      return {
        kind: 'refused',
        errorCode: undefined,
        detail:
          `the upload job reports the device registered without its ID, and batch ${batch} does not list it after the job finished ` +
          `(${index.size} new ${index.size === 1 ? 'device' : 'devices'} there)${find.serial === undefined && find.productKey === undefined ? ': nothing in the row (no serial number or product key) can find it' : ''}; ` +
          'look for it in Partner Center, then give its Device ID',
      };
    case 'ambiguous':
      return { kind: 'refused', errorCode: undefined, detail: `the upload job reports the device registered without its ID, and batch ${batch} lists ${match.deviceIds.length} new devices that could be it: ${match.deviceIds.join(', ')}; give the row's Device ID` };
    case 'conflicting':
      return { kind: 'refused', errorCode: undefined, detail: `the upload job reports the device registered without its ID, and the row's identifiers find different new devices in batch ${batch}; give the row's Device ID` };
  }
}
