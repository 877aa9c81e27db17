import { RoleChainConfigError } from './errors';
import type { RoleChainHop } from './options';
import { profileSettings } from './profile-settings';
import { showValue } from './redact';
import { nearMissOf } from './setting-typo';

/**
 * Where the base credentials of a profile chain come from: the profile that holds them and which of its
 * settings does. Never holds a secret (static keys stay in the profile).
 *
 * @internal
 */
export type ProfileSource =
  | { kind: 'static'; profile: string }
  | {
      kind: 'credential_source';
      profile: string;
      value: 'Environment' | 'Ec2InstanceMetadata' | 'EcsContainer';
    }
  /** A base profile the SDK resolves (SSO, credential_process, web identity, console login). */
  | { kind: 'sdk-profile'; profile: string };

/** One role of a profile chain and the profile it came from. @internal */
export interface ProfileHop {
  profile: string;
  hop: RoleChainHop;
}

/** A chain read from shared config: hops source-first, each with the profile it came from. */
export interface ProfileChain {
  hops: ProfileHop[];
  source: ProfileSource;
  /** For each profile of the chain, the keys no tool we know reads (accepted, as the SDK does). */
  unknownKeys: Readonly<Record<string, readonly string[]>>;
  /** For each profile of the chain, the settings we read elsewhere that have no effect where they are. */
  unusedKeys: Readonly<Record<string, readonly string[]>>;
}

/** One profile's settings. @internal */
export type ProfileData = Readonly<Record<string, string | undefined>>;
/** Profiles by name, as both shared files give them merged. @internal */
export type Profiles = Readonly<Record<string, ProfileData | undefined>>;

/** Every setting the provider reads, in some kind of profile: the keys a typo is checked against. */
const readSettings: ReadonlySet<string> = new Set([
  ...profileSettings.role,
  ...profileSettings.staticCredentials,
  ...profileSettings.sdkBase,
]);
const knownSettings: ReadonlySet<string> = new Set([...readSettings, ...profileSettings.neutral]);
const credentialSources = new Set(['Environment', 'Ec2InstanceMetadata', 'EcsContainer']);

function fail(profile: string, key: string, problem: string): never {
  throw new RoleChainConfigError(
    key === '' ? `profile "${profile}"` : `profile "${profile}" ${key}`,
    problem,
  );
}

/**
 * The keys of a profile that no tool we know reads. Settings of other tools (saml2aws's `x_*`, nested service
 * sections such as `s3.addressing_style`, anything new) are accepted as the SDK accepts them, and listed for
 * `rolechain lint`; only a near miss of a setting the provider reads is refused, as a typo.
 */
function unknownKeysOf(profile: string, data: ProfileData): string[] {
  const unknown: string[] = [];
  for (const key of Object.keys(data)) {
    if (knownSettings.has(key)) continue;
    if (!key.includes('.')) {
      const setting = nearMissOf(key, readSettings);
      if (setting !== undefined) {
        fail(profile, key, `is not a setting fromRoleChainProfile reads: did you mean '${setting}'?`);
      }
    }
    unknown.push(key);
  }
  return unknown;
}

/** Static keys as the SDK recognises them (`isStaticCredsProfile`): both the key id and the secret. */
function hasStaticKeys(data: ProfileData): boolean {
  return data['aws_access_key_id'] !== undefined && data['aws_secret_access_key'] !== undefined;
}

function credentialSourceOf(profile: string, value: string): ProfileSource {
  if (!credentialSources.has(value)) {
    fail(
      profile,
      'credential_source',
      `must be Environment, Ec2InstanceMetadata or EcsContainer, got ${showValue(value)}`,
    );
  }
  return { kind: 'credential_source', profile, value: value as 'Environment' };
}

function hopOf(
  profile: string,
  data: ProfileData,
  mfaCodeProvider: ((serialNumber: string) => Promise<string>) | undefined,
): RoleChainHop {
  const roleArn = data['role_arn'] as string;
  const hop: { -readonly [K in keyof RoleChainHop]: RoleChainHop[K] } = { roleArn };
  const externalId = data['external_id'];
  if (externalId !== undefined) hop.externalId = externalId;
  const sessionName = data['role_session_name'];
  if (sessionName !== undefined) hop.roleSessionName = sessionName;
  const region = data['region'];
  if (region !== undefined) hop.region = region;
  const duration = data['duration_seconds'];
  if (duration !== undefined) {
    if (!/^\d+$/.test(duration))
      fail(profile, 'duration_seconds', `must be a whole number of seconds, got ${showValue(duration)}`);
    hop.durationSeconds = Number(duration);
  }
  const serialNumber = data['mfa_serial'];
  if (serialNumber !== undefined) {
    if (mfaCodeProvider === undefined) {
      fail(profile, 'mfa_serial', 'needs the mfaCodeProvider option to ask for codes');
    }
    hop.mfa = { serialNumber, tokenCode: () => mfaCodeProvider(serialNumber) };
  }
  return hop;
}

/**
 * Follows `source_profile` from `start` to the base credentials as the AWS SDK's `fromIni` does, and returns
 * the roles source-first. A profile reached as a `source_profile` that has static keys is a source, even with
 * a `role_arn` (the SDK and the AWS CLI); a profile whose `source_profile` names itself assumes its role with
 * its own keys (the AWS CLI's form); a profile without `role_arn` is a chain of zero hops. Cycles, missing
 * profiles, typos of settings and settings it cannot honour are errors naming the profiles.
 */
