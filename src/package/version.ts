import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Read once from package.json so --version, the MS-PartnerCenter-Application header and the Summary sheet
// can never disagree with the published version. Found by walking up, since the compiled file sits at
// dist/package/version.js when installed but at dist-test/src/package/version.js under the tests.
function readPackage(): { name: string; version: string } {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) return JSON.parse(readFileSync(candidate, 'utf8')) as { name: string; version: string };
    const up = dirname(dir);
    if (up === dir) throw new Error('device-policy: package.json not found above the compiled code');
    dir = up;
  }
}

const pkg = readPackage();

export const TOOL_NAME: string = pkg.name;
export const VERSION: string = pkg.version;
