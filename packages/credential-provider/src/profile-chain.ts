import { RoleChainConfigError } from './errors';
import type { RoleChainHop } from './options';
import { profileSettings } from './profile-settings';
import { showValue } from './redact';

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
}

/** One profile's settings. @internal */
export type ProfileData = Readonly<Record<string, string | undefined>>;
/** Profiles by name, as both shared files give them merged. @internal */
export type Profiles = Readonly<Record<string, ProfileData | undefined>>;

const baseKeys: ReadonlySet<string> = new Set([
  ...profileSettings.staticCredentials,
  ...profileSettings.sdkBase,
  'region',
]);
/** A web identity profile (EKS IRSA): the SDK assumes its role with the token, reading only these. */
const webIdentityKeys: ReadonlySet<string> = new Set([
  'role_arn',
  'web_identity_token_file',
  'role_session_name',
  'region',
]);
const credentialSources = new Set(['Environment', 'Ec2InstanceMetadata', 'EcsContainer']);

function fail(profile: string, key: string, problem: string): never {
  throw new RoleChainConfigError(
    key === '' ? `profile "${profile}"` : `profile "${profile}" ${key}`,
    problem,
  );
}

function checkKeys(profile: string, data: ProfileData, allowed: ReadonlySet<string>, role: boolean): void {
  for (const key of Object.keys(data)) {
    if (allowed.has(key) || profileSettings.neutral.has(key)) continue;
    if (role && key === 'web_identity_token_file') {
      fail(
        profile,
        key,
        'cannot be combined with source_profile or credential_source: a web identity profile has only role_arn, web_identity_token_file and role_session_name',
      );
    }
    if (role && (profileSettings.staticCredentials.has(key) || profileSettings.sdkBase.has(key))) {
      fail(
        profile,
        key,
        'is not supported in a role profile (role_arn): put base credentials in the source_profile',
      );
    }
    fail(profile, key, 'is not a setting fromRoleChainProfile knows; remove it or fix its spelling');
  }
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
 * Follows `source_profile` from `start` to the base credentials, as the AWS CLI and SDKs do, and returns the
 * roles source-first. Cycles, missing profiles and settings it cannot honour are errors naming the profiles.
 */
export function resolveProfileChain(
  profiles: Profiles,
  start: string,
  mfaCodeProvider?: (serialNumber: string) => Promise<string>,
): ProfileChain {
  const hops: ProfileHop[] = [];
  const visited: string[] = [];
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
    visited.push(name);

    if (data['role_arn'] === undefined) {
      checkKeys(name, data, baseKeys, false);
      return { hops, source: baseSource(name, data) };
    }
    if (isWebIdentityProfile(data)) {
      for (const key of Object.keys(data)) {
        if (!webIdentityKeys.has(key) && !profileSettings.neutral.has(key)) {
          fail(
            name,
            key,
            'is not used in a web identity profile (role_arn with web_identity_token_file): the SDK assumes its role with the token; put further roles in profiles whose source_profile names this one',
          );
        }
      }
      return { hops, source: { kind: 'sdk-profile', profile: name } };
    }
    checkKeys(name, data, profileSettings.role, true);
    hops.unshift({ profile: name, hop: hopOf(name, data, mfaCodeProvider) });
    const sourceProfile = data['source_profile'];
    const credentialSource = data['credential_source'];
    if (sourceProfile !== undefined && credentialSource !== undefined) {
      fail(name, 'credential_source', 'cannot be combined with source_profile; keep one');
    }
    if (credentialSource !== undefined) {
      if (!credentialSources.has(credentialSource)) {
        fail(
          name,
          'credential_source',
          `must be Environment, Ec2InstanceMetadata or EcsContainer, got ${showValue(credentialSource)}`,
        );
      }
      return {
        hops,
        source: { kind: 'credential_source', profile: name, value: credentialSource as 'Environment' },
      };
    }
    if (sourceProfile === undefined) fail(name, 'role_arn', 'needs a source_profile or a credential_source');
    name = sourceProfile;
  }
}

/** `role_arn` with `web_identity_token_file` and no other source: the SDK's web identity profile. */
function isWebIdentityProfile(data: ProfileData): boolean {
  return (
    data['web_identity_token_file'] !== undefined &&
    data['source_profile'] === undefined &&
    data['credential_source'] === undefined
  );
}

function baseSource(profile: string, data: ProfileData): ProfileSource {
  if (data['web_identity_token_file'] !== undefined) {
    fail(
      profile,
      'web_identity_token_file',
      'needs role_arn in the same profile: the role the token is exchanged for (AssumeRoleWithWebIdentity)',
    );
  }
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
  if (Object.keys(data).some((key) => profileSettings.sdkBase.has(key)))
    return { kind: 'sdk-profile', profile };
  return fail(profile, '', 'has no credentials: give it keys, SSO, credential_process, or a role_arn');
}
