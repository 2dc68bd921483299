// Telling an App+User token from an app-only one by its claims (SPEC §1 Authentication): `scp` means a
// user; `idtyp: "app"` or no `scp` means the application alone; a token that is no JWT is unknown.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tokenKind } from '../../src/partner-center/token-kind.js';

const jwt = (claims: object): string => `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

const cases: Array<[string, string, ReturnType<typeof tokenKind>]> = [
  ['delegated, with scp', jwt({ scp: 'user_impersonation', upn: 'a@b.example' }), 'app+user'],
  ['client credentials: roles, no scp', jwt({ roles: ['x'], appid: 'y' }), 'app-only'],
  ['idtyp app wins over a stray scp', jwt({ idtyp: 'app', scp: 'x' }), 'app-only'],
  ['an empty scp is no scp', jwt({ scp: ' ' }), 'app-only'],
  ['an opaque token', 'demo-token-not-a-secret', 'unknown'],
  ['three parts that are not JSON', 'a.b.c', 'unknown'],
  ['a payload that is an array', `x.${Buffer.from('[1]').toString('base64url')}.y`, 'unknown'],
];
for (const [name, token, kind] of cases) {
  test(`token kind: ${name} → ${kind}`, () => assert.equal(tokenKind(token), kind));
}
