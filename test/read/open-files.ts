// Which regular files this process holds open, from /proc (Linux). Used to prove that a reader which
// is stopped early lets go of its input and of exceljs's temporary copies.
import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export const CAN_LIST_OPEN_FILES = existsSync('/proc/self/fd');

export function openFiles(): string[] {
  return readdirSync('/proc/self/fd')
    .flatMap((fd) => {
      try {
        return [readlinkSync(`/proc/self/fd/${fd}`)];
      } catch {
        return []; // closed while we looked
      }
    })
    .filter((target) => target.startsWith('/') && !target.startsWith('/dev/') && !target.startsWith('/proc/'))
    .sort();
}

/**
 * Files open now that were not open in `before`. A stream closes its file a moment after it is
 * destroyed (fs.close is asynchronous), so this waits for that — up to a generous bound, returning as
 * soon as nothing is left — rather than asserting on timing.
 */
export async function filesLeftOpen(before: readonly string[]): Promise<string[]> {
  const extra = (): string[] => openFiles().filter((f) => !before.includes(f));
  for (let i = 0; i < 200 && extra().length > 0; i++) await sleep(10);
  return extra();
}
