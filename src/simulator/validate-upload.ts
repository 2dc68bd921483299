// Checks a device-upload body as the service does (SPEC §1 Registering devices): a pure function from the
// body text to the devices to register, or the 400 the service would answer. A device must be
// identifiable: by hardware hash, by product key, or by serial number with manufacturer and model.
import type { Device } from '../partner-center/wire.js';
import { errorReply, type Reply } from './reply.js';

/** An uploaded device as the batch listing will show it, without its ID (the job gives it one). */
export type UploadedDevice = Omit<Device, 'id' | 'policies'>;

export type UploadValidation<T> = { ok: true; value: T } | { ok: false; reply: Reply };

/** `POST deviceBatches`: `{"BatchId", "Devices": [...], "Attributes": {...}}`. */
export function validateBatchCreation(text: string): UploadValidation<{ batchId: string; devices: UploadedDevice[] }> {
  const body = parse(text);
  if (!body.ok) return body;
  const value = body.value;
  if (!isRecord(value)) return bad('The request body must be a DeviceBatchCreationRequest object.');
  if (typeof value.BatchId !== 'string' || value.BatchId.trim() === '') return bad('The request has no BatchId.');
  const devices = uploadedDevices(value.Devices);
  return devices.ok ? { ok: true, value: { batchId: value.BatchId, devices: devices.value } } : devices;
}

/** `POST deviceBatches/{id}/devices`: a bare JSON array of devices. */
export function validateBatchAddition(text: string): UploadValidation<UploadedDevice[]> {
  const body = parse(text);
  return body.ok ? uploadedDevices(body.value) : body;
}

function uploadedDevices(list: unknown): UploadValidation<UploadedDevice[]> {
  if (!Array.isArray(list)) return bad('The request must carry an array of devices.');
  if (list.length === 0) return bad('The array of devices is empty.');
  const devices: UploadedDevice[] = [];
  for (const [index, entry] of list.entries()) {
    if (!isRecord(entry)) return bad(`Device at index ${index} is not an object.`);
    const device: UploadedDevice = {
      hardwareHash: text(entry.HardwareHash),
      productKey: text(entry.ProductKey),
      serialNumber: text(entry.SerialNumber),
      oemManufacturerName: text(entry.OemManufacturerName),
      modelName: text(entry.ModelName),
    };
    const identified =
      device.hardwareHash !== null ||
      device.productKey !== null ||
      (device.serialNumber !== null && device.oemManufacturerName !== null && device.modelName !== null);
    if (!identified) {
      return bad(
        `Device at index ${index} has neither a hardware hash, a product key, nor a serial number with manufacturer and model.`,
      );
    }
    devices.push(device);
  }
  return { ok: true, value: devices };
}

function parse(text: string): UploadValidation<unknown> {
  try {
    return { ok: true, value: JSON.parse(text.replace(/^\uFEFF/, '')) as unknown };
  } catch {
    return bad('The request body is not valid JSON.');
  }
}

function bad(description: string): { ok: false; reply: Reply } {
  return { ok: false, reply: errorReply(400, 'InvalidRequestBody', description) };
}

/** A non-blank string, or null: the service treats absent, null and blank alike. */
function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
