// Files the package ships beside its code (the samples, their simulator data), found from where the code
// is installed, so that a path that works in a clone of the repository works from node_modules too.
import { fileURLToPath } from 'node:url';

/** `fixtures/simulator/sample-data.json` → its path inside the installed package (this file is dist/package/bundled.js). */
export function bundledFile(relative: string): string {
  return fileURLToPath(new URL(`../../${relative}`, import.meta.url));
}
