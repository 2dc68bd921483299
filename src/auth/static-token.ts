// A bearer token given as it is (PARTNER_CENTER_TOKEN or --token-file). It cannot be renewed: it says so
// (`renewable: false`), so a 401 is reported at once instead of being re-sent with the same token.
import { readFileSync } from 'node:fs';
import { fileProblemWords } from '../text/file-problem.js';
import type { TokenSource } from '../partner-center/contract.js';
import { AuthConfigError } from './errors.js';

/** Trimmed, without a pasted "Bearer " prefix; refuses what cannot go into a header (without echoing it). */
export function normalizeToken(raw: string, origin: string): string {
  const token = raw.trim().replace(/^bearer\s+/i, '');
  if (token === '') throw new AuthConfigError('empty-token', `the token from ${origin} is empty`);
  // A line break or space inside would make fetch reject the header with the value in its message.
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw new AuthConfigError('malformed-token', `the token from ${origin} holds spaces, line breaks or non-ASCII characters; expected one bearer token`);
  }
  return token;
}

export function createStaticTokenSource(token: string, description: string): TokenSource {
  return {
    description,
    getToken: () => Promise.resolve(token),
    invalidate: () => {},
    renewable: false,
  };
}

export function readTokenFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : undefined;
    const reason = fileProblemWords(code) ?? code ?? 'unreadable';
    throw new AuthConfigError('unreadable-token-file', `--token-file ${path}: cannot read the token file (${reason})`);
  }
  return normalizeToken(text, `--token-file ${path}`);
}
