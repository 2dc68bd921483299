// What a row can be registered with (SPEC §1 Registering devices): a device is identified by its
// hardware hash (with product key and/or serial), by its product key alone, or by serial number +
// manufacturer + model. Pure: a row's cells in, the device to upload or what is missing out.
import { createHash } from 'node:crypto';
import type { DeviceIdentifiers } from '../model.js';
import type { DeviceRegistration } from '../partner-center/contract.js';
import { quote } from '../validate/messages.js';

/** The identifying cells of a row, as read (absent or blank when the sheet has none). */
export type RegistrationFields = DeviceIdentifiers;

export type Registration =
  | {
      ok: true;
      device: DeviceRegistration;
      /** Two rows with the same key name the same device: it is uploaded once. */
      key: string;
      /** A short name for the device in messages and the journal (a hash is thousands of characters). */
      label: string;
    }
  | { ok: false; detail: string };

export function registrationOf(fields: RegistrationFields): Registration {
  // A hash that a sheet wrapped over lines is the same hash: whitespace is never part of it.
  const hardwareHash = present(fields.hardwareHash)?.replace(/\s+/g, '');
  const productKey = present(fields.productKey);
  const serialNumber = present(fields.serial);
  const manufacturer = present(fields.manufacturer);
  const model = present(fields.model);
  const device: DeviceRegistration = {
    ...(hardwareHash === undefined ? {} : { hardwareHash }),
    ...(productKey === undefined ? {} : { productKey }),
    ...(serialNumber === undefined ? {} : { serialNumber }),
    ...(manufacturer === undefined ? {} : { manufacturer }),
    ...(model === undefined ? {} : { model }),
  };
  const label = serialNumber ?? productKey ?? (hardwareHash === undefined ? undefined : `hash ${hardwareHash.slice(0, 12)}…`);
  if (hardwareHash !== undefined) return { ok: true, device, key: `hash:${digest(hardwareHash)}`, label: label ?? '' };
  if (productKey !== undefined) return { ok: true, device, key: `pk:${productKey.toUpperCase()}`, label: label ?? '' };
  if (serialNumber !== undefined && manufacturer !== undefined && model !== undefined) {
    const key = `sn:${[serialNumber, manufacturer, model].map((s) => s.toLowerCase()).join('|')}`;
    return { ok: true, device, key, label: serialNumber };
  }
  return { ok: false, detail: `cannot be registered: ${missing(serialNumber, manufacturer, model)}` };
}

function missing(serial: string | undefined, manufacturer: string | undefined, model: string | undefined): string {
  const need = 'registering needs a hardware hash, a product key, or a serial number with manufacturer and model';
  if (serial === undefined) return `no hardware hash, no product key and no serial number (${need})`;
  const lacking = [manufacturer === undefined ? 'manufacturer' : [], model === undefined ? 'model' : []].flat().join(' and ');
  return `no hardware hash, no product key, and serial number ${quote(serial)} has no ${lacking} (${need})`;
}

function present(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

/** Keys stay short however long the hash: they go into maps and the journal. */
function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}
