// The Partner Center wire format (SPEC §1): the only types the client and the simulator share.

export const DEFAULT_ENDPOINT = 'https://api.partnercenter.microsoft.com';
export const PARTNER_CENTER_SCOPE = 'https://api.partnercenter.microsoft.com/.default';
/** The policy key for Autopilot (OOBE) profiles: exactly one per device. */
export const OOBE_POLICY_KEY = 'o_o_b_e';

export interface PolicyEntry {
  Key: string;
  Value: string;
}

export interface DevicePolicyUpdateDevice {
  Id: string;
  Policies: PolicyEntry[];
  // The documented example also carries these; the service accepts them as null.
  SerialNumber?: string | null;
  ProductKey?: string | null;
  HardwareHash?: string | null;
  CreatedBy?: string | null;
  UploadedDate?: string | null;
  AllowedOperations?: unknown;
  Attributes?: { ObjectType?: string } | null;
}

export interface DevicePolicyUpdateRequest {
  Devices: DevicePolicyUpdateDevice[];
  Attributes: { ObjectType: 'DevicePolicyUpdateRequest' };
}

/**
 * One device to register (SPEC §1 Registering devices). It is identified by its hardware hash (with the
 * product key and/or serial), by its product key alone, or by serial + manufacturer + model; the fields a
 * device lacks are left out.
 */
export interface DeviceUpload {
  HardwareHash?: string;
  ProductKey?: string;
  SerialNumber?: string;
  OemManufacturerName?: string;
  ModelName?: string;
}

/** `POST deviceBatches`: creates the batch with its first devices. Adding to it later sends a bare array. */
export interface DeviceBatchCreationRequest {
  BatchId: string;
  Devices: DeviceUpload[];
  Attributes: { ObjectType: 'DeviceBatchCreationRequest' };
}

export type BatchJobState = 'unknown' | 'queued' | 'processing' | 'finished' | 'finished_with_errors';

export interface DeviceStatusEntry {
  deviceId?: string | null;
  serialNumber?: string | null;
  productKey?: string | null;
  /** `finished`, `finished_with_errors`, `in-progress`, … as the service writes it. */
  status: string;
  errorCode?: string | number | null;
  errorDescription?: string | null;
}

export interface BatchJobStatus {
  batchTrackingId: string;
  status: BatchJobState | string;
  startedTime?: string | null;
  completedTime?: string | null;
  devicesStatus: DeviceStatusEntry[];
}

/** 4xx/5xx error body. */
export interface PartnerCenterErrorBody {
  code: string | number;
  description: string;
  data?: unknown[];
  source?: string;
}

/** 429 error body. */
export interface ThrottleErrorBody {
  statusCode: 429;
  message: string;
}

// What the service answers, as the client reads it: property names in camelCase whatever case they came
// in (tolerant.ts), fields the live service leaves out optional (SPEC §1).

export interface ConfigurationPolicy {
  id: string;
  name: string;
  category?: string;
  description?: string;
  policySettings?: string[];
}

export interface DeviceBatch {
  id: string;
  devicesCount?: number;
}

/**
 * A policy a listed device carries. The live service writes `{"key":"o_o_b_e","value":"<profile name>"}`
 * for a profile assigned in the portal; the docs show the profile's ID, and `null` for none.
 */
export interface ListedPolicy {
  key: string;
  value: string | null;
}

export interface Device {
  id: string;
  serialNumber?: string | null;
  /** Absent from the live service's listings (SPEC §1): resolution cannot count on it. */
  productKey?: string | null;
  /** Absent from the live service's listings (SPEC §1): resolution cannot count on it. */
  hardwareHash?: string | null;
  modelName?: string | null;
  oemManufacturerName?: string | null;
  policies?: ListedPolicy[] | null;
}

/** A link to another page of a collection (`links.next`), as other Partner Center collections give it. */
export interface CollectionLink {
  uri: string;
  method?: string;
  headers?: Array<{ key: string; value: string }>;
}

/**
 * A collection as the service returns it. The next page is named by `links.next` (the live shape) or by
 * `continuationToken` (the docs', sent back as the MS-ContinuationToken header).
 */
export interface Collection<T> {
  totalCount?: number;
  items: T[];
  continuationToken?: string;
  links?: { next?: CollectionLink; [name: string]: CollectionLink | undefined };
  attributes?: { objectType?: string };
}