export function resolveProfileChain(
  profiles: Profiles,
  start: string,
  mfaCodeProvider?: (serialNumber: string) => Promise<string>,
): ProfileChain {
  const hops: ProfileHop[] = [];
  const visited: string[] = [];
  const unknownKeys = Object.create(null) as Record<string, readonly string[]>;
  const unusedKeys = Object.create(null) as Record<string, readonly string[]>;
  /** Records the settings a profile holds that we read elsewhere but that have no effect in it. */
  const settle = (profile: string, data: ProfileData, used: ReadonlySet<string>): void => {
    unusedKeys[profile] = Object.keys(data).filter((key) => readSettings.has(key) && !used.has(key));
  };
  const done = (source: ProfileSource): ProfileChain => ({ hops, source, unknownKeys, unusedKeys });
  let name = start;
  for (;;) {
    const data = Object.hasOwn(profiles, name) ? profiles[name] : undefined;
    if (data === undefined) {
      const from = visited.at(-1);
      throw new RoleChainConfigError(
        from === undefined ? `profile "${name}"` : `profile "${from}" source_profile`,
        from === undefined
          ? 'is not in the shared config or credentials file'
          : `names "${name}", which does not exist`,
      );
    }
    if (visited.includes(name)) {
      throw new RoleChainConfigError(
        `profile "${start}"`,
        `source_profile cycle: ${[...visited, name].map((profile) => `"${profile}"`).join(' → ')}`,
      );
    }
    const isSource = visited.length > 0;
    visited.push(name);
    // Typos first: a misspelt source_profile must not read as a profile without one.
    unknownKeys[name] = unknownKeysOf(name, data);

    // A source profile's static keys win over its role_arn, as in the SDK and botocore.
    if (isSource && hasStaticKeys(data)) {
      settle(name, data, usedBy.static);
      return done({ kind: 'static', profile: name });
    }
    const sourceProfile = data['source_profile'];
    const credentialSource = data['credential_source'];
    if (data['role_arn'] !== undefined && (sourceProfile !== undefined || credentialSource !== undefined)) {
      if (sourceProfile !== undefined && credentialSource !== undefined) {
        fail(name, 'credential_source', 'cannot be combined with source_profile; keep one');
      }
      hops.unshift({ profile: name, hop: hopOf(name, data, mfaCodeProvider) });
      if (credentialSource !== undefined) {
        settle(name, data, usedBy.role);
        return done(credentialSourceOf(name, credentialSource));
      }
      if (sourceProfile === name) {
        // The AWS CLI's self-reference: the profile's own keys assume its role.
        if (!hasStaticKeys(data)) {
          fail(
            name,
            'source_profile',
            'names the profile itself, which then needs aws_access_key_id and aws_secret_access_key',
          );
        }
        settle(name, data, usedBy.selfReferencing);
        return done({ kind: 'static', profile: name });
      }
      settle(name, data, usedBy.role);
      name = sourceProfile as string;
      continue;
    }
    // A source profile with credential_source and no role_arn: those credentials, as in the SDK.
    if (isSource && data['role_arn'] === undefined && credentialSource !== undefined) {
      settle(name, data, usedBy.credentialSource);
      return done(credentialSourceOf(name, credentialSource));
    }
    const source = baseSource(name, data);
    settle(
      name,
      data,
      source.kind === 'static'
        ? usedBy.static
        : isWebIdentityProfile(data)
          ? usedBy.webIdentity
          : usedBy.sdkBase,
    );
    return done(source);
  }
}

/** The settings each kind of profile uses; the others it holds are listed as unused. */
const usedBy = {
  role: new Set([...profileSettings.role]),
  static: new Set([...profileSettings.staticCredentials, 'region']),
  selfReferencing: new Set([...profileSettings.role, ...profileSettings.staticCredentials]),
  credentialSource: new Set(['credential_source', 'region']),
  sdkBase: new Set([...profileSettings.sdkBase, 'region']),
  webIdentity: new Set(['role_arn', 'web_identity_token_file', 'role_session_name', 'region']),
} as const;

/** `role_arn` with `web_identity_token_file`: the SDK's web identity profile (EKS IRSA). */
function isWebIdentityProfile(data: ProfileData): boolean {
  return data['role_arn'] !== undefined && data['web_identity_token_file'] !== undefined;
}

/** The base credentials of a profile that assumes no role of ours, in the order the SDK's `fromIni` tries. */
function baseSource(profile: string, data: ProfileData): ProfileSource {
  const accessKeyId = data['aws_access_key_id'];
  const secretAccessKey = data['aws_secret_access_key'];
  if (accessKeyId !== undefined || secretAccessKey !== undefined) {
    if (accessKeyId === undefined || secretAccessKey === undefined) {
      fail(
        profile,
        accessKeyId === undefined ? 'aws_access_key_id' : 'aws_secret_access_key',
        'is missing (both keys are needed)',
      );
    }
    return { kind: 'static', profile };
  }
  if (isWebIdentityProfile(data)) return { kind: 'sdk-profile', profile };
  if (
    Object.keys(data).some((key) => key !== 'web_identity_token_file' && profileSettings.sdkBase.has(key))
  ) {
    return { kind: 'sdk-profile', profile };
  }
  if (data['web_identity_token_file'] !== undefined) {
    fail(
      profile,
      'web_identity_token_file',
      'needs role_arn in the same profile: the role the token is exchanged for (AssumeRoleWithWebIdentity)',
    );
  }
  if (data['role_arn'] !== undefined)
    fail(profile, 'role_arn', 'needs a source_profile or a credential_source');
  return fail(profile, '', 'has no credentials: give it keys, SSO, credential_process, or a role_arn');
}
