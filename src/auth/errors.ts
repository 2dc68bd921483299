// Sign-in errors. AuthConfigError: the configuration cannot work (the CLI exits 2 before sending).
// SignInError: a configured credential failed to produce a token; its message is already scrubbed of
// secrets, and it deliberately keeps no `cause`, since @azure/identity errors can carry request details.

export type AuthConfigErrorCode =
  | 'no-credentials'
  | 'missing-token'
  | 'unreadable-token-file'
  | 'empty-token'
  | 'malformed-token'
  | 'missing-variables'
  | 'missing-client-id'
  | 'unknown-mode'
  /** The configured sign-in cannot produce a token at all (no Azure CLI, a wrong secret): found at start. */
  | 'sign-in-failed'
  /** `--register` would create a device batch, which an app-only sign-in may not (SPEC §1). */
  | 'app-only-cannot-create-batch';

export class AuthConfigError extends Error {
  override readonly name = 'AuthConfigError';
  readonly code: AuthConfigErrorCode;

  constructor(code: AuthConfigErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export function isAuthConfigError(e: unknown): e is AuthConfigError {
  return e instanceof AuthConfigError;
}

export class SignInError extends Error {
  override readonly name = 'SignInError';
  readonly code = 'sign-in-failed';
  /** The token source's description, e.g. "Azure CLI". */
  readonly source: string;

  constructor(source: string, reason: string) {
    super(`sign-in with ${source} failed: ${reason}`);
    this.source = source;
  }
}

export function isSignInError(e: unknown): e is SignInError {
  return e instanceof SignInError;
}
