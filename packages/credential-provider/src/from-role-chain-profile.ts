import type { RoleChainBaseCredentials, RoleChainCredentials } from './credentials';
import {
  checkProfileOptions,
  resolveCheckedProfileOptions,
  type RoleChainProfileOptions,
} from './profile-chain-options';
import { profileSourceProvider } from './profile-source';
import { createRoleChain, type RoleChainProvider } from './role-chain';

export type { RoleChainProfileOptions } from './profile-chain-options';

/**
 * The same provider as `fromRoleChain`, with the chain read from AWS shared config profiles: `role_arn`,
 * `source_profile`, `credential_source` (Environment, Ec2InstanceMetadata, EcsContainer), `external_id`,
 * `mfa_serial`, `role_session_name`, `duration_seconds`, `region`, with the SDK's `fromIni` semantics. The
 * files are read on the first call; cycles, missing profiles, typos of those settings and settings it cannot
 * honour are `RoleChainConfigError`s naming the profile; other tools' settings are accepted. A profile with no
 * `role_arn` (keys, SSO, `credential_process`…) is a chain of zero hops: its own credentials, as `fromIni`
 * gives them, so `AWS_PROFILE` can name any profile of the file.
 */
export function fromRoleChainProfile(options: RoleChainProfileOptions = {}): RoleChainProvider {
  // Provider options fail at once; the roles come from the files on the first call.
  const checked = checkProfileOptions(options);

  let inner: RoleChainProvider | undefined;
  let building: Promise<RoleChainProvider> | undefined;

  async function build(): Promise<RoleChainProvider> {
    const { chain, validated } = await resolveCheckedProfileOptions(checked);
    const source = await profileSourceProvider(chain.source, chain.profiles, checked);
    return createRoleChain({ ...validated, source }, { features: ['assume-role', 'profile-source-profile'] });
  }

  const provider = (
    identityProperties?: Record<string, unknown>,
  ): Promise<RoleChainCredentials | RoleChainBaseCredentials> => {
    if (inner !== undefined) return inner(identityProperties);
    building ??= build().then(
      (built) => (inner = built),
      (error: unknown) => {
        building = undefined;
        throw error;
      },
    );
    return building.then((built) => built(identityProperties));
  };
  return Object.assign(provider, {
    invalidate: (fromHop?: number) => {
      inner?.invalidate(fromHop);
    },
    // The hops are known once the first call has read the profiles; none before.
    status: () => inner?.status() ?? [],
    memoized: true as const,
  });
}
