import type { defaultProvider } from '@aws-sdk/credential-provider-node';

/** A credential provider, as the AWS SDK's default chain is one. */
export type BaseCredentialsProvider = ReturnType<typeof defaultProvider>;

/**
 * The base credentials of a `--role-arn` chain, the AWS SDK's default chain (environment, shared files, SSO,
 * `credential_process`, web identity, container, instance metadata), resolved once: the cache key names the
 * key id that signs hop 1, and the chain then signs with those same credentials.
 */
export function defaultBaseCredentials(): BaseCredentialsProvider {
  let resolved: ReturnType<BaseCredentialsProvider> | undefined;
  return () =>
    (resolved ??= import('@aws-sdk/credential-provider-node').then(({ defaultProvider }) =>
      defaultProvider()(),
    ));
}
