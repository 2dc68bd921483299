// Which @azure/identity credential each --auth mode uses, and what it needs. Configuration is checked
// here, synchronously, so a missing variable is an exit-2 error at start-up rather than a failed request;
// the library itself is loaded only when a token is first asked for, so token-only runs never load it.
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import { AuthConfigError } from './errors.js';

export type CredentialMode = 'env' | 'cli' | 'device-code' | 'managed-identity';

export interface CredentialSettings {
  clientId?: string;
  tenantId?: string;
  env: NodeJS.ProcessEnv;
  onDeviceCode?(message: string): void;
}

export interface CredentialPlan {
  credential: TokenCredential;
  description: string;
  /** Values to scrub from any message the credential's failures produce. */
  secrets: string[];
  /** Set for the modes that can only ever act as the application (client credentials, managed identity). */
  kind?: 'app-only';
}

type Identity = typeof import('@azure/identity');

/** True when the variables of app-only sign-in (--auth env) are all present. */
export function hasEnvCredentials(env: NodeJS.ProcessEnv): boolean {
  return missingEnvVariables(env).length === 0;
}

function missingEnvVariables(env: NodeJS.ProcessEnv): string[] {
  const missing = ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID'].filter((name) => !env[name]);
  if (!env.AZURE_CLIENT_SECRET && !env.AZURE_CLIENT_CERTIFICATE_PATH) missing.push('AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH');
  return missing;
}

export function planCredential(mode: CredentialMode, settings: CredentialSettings): CredentialPlan {
  const { env } = settings;
  switch (mode) {
    case 'env': {
      const missing = missingEnvVariables(env);
      if (missing.length > 0) {
        throw new AuthConfigError('missing-variables', `--auth env needs AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH; not set: ${missing.join(', ')}`);
      }
      // Built from the given env rather than EnvironmentCredential, which reads process.env itself.
      const tenantId = settings.tenantId ?? (env.AZURE_TENANT_ID as string);
      const clientId = settings.clientId ?? (env.AZURE_CLIENT_ID as string);
      const secret = env.AZURE_CLIENT_SECRET;
      const certificatePath = env.AZURE_CLIENT_CERTIFICATE_PATH;
      const password = env.AZURE_CLIENT_CERTIFICATE_PASSWORD;
      const authority = env.AZURE_AUTHORITY_HOST ? { authorityHost: env.AZURE_AUTHORITY_HOST } : {};
      return {
        description: `app-only credentials (client ${clientId}, tenant ${tenantId}, ${secret ? 'client secret' : 'certificate'})`,
        kind: 'app-only',
        secrets: [secret, password].filter((s): s is string => Boolean(s)),
        credential: lazyCredential((id) =>
          secret
            ? new id.ClientSecretCredential(tenantId, clientId, secret, authority)
            : new id.ClientCertificateCredential(tenantId, clientId, { certificatePath: certificatePath as string, certificatePassword: password }, authority),
        ),
      };
    }
    case 'cli': {
      const tenantId = settings.tenantId;
      return {
        description: 'Azure CLI (az login)',
        secrets: [],
        credential: lazyCredential((id) => new id.AzureCliCredential(tenantId ? { tenantId } : {})),
      };
    }
    case 'device-code': {
      const clientId = settings.clientId ?? env.AZURE_CLIENT_ID;
      if (!clientId) {
        throw new AuthConfigError('missing-client-id', '--auth device-code needs an app registration: pass --client-id ID or set AZURE_CLIENT_ID');
      }
      // Partner Center users sign in with work accounts; "organizations" lets any of their tenants answer.
      const tenantId = settings.tenantId ?? env.AZURE_TENANT_ID ?? 'organizations';
      const show = settings.onDeviceCode ?? ((message: string) => process.stderr.write(`${message}\n`));
      return {
        description: `a device code (client ${clientId})`,
        secrets: [],
        credential: lazyCredential((id) => new id.DeviceCodeCredential({ clientId, tenantId, userPromptCallback: (info) => show(info.message) })),
      };
    }
    case 'managed-identity': {
      const clientId = settings.clientId ?? env.AZURE_CLIENT_ID;
      return {
        description: clientId ? `managed identity (client ${clientId})` : 'managed identity (system-assigned)',
        kind: 'app-only',
        secrets: [],
        credential: lazyCredential((id) => (clientId ? new id.ManagedIdentityCredential({ clientId }) : new id.ManagedIdentityCredential())),
      };
    }
  }
}

function lazyCredential(create: (identity: Identity) => TokenCredential): TokenCredential {
  let credential: Promise<TokenCredential> | undefined;
  return {
    async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
      credential ??= import('@azure/identity').then(create);
      return (await credential).getToken(scopes, options);
    },
  };
}
