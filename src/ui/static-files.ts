// The page itself: its HTML, stylesheet and ES modules, served from the package (dist/ui/page, built
// from src/ui/page), never from a CDN, so that it works offline and nothing of it comes from elsewhere.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PAGE_DIR = fileURLToPath(new URL('./page/', import.meta.url));

const TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
};

/** Only plain names in the page's folder: no subfolders, no dots but the extension's. */
const ASSET = /^[a-z][a-z0-9-]*\.(html|css|js)$/;

export interface Asset {
  body: Buffer;
  type: string;
}

/** `path` as the gate passed it (`/`, `/app.js`); undefined for anything that is not one of the page's files. */
export async function pageAsset(path: string, dir: string = PAGE_DIR): Promise<Asset | undefined> {
  const name = path === '/' ? 'index.html' : path.slice(1);
  const match = ASSET.exec(name);
  const type = match === null ? undefined : TYPES[match[1] ?? ''];
  if (type === undefined) return undefined;
  try {
    return { body: await readFile(join(dir, name)), type };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Sent with every answer: the page runs only its own scripts, in no frame, and tells no other site where it was. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
