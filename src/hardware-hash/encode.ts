// Making hardware hashes in the layout decode.ts reads, for the simulator's devices, the fixtures and the
// tests. A made hash looks like a real one where it matters to a reader: the `OA` record with the entries
// oa3tool writes, in its order (the types and their value layouts are those Niehaus's
// ConvertFrom-AutopilotHash decodes — tool and OS versions, processor, memory, disks, network adapters,
// display, chassis, TPM, SMBIOS strings, graphics), about 1,300 bytes of record, then bytes standing in
// for the signature up to about 3,000 bytes in all: some 4,000 base64 characters. Everything but the
// device's own serial, manufacturer, model and product key ID is drawn from a seed, so one device always
// gets the same hash and two devices get different ones.
import { mulberry32 } from './random.js';
import { ENTRY } from './decode.js';

/** The device a hash is made for. */
export interface HashDevice {
  serial: string;
  manufacturer: string;
  model: string;
  productKeyId?: string;
}

export interface EncodeOptions {
  /** Draws the other fields (disk serials, MAC addresses, TPM key, …); default: from the device's fields. */
  seed?: number;
}

/** One entry of a record: its type and value (a string is written as UTF-8 with its NUL). */
export interface HashEntry {
  type: number;
  value: Uint8Array | string;
}

const HEADER_BYTES = 4;
const MAX_RECORD = 0xffff;
/** About what real records and whole hashes weigh (a record of ~1,300 bytes, a hash of ~3,000). */
const RECORD_TARGET = 1300;
const TOTAL_TARGET = 3000;

/** A hardware hash, base64, for `device`. */
export function encodeHardwareHash(device: HashDevice, options: EncodeOptions = {}): string {
  for (const [name, value] of Object.entries(device)) {
    if (typeof value === 'string' && value.includes('\u0000')) throw new RangeError(`${name}: a hardware hash string cannot hold a NUL character`);
  }
  const random = mulberry32(options.seed ?? seedOf(device));
  const entries = deviceEntries(device, random);
  // Inventory the decoders do not name, so the record weighs what a real one does.
  const size = entries.reduce((n, e) => n + entryLength(e), HEADER_BYTES);
  const filler = Math.max(0, RECORD_TARGET + Math.floor(random() * 96) - size - HEADER_BYTES);
  if (filler > 0) entries.splice(entries.length - 2, 0, { type: 27, value: bytes(random, filler) });
  const record = encodeHashRecord(entries);
  const trailer = Math.max(0, TOTAL_TARGET + 3 * Math.floor(random() * 8) - record.length);
  return Buffer.concat([record, Buffer.from(bytes(random, trailer))]).toString('base64');
}

/** The binary record of `entries`: `OA`, its length, the entries. Throws when it would not fit a record. */
export function encodeHashRecord(entries: readonly HashEntry[]): Buffer {
  const parts = entries.map((e) => {
    const value = typeof e.value === 'string' ? Buffer.concat([Buffer.from(e.value, 'utf8'), Buffer.of(0)]) : Buffer.from(e.value);
    const entry = Buffer.alloc(HEADER_BYTES + value.length);
    if (!Number.isInteger(e.type) || e.type < 0 || e.type > 0xff) throw new RangeError(`entry type must be a byte, got ${e.type}`);
    if (entry.length > MAX_RECORD) throw new RangeError(`entry of type ${e.type} is ${entry.length} bytes; at most ${MAX_RECORD} fit`);
    entry[0] = e.type;
    entry.writeUInt16LE(entry.length, 2);
    value.copy(entry, HEADER_BYTES);
    return entry;
  });
  const length = parts.reduce((n, p) => n + p.length, HEADER_BYTES);
  if (length > MAX_RECORD) throw new RangeError(`a record of ${length} bytes does not fit a hardware hash (at most ${MAX_RECORD})`);
  const header = Buffer.from([0x4f, 0x41, 0, 0]);
  header.writeUInt16LE(length, 2);
  return Buffer.concat([header, ...parts]);
}

function entryLength(entry: HashEntry): number {
  return HEADER_BYTES + (typeof entry.value === 'string' ? Buffer.byteLength(entry.value, 'utf8') + 1 : entry.value.length);
}

const PROCESSORS = [
  ['GenuineIntel', '13th Gen Intel(R) Core(TM) i7-1365U'],
  ['GenuineIntel', '11th Gen Intel(R) Core(TM) i5-1145G7 @ 2.60GHz'],
  ['AuthenticAMD', 'AMD Ryzen 7 PRO 7840U w/ Radeon 780M Graphics'],
] as const;
const GRAPHICS = ['Intel(R) Iris(R) Xe Graphics', 'AMD Radeon(TM) Graphics', 'Intel(R) UHD Graphics'] as const;

