// Each distinct hash read once: a sheet that lists a device twice (or a row that is validated, then has
// its facts recorded) does not decode it twice. Bounded, because a hash is 4 kB of text and a sheet may
// hold a hundred thousand: the most recent distinct hashes are kept, which is where a repeat is (a vendor
// lists a device twice in the same shipment block, not 50,000 rows apart).
import { detach } from '../text/detach.js';
import { readHardwareHash, type HashReading } from './decode.js';

export interface HashReader {
  read(text: string): HashReading;
  /** Hashes actually decoded (the rest were answered from the cache). */
  readonly decoded: number;
}

export const HASHES_REMEMBERED = 1024;

export function createHashReader(capacity = HASHES_REMEMBERED): HashReader {
  const readings = new Map<string, HashReading>();
  let decoded = 0;
  return {
    read(text) {
      const known = readings.get(text);
      if (known !== undefined) return known;
      const reading = readHardwareHash(text);
      decoded++;
      // Oldest first out (a Map keeps insertion order).
      if (readings.size >= capacity) readings.delete(readings.keys().next().value as string);
      // A copy of its own: the cell may be a slice of a reader's chunk, which the key would keep alive.
      readings.set(detach(text), reading);
      return reading;
    },
    get decoded() {
      return decoded;
    },
  };
}
