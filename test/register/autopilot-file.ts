// The file Windows' own `Get-WindowsAutopilotInfo -Partner` writes (SPEC §2 Input): UTF-16LE with a BOM,
// unquoted, CRLF, `Device Serial Number,Windows Product ID,Hardware Hash,Manufacturer name,Device model`.
// Hashes are made for each device (its serial number, manufacturer and model inside), as the script's are.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeHardwareHash } from '../../src/hardware-hash/encode.js';

export interface AutopilotDevice {
  serial: string;
  productId: string;
  hash: string;
  manufacturer: string;
  model: string;
}

export const AUTOPILOT_HEADER = 'Device Serial Number,Windows Product ID,Hardware Hash,Manufacturer name,Device model';

/** `count` laptops of one model; the script leaves Windows Product ID empty on most OEM machines. */
export function laptops(count: number, first = 1): AutopilotDevice[] {
  return Array.from({ length: count }, (_, i) => laptop(`PF4${String(first + i).padStart(5, '0')}`));
}

/** One laptop with this serial number (its hash holds it). */
export function laptop(serial: string): AutopilotDevice {
  const device = { serial, manufacturer: 'LENOVO', model: '21HD' };
  return { ...device, productId: '', hash: encodeHardwareHash(device) };
}

export function writeAutopilotFile(dir: string, devices: readonly AutopilotDevice[], name = 'AutopilotHWID.csv'): string {
  const path = join(dir, name);
  const lines = devices.map((d) => [d.serial, d.productId, d.hash, d.manufacturer, d.model].join(','));
  writeFileSync(path, Buffer.from(`\uFEFF${[AUTOPILOT_HEADER, ...lines].join('\r\n')}\r\n`, 'utf16le'));
  return path;
}