/** The entries oa3tool writes, in its order, the device's own strings among them. */
function deviceEntries(device: HashDevice, random: () => number): HashEntry[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const [cpuVendor, cpuModel] = pick(PROCESSORS);
  const family = device.model.split(' ')[0] ?? device.model;
  const entries: HashEntry[] = [
    { type: 1, value: versions(random) },
    { type: 2, value: processor(random) },
    { type: 3, value: cpuVendor },
    { type: 4, value: cpuModel },
    { type: 5, value: memory(random) },
    { type: 6, value: disk(random) },
    { type: 7, value: hex(random, 16).replace(/(.{4})(?!$)/g, '$1_') + '.' },
    { type: 8, value: adapter(9, random) },
    { type: 8, value: adapter(14, random) },
    { type: 9, value: display(random) },
    { type: 10, value: Uint8Array.of(10, 2) },
    { type: 11, value: offlineId(random) },
    { type: 12, value: bytes(random, 16) },
    { type: 13, value: `2.0, 0, 1.${38 + Math.floor(random() * 22)}` },
    { type: ENTRY.serial, value: device.serial },
    { type: 15, value: device.manufacturer },
    { type: ENTRY.manufacturer, value: device.manufacturer },
    { type: ENTRY.model, value: device.model },
    { type: 18, value: hex(random, 4).toUpperCase() },
    { type: 19, value: family },
    { type: 21, value: `${hex(random, 6).toUpperCase()}` },
    { type: 22, value: `A0${Math.floor(random() * 9)}` },
    { type: 23, value: `${family} ${1 + Math.floor(random() * 9)}` },
  ];
  if (device.productKeyId !== undefined) entries.push({ type: ENTRY.productKeyId, value: device.productKeyId });
  entries.push(
    { type: 25, value: tpmKey(random) },
    { type: 28, value: hex(random, 20).toUpperCase() },
    { type: 29, value: u32s(128 * 2 ** 20, 0) },
    { type: 30, value: Buffer.from(`${pick(GRAPHICS)}\u0000`, 'utf16le') },
  );
  return entries;
}

function versions(random: () => number): Uint8Array {
  const value = Buffer.alloc(24);
  const build = [19045, 22631, 26100][Math.floor(random() * 3)] ?? 22631;
  for (let i = 0; i < 2; i++) {
    // minor, major, revision, build, as the decoders read them
    value.writeUInt16LE(0, i * 8);
    value.writeUInt16LE(10, i * 8 + 2);
    value.writeUInt16LE(Math.floor(random() * 5000), i * 8 + 4);
    value.writeUInt16LE(build, i * 8 + 6);
  }
  value.set([2, 9, 3], 21); // full OS, x64, tool version 3
  return value;
}

function processor(random: () => number): Uint8Array {
  const value = Buffer.alloc(12);
  const cores = 4 << Math.floor(random() * 2);
  value[0] = 9;
  value.writeUInt16LE(1, 2);
  value.writeUInt16LE(cores, 4);
  value.writeUInt16LE(cores * 2, 6);
  value[8] = 1;
  return value;
}

function memory(random: () => number): Uint8Array {
  const value = Buffer.alloc(24);
  const gb = 8 << Math.floor(random() * 3);
  value.writeUInt16LE(gb, 0);
  value.writeUInt16LE(gb * 1024, 8);
  value.writeUInt16LE(2, 16);
  value.writeUInt16LE(1, 18);
  value[20] = 3;
  return value;
}

function disk(random: () => number): Uint8Array {
  const value = Buffer.alloc(12);
  value.writeUInt32LE((256 << Math.floor(random() * 3)) * 1000, 0);
  value[8] = 17; // NVMe
  return value;
}

function adapter(medium: number, random: () => number): Uint8Array {
  const value = Buffer.alloc(10);
  value[0] = medium;
  value.set(bytes(random, 6), 4);
  return value;
}

function display(random: () => number): Uint8Array {
  const value = Buffer.alloc(8);
  const [h, v] = random() < 0.5 ? [1920, 1080] : [2256, 1504];
  value.writeUInt16LE(300, 0);
  value.writeUInt16LE(200, 2);
  value.writeUInt16LE(h, 4);
  value.writeUInt16LE(v, 6);
  return value;
}

function offlineId(random: () => number): Uint8Array {
  const value = Buffer.alloc(42);
  value[4] = 1; // TPM_EK
  value.set(bytes(random, 32), 10);
  return value;
}

function tpmKey(random: () => number): Uint8Array {
  // An RSA 2048 public key blob: a small header, the exponent, the 256-byte modulus.
  const value = Buffer.alloc(24 + 256);
  value.write('RSA1', 0, 'latin1');
  value.writeUInt32LE(2048, 4);
  value.writeUInt32LE(3, 8);
  value.writeUInt32LE(256, 12);
  value.set([1, 0, 1], 20);
  value.set(bytes(random, 256), 24);
  return value;
}

function u32s(...values: number[]): Uint8Array {
  const value = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => value.writeUInt32LE(v, i * 4));
  return value;
}

function bytes(random: () => number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(random() * 256);
  return out;
}

function hex(random: () => number, n: number): string {
  return Buffer.from(bytes(random, Math.ceil(n / 2))).toString('hex').slice(0, n);
}

/** FNV-1a of the device's fields: the same device, the same hash. */
function seedOf(device: HashDevice): number {
  let seed = 0x811c9dc5;
  const text = [device.serial, device.manufacturer, device.model, device.productKeyId ?? ''].join('\u0000');
  for (let i = 0; i < text.length; i++) seed = Math.imul(seed ^ text.charCodeAt(i), 0x01000193);
  return seed >>> 0;
}
