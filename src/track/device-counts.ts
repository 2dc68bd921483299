// Counting device outcomes (pure): the tracker's progress, the tracked rows' totals and the summary's
// per-customer table all count the same way, here.
import { emptyDevices, type DeviceStatus } from '../model.js';

export interface DeviceCounts {
  total: Record<DeviceStatus, number>;
  /** Only devices whose customer is known. */
  perCustomer: Map<string, Record<DeviceStatus, number>>;
}

/** One entry per device to count; the caller decides which devices count (each device once). */
export interface CountedDevice {
  /** Undefined when nothing is known yet: counted as pending, since the device is not confirmed. */
  status: DeviceStatus | undefined;
  customer?: string | undefined;
}

export function countDevices(devices: Iterable<CountedDevice>): DeviceCounts {
  const total = emptyDevices();
  const perCustomer = new Map<string, Record<DeviceStatus, number>>();
  for (const { status = 'pending', customer } of devices) {
    total[status]++;
    if (customer === undefined) continue;
    let c = perCustomer.get(customer);
    if (!c) perCustomer.set(customer, (c = emptyDevices()));
    c[status]++;
  }
  return { total, perCustomer };
}
