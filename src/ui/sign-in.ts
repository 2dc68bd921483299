// The page's sign-in: the configured --auth mode, run when the engineer asks for it, its device-code
// prompt (if any) shown on the page. One token source for the whole session, shared by every check, run
// and status that follows (it caches and renews the token). The token never leaves this module's
// callers: the page sees whose sign-in it is, in words, and its kind.
import type { TokenSource } from '../partner-center/contract.js';
import type { ConnectionOptions } from '../setup/options.js';
import { createTokenSource, type TokenSourceOptions } from '../auth/token-source.js';
import { AuthConfigError, isAuthConfigError, isSignInError } from '../auth/errors.js';
import { signInFailedMessage } from '../auth/sign-in-help.js';
import { tokenKind } from '../partner-center/token-kind.js';
import type { SignInView } from './page/api-types.js';

export interface SessionSignIn {
  view(): SignInView;
  /** The signed-in token source, or one that says "not signed in" (a check then runs offline). */
  tokens(): TokenSource;
  signedIn(): boolean;
  /**
   * Runs the configured sign-in; `changed` is called as its state moves (the device-code prompt).
   * `cancel` gives it up (the page's Cancel): signed out again, nothing said against it.
   */
  signIn(changed: () => void, cancel?: AbortSignal): Promise<void>;
}

export const NOT_SIGNED_IN = 'not signed in: sign in on the page to look rows up in Partner Center';

/** A session already signed in (the demo's token for its simulator). */
export function signedInWith(tokens: TokenSource, mode: string): SessionSignIn {
  const view: SignInView = { mode, state: 'signed-in', description: tokens.description, kind: tokens.kind ?? 'unknown' };
  return { view: () => ({ ...view }), tokens: () => tokens, signedIn: () => true, signIn: async () => {} };
}

/** `create` is the library's own unless a test stands in for the identity provider. */
export function configuredSignIn(
  options: Pick<ConnectionOptions, 'auth' | 'tokenFile' | 'clientId' | 'tenantId'>,
  env: NodeJS.ProcessEnv,
  create: (settings: TokenSourceOptions) => TokenSource = createTokenSource,
): SessionSignIn {
  let view: SignInView = { mode: options.auth, state: 'signed-out' };
  let current: TokenSource | undefined;
  const none: TokenSource = {
    // The dry run's own rule (apply/open-connection.ts): no credentials configured means offline.
    getToken: () => Promise.reject(new AuthConfigError('no-credentials', NOT_SIGNED_IN)),
    invalidate() {},
    renewable: false,
    description: 'not signed in',
  };
  return {
    view: () => ({ ...view }),
    tokens: () => current ?? none,
    signedIn: () => current !== undefined,
    async signIn(changed, cancel) {
      view = { mode: options.auth, state: 'signing-in' };
      changed();
      try {
        const tokens = create({
          mode: options.auth,
          tokenFile: options.tokenFile,
          clientId: options.clientId,
          tenantId: options.tenantId,
          env,
          onDeviceCode: (message) => {
            // A sign-in given up may still be handed its code: it is no longer this page's to show.
            if (cancel?.aborted === true) return;
            view = { ...view, prompt: message };
            changed();
          },
        });
        const token = await tokens.getToken(cancel);
        current = tokens;
        view = { mode: options.auth, state: 'signed-in', description: tokens.description, kind: tokens.kind ?? tokenKind(token) };
      } catch (error) {
        current = undefined;
        if (cancel?.aborted === true) {
          view = { mode: options.auth, state: 'signed-out' };
          return;
        }
        view = { mode: options.auth, state: 'signed-out', problem: signInProblem(error) };
        if (!isAuthConfigError(error) && !isSignInError(error)) throw error;
      } finally {
        changed();
      }
    },
  };
}

/** The sign-in's own words: its messages are scrubbed of secrets (auth/errors.ts). */
function signInProblem(error: unknown): string {
  if (isSignInError(error)) return signInFailedMessage(error.message);
  if (isAuthConfigError(error)) return error.message;
  return 'sign-in failed unexpectedly; the terminal running device-policy ui has the details';
}
