import { RoleChainConfigError } from './errors';
import type { RoleChainOptions } from './options';
import { resolveProfileChain, type ProfileHop, type ProfileSource, type Profiles } from './profile-chain';
import { loadProfiles } from './shared-files';
import {
  showOptionValue,
  validateHops,
  validateProviderOptions,
  type FieldLabel,
  type ValidatedOptions,
} from './validate-options';

/**
 * Options of {@link fromRoleChainProfile}: which profile, which files, and the provider's own tuning. `region`
 * defaults to the named profile's `region`.
 */
export interface RoleChainProfileOptions extends Omit<RoleChainOptions, 'source' | 'roles'> {
  /** Profile to start from; default `AWS_PROFILE`, else `default`. */
  profile?: string;
  /** Shared config file; default `AWS_CONFIG_FILE`, else `~/.aws/config`. */
  configFilepath?: string;
  /** Shared credentials file; default `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`. */
  filepath?: string;
  /** Asked for a fresh code whenever a profile with `mfa_serial` is assumed. */
  mfaCodeProvider?: (serialNumber: string) => Promise<string>;
}

/** A profile chain read from the shared files and validated, before any network call. @internal */
export interface ResolvedProfileChain {
  /** The profile the chain starts from (the `profile` option, else `AWS_PROFILE`, else `default`). */
  profile: string;
  /**
   * Every profile of both files, a credentials-file profile's settings over the config file's. Holds the
   * files' static keys as written: never log or print it whole.
   */
  profiles: Profiles;
  /** The roles to assume, source-first, each with the profile it came from. */
  hops: readonly ProfileHop[];
  /** The profile holding the base credentials and which kind they are (never the keys themselves). */
  source: ProfileSource;
  /**
   * For each profile of the chain, the keys no tool we know reads (saml2aws's `x_*`, nested service settings
   * such as `s3.addressing_style`…): accepted, as the SDK accepts them, for `lint` to report.
   */
  unknownKeys: Readonly<Record<string, readonly string[]>>;
  /**
   * For each profile of the chain, the settings we read elsewhere that have no effect where they are (a source
   * profile's `role_arn` next to its keys, `mfa_serial` in a base profile…), as in the SDK.
   */
  unusedKeys: Readonly<Record<string, readonly string[]>>;
}

/** Profile options after the checks that need no file. */
export interface CheckedProfileOptions {
  profile: string | undefined;
  configFilepath: string | undefined;
  filepath: string | undefined;
  mfaCodeProvider: ((serialNumber: string) => Promise<string>) | undefined;
  provider: Omit<ValidatedOptions, 'hops'>;
}

/** Checks every option that needs no file; throws `RoleChainConfigError`. */
export function checkProfileOptions(options: RoleChainProfileOptions): CheckedProfileOptions {
  const input: unknown = options;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new RoleChainConfigError('options', `must be an object, got ${showOptionValue(input)}`);
  }
  for (const key of ['profile', 'configFilepath', 'filepath'] as const) {
    const value: unknown = options[key];
    if (value !== undefined && (typeof value !== 'string' || value === '')) {
      throw new RoleChainConfigError(key, `must be a non-empty string, got ${showOptionValue(value)}`);
    }
  }
  if (options.mfaCodeProvider !== undefined && typeof options.mfaCodeProvider !== 'function') {
    throw new RoleChainConfigError('mfaCodeProvider', 'must be a function (serialNumber) => Promise<string>');
  }
  for (const key of ['roles', 'source']) {
    if (key in options) {
      throw new RoleChainConfigError(
        key,
        'is not used by fromRoleChainProfile: the profiles define the chain',
      );
    }
  }
  const { profile, configFilepath, filepath, mfaCodeProvider, ...providerOptions } = options;
  return {
    profile,
    configFilepath,
    filepath,
    mfaCodeProvider,
    provider: validateProviderOptions(providerOptions),
  };
}

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

/**
 * Everything `fromRoleChainProfile` decides before its first STS call, with no network call: reads the shared
 * files, merges their profiles, follows `source_profile` from the profile to the base credentials and runs the
 * provider's full validation. Throws the same `RoleChainConfigError`, naming the profile, that the provider's
 * first call would.
 *
 * @internal For `@rolechain/cli`, so that `lint` and the CLI's flags cannot disagree with the provider; not
 * part of the documented API.
 */
export async function resolveProfileChainOptions(
  options: RoleChainProfileOptions = {},
): Promise<ResolvedProfileChain> {
  return (await resolveCheckedProfileOptions(checkProfileOptions(options))).chain;
}
