// Vendor sheets and the simulator data that matches them: customers whose devices sit in several
// batches (one past a page of 100, one whose name needs URL-encoding), a serial number two devices share,
// a device that already has its profile, and profile names in another case than the sheet's.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SimulatorData } from '../../src/simulator/data.js';
import { encodeHardwareHash } from '../../src/hardware-hash/encode.js';
import type { Device } from '../../src/partner-center/wire.js';

export const C1 = 'c7f3c849-129f-4b85-a96d-4f8e88b315a3';
export const C2 = '1ecedaec-f4fc-461a-a132-6c7861dfc534';
export const C1_SALES = '15a04610-9229-4e80-94e0-0e826a09c9e2';
export const C1_KIOSK = '9ab79dc7-6858-4998-a1a0-c1e008d78b8c';
export const C2_SALES = '2c769539-6b0b-47e7-b097-d0d7b7746bf3';
/** A policy of no customer here. */
export const FOREIGN_POLICY = '75c17636-ae4f-4063-bbc3-4c225a5940f6';
/** A batch name as people type them: spaces, a slash and a hash sign, all of which a URL must encode. */
export const ODD_BATCH = 'Contoso 2026/Q1 #1';

/**
 * The hardware hash of device `seed` (customer × 10 000 + n), as Get-WindowsAutopilotInfo writes it: some
 * 4 000 base64 characters, the device's serial number, manufacturer and model inside.
 */
export function hardwareHash(seed: number): string {
  const customer = Math.floor(seed / 10_000);
  return encodeHardwareHash({ serial: serialOf(customer, seed % 10_000), manufacturer: 'Microsoft Corporation', model: 'Surface Laptop 7' });
}

function serialOf(customer: number, n: number): string {
  return `${customer === 1 ? 'PF3' : 'FB9'}X${String(n).padStart(5, '0')}`;
}

function device(customer: number, n: number, extra: Partial<Device> = {}): Device {
  return {
    id: `${customer === 1 ? 'ctso' : 'fbkm'}-${String(n).padStart(4, '0')}`,
    serialNumber: serialOf(customer, n),
    productKey: null,
    hardwareHash: hardwareHash(customer * 10_000 + n),
    modelName: 'Surface Laptop 7',
    oemManufacturerName: 'Microsoft Corporation',
    policies: [],
    ...extra,
  };
}

/** C1: 150 devices in ODD_BATCH (two pages), 30 in `refresh-2`; C2: 12 in `fabrikam`, with product keys. */
export function vendorSimulatorData(): SimulatorData {
  const first = Array.from({ length: 150 }, (_, i) => device(1, i + 1));
  const second = Array.from({ length: 30 }, (_, i) => device(1, 151 + i));
  // Two registrations carrying one serial number (a board swapped under warranty, say).
  second[10] = device(1, 161, { serialNumber: 'PF3XDUPE1' });
  second[11] = device(1, 162, { serialNumber: 'pf3xdupe1 ' });
  // Already assigned the Sales profile: nothing to send for it.
  second[20] = device(1, 171, { policies: [{ key: 'o_o_b_e', value: C1_SALES.toUpperCase() }] });
  const fabrikam = Array.from({ length: 12 }, (_, i) => device(2, i + 1, { productKey: `3V66T-NKG7Y-8BM7Q-FBK${String(i + 1).padStart(2, '0')}` }));
  return {
    customers: {
      [C1]: {
        policies: [
          { id: C1_SALES, name: 'Sales Laptops', category: 'o_o_b_e' },
          { id: C1_KIOSK, name: 'Kiosk', category: 'o_o_b_e' },
        ],
        batches: { [ODD_BATCH]: first, 'refresh-2': second },
      },
      [C2]: {
        policies: [{ id: C2_SALES, name: 'SALES LAPTOPS', category: 'o_o_b_e' }],
        batches: { fabrikam },
      },
    },
  };
}

export interface SheetRow {
  customer: string;
  serial?: string;
  productKey?: string;
  hash?: string;
  profile?: string;
  policyId?: string;
}

/** A vendor's CSV: no Device ID column, profiles by name. */
export function writeVendorCsv(dir: string, rows: readonly SheetRow[], name = 'vendor.csv'): string {
  const path = join(dir, name);
  const lines = rows.map((r) => [r.customer, r.serial ?? '', r.productKey ?? '', r.hash ?? '', r.profile ?? '', r.policyId ?? ''].join(','));
  writeFileSync(path, `Customer ID,Serial Number,Product Key,Hardware Hash,Profile Name,Policy ID\r\n${lines.join('\r\n')}\r\n`);
  return path;
}
