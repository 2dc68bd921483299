// Each distinct hash read once: a sheet that lists a device twice does not decode it twice. Bounded,
// because a hash is 4 kB of text and a sheet may hold a hundred thousand: the most recent distinct hashes
// are kept, which is where a repeat is (a vendor lists a device twice in one shipment block, not 50,000
// rows apart).
import { readHardwareHash, type HashReading } from './decode.js';

export interface HashReader {
  read(text: string): HashReading;
  /** Hashes actually decoded (the rest were answered from memory). */
  readonly decoded: number;
}

export const HASHES_REMEMBERED = 256;
/** Hashes are keyed by their last characters (their signature, where two hashes differ) and length. */
const KEY_CHARS = 48;

export function createHashReader(capacity = HASHES_REMEMBERED): HashReader {
  // Keyed by the end rather than the whole text: hashing 4,000 characters per lookup cost as much as
  // reading the hash. The whole text is kept to compare, so two hashes that end alike stay two.
  const readings = new Map<string, { text: string; reading: HashReading }>();
  let decoded = 0;
  return {
    read(text) {
      const key = text.length > KEY_CHARS ? `${text.length}:${text.slice(-KEY_CHARS)}` : text;
      const known = readings.get(key);
      if (known !== undefined && known.text === text) return known.reading;
      const reading = readHardwareHash(text);
      decoded++;
      // Oldest first out (a Map keeps insertion order); a hash that ends like a remembered one replaces it.
      if (known === undefined && readings.size >= capacity) readings.delete(readings.keys().next().value as string);
      readings.set(key, { text, reading });
      return reading;
    },
    get decoded() {
      return decoded;
    },
  };
}
