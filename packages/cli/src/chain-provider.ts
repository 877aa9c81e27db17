import { fromRoleChain, fromRoleChainProfile, type RoleChainProvider } from '@rolechain/credential-provider';
import type { ChainSpec } from './chain-args';

/**
 * The credential provider for a chain: the profile's chain (from the config files `env` names), or the roles
 * assumed from the SDK's default source.
 */
export function providerFor(
  chain: ChainSpec,
  env: Readonly<Record<string, string | undefined>>,
): RoleChainProvider {
  const region = chain.region === undefined ? {} : { region: chain.region };
  if (chain.kind === 'profile') {
    const configFilepath = env['AWS_CONFIG_FILE'];
    const filepath = env['AWS_SHARED_CREDENTIALS_FILE'];
    return fromRoleChainProfile({
      profile: chain.profile,
      ...(configFilepath === undefined || configFilepath === '' ? {} : { configFilepath }),
      ...(filepath === undefined || filepath === '' ? {} : { filepath }),
      ...region,
    });
  }
  return fromRoleChain({
    roles: chain.roles.map(({ roleArn, externalId }) => ({
      roleArn,
      ...(externalId === undefined ? {} : { externalId }),
    })),
    ...region,
  });
}
