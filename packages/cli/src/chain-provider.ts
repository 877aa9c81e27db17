import {
  fromRoleChain,
  fromRoleChainProfile,
  type RoleChainBaseCredentials,
  type RoleChainCredentials,
  type RoleChainProvider,
} from '@rolechain/credential-provider';
import type { BaseCredentialsProvider } from './base-credentials';
import type { ChainSpec } from './chain-args';
import type { MfaCodes } from './mfa-codes';
import { sharedFilePaths } from './shared-profiles';

/** A chain's credentials, and the provider's `status()` of its hops. */
export type ChainProvider = (() => Promise<RoleChainCredentials | RoleChainBaseCredentials>) &
  Pick<RoleChainProvider, 'status'>;

/**
 * The credential provider for a chain: the profile's chain (from the config files `env` names), its MFA codes
 * from `mfa`, or the roles assumed from `base` (default: the SDK's default chain). A profile without a role
 * gives its base credentials as they are (zero hops): long-term keys have no session token and no expiration.
 */
export function providerFor(
  chain: ChainSpec,
  env: Readonly<Record<string, string | undefined>>,
  mfa?: MfaCodes,
  base?: BaseCredentialsProvider,
): ChainProvider {
  const region = chain.region === undefined ? {} : { region: chain.region };
  if (chain.kind === 'roles') {
    return fromRoleChain({
      roles: chain.roles.map(({ roleArn, externalId }) => ({
        roleArn,
        ...(externalId === undefined ? {} : { externalId }),
      })),
      ...region,
      ...(base === undefined ? {} : { source: base }),
    });
  }
  const provider = fromRoleChainProfile({
    profile: chain.profile,
    ...sharedFilePaths(env),
    ...region,
    ...(mfa === undefined ? {} : { mfaCodeProvider: mfa.next }),
  });
  if (mfa === undefined) return provider;
  const explained = () =>
    provider().catch((error: unknown) => {
      throw mfa.explain(error);
    });
  return Object.assign(explained, { status: () => provider.status() });
}
