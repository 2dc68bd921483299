// Whether a sign-in acts for a user (App+User) or as an application alone (SPEC §1 Authentication):
// creating a device batch is documented as App+User only. Told by the sign-in mode where the mode
// settles it (client secret or certificate, managed identity: app-only), else by the token's claims: an
// `scp` claim means delegated (App+User); `idtyp: "app"`, or no `scp`, means app-only. The claims are
// read, never verified (the service does that) and never logged; an opaque token is of unknown kind.

export type SignInKind = 'app+user' | 'app-only' | 'unknown';

/** The kind a token's claims show. */
export function tokenKind(token: string): SignInKind {
  const claims = jwtClaims(token);
  if (claims === undefined) return 'unknown';
  const scp = claims.scp;
  if (typeof scp === 'string' && scp.trim() !== '') return claims.idtyp === 'app' ? 'app-only' : 'app+user';
  return 'app-only';
}

/** The payload of a JWT (header.payload.signature), or undefined when the token is not one. */
function jwtClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[1] === undefined || !/^[A-Za-z0-9_-]+={0,2}$/.test(parts[1])) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? (payload as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
