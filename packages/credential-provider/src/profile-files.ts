// What a profile chain needs from the shared files, in a module of its own that the first profile call
// imports (`profileFiles()`): a service that only uses `fromRoleChain` never loads or compiles it.
import { loadProfiles } from './shared-files';
import { resolveProfileChain, type ProfileHop } from './profile-chain';
import type { CheckedProfileOptions, ResolvedProfileChain } from './profile-chain-options';
import {
  validateHops,
  validateProviderOptions,
  type FieldLabel,
  type ValidatedOptions,
} from './validate-options';

export { loadProfiles } from './shared-files';
export { profileSourceProvider } from './profile-source';

/** The shared-config setting each hop option is read from. */
const settingOfOption: ReadonlyMap<string, string> = new Map([
  ['roleArn', 'role_arn'],
  ['roleSessionName', 'role_session_name'],
  ['externalId', 'external_id'],
  ['durationSeconds', 'duration_seconds'],
  ['mfa.serialNumber', 'mfa_serial'],
  ['region', 'region'],
]);

/** Names a hop's field as the profile and setting it came from: `profile "dev" external_id`. */
function profileLabel(hops: readonly ProfileHop[]): FieldLabel {
  return (field, hop) => {
    const profile = hop === undefined ? undefined : hops[hop - 1]?.profile;
    if (profile === undefined) return field;
    const option = field.slice(field.indexOf('.') + 1);
    const setting = settingOfOption.get(option);
    return setting === undefined ? `profile "${profile}" (${option})` : `profile "${profile}" ${setting}`;
  };
}

/**
 * Reads the shared files, follows the chain from the profile and validates every hop as `fromRoleChain`
 * does. Throws `RoleChainConfigError` naming the profile and setting.
 */
export async function resolveCheckedProfileOptions(
  checked: CheckedProfileOptions,
): Promise<{ chain: ResolvedProfileChain; validated: ValidatedOptions }> {
  const profiles = await loadProfiles(checked);
  const start = checked.profile ?? process.env['AWS_PROFILE'] ?? 'default';
  const { hops, source, unknownKeys, unusedKeys } = resolveProfileChain(
    profiles,
    start,
    checked.mfaCodeProvider,
  );
  // Like the CLI, the named profile's region is the default for hops whose profile has none.
  let { region } = checked.provider;
  const profileRegion = Object.hasOwn(profiles, start) ? profiles[start]?.['region'] : undefined;
  if (region === undefined && profileRegion !== undefined) {
    region = validateProviderOptions(
      { region: profileRegion },
      (field) => `profile "${start}" ${field}`,
    ).region;
  }
  const provider = { ...checked.provider, region };
  const validated: ValidatedOptions = {
    ...provider,
    // A profile without role_arn is a chain of zero hops: its base credentials, no role to validate.
    hops:
      hops.length === 0
        ? []
        : validateHops(
            hops.map((hop) => hop.hop),
            provider,
            profileLabel(hops),
          ),
  };
  return { chain: { profile: start, profiles, hops, source, unknownKeys, unusedKeys }, validated };
}
