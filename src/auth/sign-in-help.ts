// Every way to sign in, for the message `--auth auto` ends with when nothing is configured. One list,
// so the message, --help and the README cannot drift apart.

export const SIGN_IN_METHODS: readonly string[] = [
  'set PARTNER_CENTER_TOKEN to a bearer token for https://api.partnercenter.microsoft.com (--auth token)',
  'pass --token-file FILE, a file holding such a token (--auth token)',
  'set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH) for app-only sign-in (--auth env)',
  'pass --auth cli to use the account signed in to the Azure CLI (az login)',
  'pass --auth device-code with --client-id ID (or AZURE_CLIENT_ID) for interactive sign-in with a device code',
  'pass --auth managed-identity when running in Azure with a managed identity',
];

export function noCredentialsMessage(): string {
  return ['no Partner Center credentials found; sign in one of these ways:', ...SIGN_IN_METHODS.map((m) => `  - ${m}`)].join('\n');
}

/** After a configured sign-in failed to give a token: fix it, or sign in another way. */
export function signInFailedMessage(failure: string): string {
  return [`${failure}`, 'fix that sign-in (or choose another) and run the same command again; the ways to sign in:', ...SIGN_IN_METHODS.map((m) => `  - ${m}`)].join('\n');
}
