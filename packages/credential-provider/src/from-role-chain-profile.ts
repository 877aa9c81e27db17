import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { RoleChainCredentials } from './credentials';
import { RoleChainConfigError } from './errors';
import type { RoleChainOptions } from './options';
import { resolveProfileChain, type ProfileSource } from './profile-chain';
import { showValue } from './redact';
import { createRoleChain, type RoleChainProvider } from './role-chain';
import { validateOptions, validateProviderOptions } from './validate-options';

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

const profileOnlyKeys = ['profile', 'configFilepath', 'filepath', 'mfaCodeProvider'] as const;

/** The source provider for a profile chain; SDK providers are imported only when a profile needs them. */
async function sourceProvider(
  source: ProfileSource,
  options: RoleChainProfileOptions,
): Promise<AwsCredentialIdentityProvider> {
  switch (source.kind) {
    case 'static': {
      const { accessKeyId, secretAccessKey, sessionToken } = source;
      const credentials = {
        accessKeyId,
        secretAccessKey,
        ...(sessionToken === undefined ? {} : { sessionToken }),
      };
      return () => Promise.resolve(credentials);
    }
    case 'credential_source': {
      if (source.value === 'Environment') return (await import('@aws-sdk/credential-provider-env')).fromEnv();
      const imds = await import('@smithy/credential-provider-imds');
      return source.value === 'EcsContainer' ? imds.fromContainerMetadata() : imds.fromInstanceMetadata();
    }
    case 'sdk-profile': {
      const { defaultProvider } = await import('@aws-sdk/credential-provider-node');
      return defaultProvider({
        profile: source.profile,
        ...(options.configFilepath === undefined ? {} : { configFilepath: options.configFilepath }),
        ...(options.filepath === undefined ? {} : { filepath: options.filepath }),
      });
    }
  }
}

/** Re-labels a hop-level validation error with the profile the hop came from. */
function inProfile(error: unknown, hopProfiles: readonly string[]): unknown {
  if (!(error instanceof RoleChainConfigError) || error.hop === undefined) return error;
  const profile = hopProfiles[error.hop - 1] ?? '?';
  return new RoleChainConfigError(`profile "${profile}" (${error.field})`, error.problem, error.hop);
}

/**
 * The same provider as `fromRoleChain`, with the chain read from AWS shared config profiles: `role_arn`,
 * `source_profile`, `credential_source` (Environment, Ec2InstanceMetadata, EcsContainer), `external_id`,
 * `mfa_serial`, `role_session_name`, `duration_seconds`, `region`. The files are read on the first call;
 * cycles, missing profiles and unknown or unsupported settings are `RoleChainConfigError`s naming the profile.
 */
export function fromRoleChainProfile(options: RoleChainProfileOptions = {}): RoleChainProvider {
  for (const key of profileOnlyKeys.slice(0, 3)) {
    const value: unknown = options[key];
    if (value !== undefined && (typeof value !== 'string' || value === '')) {
      throw new RoleChainConfigError(key, `must be a non-empty string, got ${showValue(value)}`);
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
  // Provider options fail at once; the roles come from the files on the first call.
  validateProviderOptions(providerOptions);

  let inner: RoleChainProvider | undefined;
  let building: Promise<RoleChainProvider> | undefined;

  async function build(): Promise<RoleChainProvider> {
    const { loadSharedConfigFiles } = await import('@smithy/shared-ini-file-loader');
    const { configFile, credentialsFile } = await loadSharedConfigFiles({
      ...(configFilepath === undefined ? {} : { configFilepath }),
      ...(filepath === undefined ? {} : { filepath }),
      ignoreCache: true,
    });
    const names = new Set([...Object.keys(configFile), ...Object.keys(credentialsFile)]);
    const profiles = Object.fromEntries(
      [...names].map((name) => [name, { ...configFile[name], ...credentialsFile[name] }]),
    );
    const start = profile ?? process.env['AWS_PROFILE'] ?? 'default';
    const chain = resolveProfileChain(profiles, start, mfaCodeProvider);
    if (chain.hops.length === 0) {
      throw new RoleChainConfigError(`profile "${start}"`, 'has no role_arn: there is no role to assume');
    }
    // Like the CLI, the named profile's region is the default for hops whose profile has none.
    const profileRegion = profiles[start]?.region;
    let validated;
    try {
      validated = validateOptions({
        ...(profileRegion === undefined ? {} : { region: profileRegion }),
        ...providerOptions,
        roles: chain.hops,
        source: await sourceProvider(chain.source, options),
      });
    } catch (error) {
      throw inProfile(error, chain.hopProfiles);
    }
    return createRoleChain(validated, { features: ['assume-role', 'profile-source-profile'] });
  }

  const provider = (identityProperties?: Record<string, unknown>): Promise<RoleChainCredentials> => {
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
