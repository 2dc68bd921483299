import { readFileSync } from 'node:fs';

// Read once from package.json so --version, the User-Agent-like MS-PartnerCenter-Application header and
// the Summary sheet can never disagree with the published version.
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string };

export const TOOL_NAME: string = pkg.name;
export const VERSION: string = pkg.version;
