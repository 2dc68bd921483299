// The bodies of the device-upload requests (SPEC §1 Registering devices): `POST deviceBatches` takes a
// DeviceBatchCreationRequest, `POST deviceBatches/{id}/devices` a bare array of devices. Only the fields
// a device has are sent.
import type { DeviceRegistration } from './contract.js';
import type { DeviceBatchCreationRequest, DeviceUpload } from './wire.js';

export function batchCreationBody(batchId: string, devices: readonly DeviceRegistration[]): DeviceBatchCreationRequest {
  if (batchId.trim() === '') throw new RangeError('batchId: expected a batch name, got an empty string');
  return { BatchId: batchId, Devices: deviceUploads(devices), Attributes: { ObjectType: 'DeviceBatchCreationRequest' } };
}

export function deviceUploads(devices: readonly DeviceRegistration[]): DeviceUpload[] {
  if (devices.length === 0) throw new RangeError('devices: expected at least one device, got none');
  return devices.map((device, index) => {
    const upload: DeviceUpload = {};
    if (device.hardwareHash) upload.HardwareHash = device.hardwareHash;
    if (device.productKey) upload.ProductKey = device.productKey;
    if (device.serialNumber) upload.SerialNumber = device.serialNumber;
    if (device.manufacturer) upload.OemManufacturerName = device.manufacturer;
    if (device.model) upload.ModelName = device.model;
    const identified = upload.HardwareHash || upload.ProductKey || (upload.SerialNumber && upload.OemManufacturerName && upload.ModelName);
    if (!identified) {
      throw new RangeError(
        `devices[${index}]: expected a hardware hash, a product key, or a serial number with manufacturer and model, got ${Object.keys(upload).join(', ') || 'none of them'}`,
      );
    }
    return upload;
  });
}
