import { isRegion, showValue } from '@rolechain/aws-rules';
import {
  loadSharedProfiles,
  profileSettings,
  resolveProfileChainOptions,
  RoleChainConfigError,
  type ProfileData,
  type Profiles,
} from '@rolechain/credential-provider';
import type { SharedFilePaths } from './shared-profiles';

/**
 * One problem in the shared config. An `error` is a profile `fromRoleChainProfile` refuses, in its own words;
 * a `warning` is what a linter adds: the provider accepts the profile, but STS or a reader of the file will
 * likely stumble on it.
 */
export interface LintFinding {
  severity: 'error' | 'warning';
  /** The profile and setting, as the provider names them: `profile "prod" duration_seconds`. */
  where: string;
  message: string;
}

/** One line for a finding: `error: profile "prod" duration_seconds: …`. */
export function formatFinding(finding: LintFinding): string {
  return `${finding.severity}: ${finding.where}: ${finding.message}`;
}

function own<T>(record: Readonly<Record<string, T | undefined>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function allowsAssumeRole(action: unknown): boolean {
  return asArray(action).some(
    (item) => typeof item === 'string' && ['sts:assumerole', 'sts:*', '*'].includes(item.toLowerCase()),
  );
}

function hasAwsPrincipal(principal: unknown): boolean {
  return principal === '*' || (isRecord(principal) && Object.hasOwn(principal, 'AWS'));
}

/** A condition that holds only when the request carries `sts:ExternalId` (not negated, not `…IfExists`). */
function conditionNeedsExternalId(condition: unknown): boolean {
  if (!isRecord(condition)) return false;
  return Object.entries(condition).some(([operator, keys]) => {
    const op = operator.toLowerCase();
    if (op.includes('not') || op.endsWith('ifexists') || op === 'null' || op.startsWith('forallvalues:')) {
      return false;
    }
    return isRecord(keys) && Object.keys(keys).some((key) => key.toLowerCase() === 'sts:externalid');
  });
}

/**
 * Whether a trust policy lets AWS principals assume the role only with an external id: it has `Allow`
 * statements for `sts:AssumeRole` and each of them has a condition on `sts:ExternalId`.
 */
export function requiresExternalId(policy: unknown): boolean {
  if (!isRecord(policy)) return false;
  const allows = asArray(own(policy, 'Statement')).filter(
    (statement): statement is Readonly<Record<string, unknown>> =>
      isRecord(statement) &&
      own(statement, 'Effect') === 'Allow' &&
      allowsAssumeRole(own(statement, 'Action')) &&
      hasAwsPrincipal(own(statement, 'Principal')),
  );
  return (
    allows.length > 0 && allows.every((statement) => conditionNeedsExternalId(own(statement, 'Condition')))
  );
}

/** Every setting some profile may hold: what the provider reads and what the AWS CLI and SDKs read beside it. */
const knownSettings: ReadonlySet<string> = new Set([
  ...profileSettings.role,
  ...profileSettings.staticCredentials,
  ...profileSettings.sdkBase,
  ...profileSettings.neutral,
]);

/** Whether a profile's credentials are session credentials (then a role assumed with them is chained). */
function givesSessionCredentials(profiles: Profiles, name: string): boolean {
  const data = own(profiles, name);
  return data !== undefined && (data['role_arn'] !== undefined || data['aws_session_token'] !== undefined);
}

/**
 * Whether a profile holds only settings that do not affect credentials (`region`, `output`, `s3 =`…): not a
 * chain anyone points rolechain at, so not resolved. Every other profile is a chain, of roles or of zero hops
 * (its own keys, SSO, `credential_process`), and is resolved as the provider would.
 */
function settingsOnly(data: ProfileData): boolean {
  return Object.keys(data).every(
    (key) => key === 'region' || profileSettings.neutral.has(key.split('.')[0] ?? key),
  );
}

/** Stands in for the CLI's MFA prompt: lint never calls STS, so it never needs a code. */
const noCodes = (serialNumber: string) =>
  Promise.reject(new Error(`rolechain lint does not ask for MFA codes (${serialNumber})`));

/** What the provider refuses when asked for the chain of role profile `name`: its error, or undefined. */
async function providerError(
  name: string,
  paths: SharedFilePaths,
): Promise<RoleChainConfigError | undefined> {
  try {
    await resolveProfileChainOptions({ ...paths, profile: name, mfaCodeProvider: noCodes });
    return undefined;
  } catch (error) {
    if (error instanceof RoleChainConfigError) return error;
    throw error;
  }
}

/** What a linter adds for one profile: findings the provider does not make because it accepts them. */
function warnings(
  profiles: Profiles,
  name: string,
  data: ProfileData,
  trustPolicies: ReadonlyMap<string, unknown>,
): LintFinding[] {
  const found: LintFinding[] = [];
  const add = (key: string, message: string) => {
    found.push({ severity: 'warning', where: `profile "${name}" ${key}`, message });
  };
  for (const key of Object.keys(data)) {
    // A nested setting (`s3 =` then indented `max_concurrent_requests = 20`) is read as `s3.max_concurrent_requests`.
    if (!knownSettings.has(key.split('.')[0] ?? key)) {
      add(key, 'is not a setting rolechain or the AWS SDK reads; remove it or fix its spelling');
    }
  }
  const region = data['region'];
  if (region !== undefined && !isRegion(region)) {
    add('region', `${showValue(region)} is not a region of any AWS partition`);
  }
  const roleArn = data['role_arn'];
  if (roleArn === undefined) return found;
  const sourceProfile = data['source_profile'];
  const duration = Number(data['duration_seconds']);
  if (duration > 3600 && sourceProfile !== undefined && givesSessionCredentials(profiles, sourceProfile)) {
    add(
      'duration_seconds',
      `${String(duration)} is more than STS allows a role assumed by role chaining (3600): source_profile ${JSON.stringify(sourceProfile)} gives session credentials, so rolechain asks for 3600`,
    );
  }
  if (data['external_id'] === undefined && requiresExternalId(trustPolicies.get(roleArn))) {
    add('external_id', `is missing: the trust policy of ${roleArn} requires sts:ExternalId`);
  }
  return found;
}

/**
 * Checks every profile of the shared files. Each profile that is a chain (any but settings-only ones) is
 * resolved by `fromRoleChainProfile`'s own resolution and validation (no network call): what it refuses is an
 * `error`, reported once however many profiles lead to it. Then the linter's `warning`s: settings nothing reads, region names of no AWS partition,
 * durations over the role-chaining limit, and an external id the role's trust policy (`trustPoliciesFor` gives
 * them by role ARN) requires. A warning about a setting the provider already refused is left out.
 */
export async function lintProfiles(
  paths: SharedFilePaths,
  trustPoliciesFor: (roleArns: string[]) => ReadonlyMap<string, unknown> = () => new Map(),
): Promise<LintFinding[]> {
  const profiles = await loadSharedProfiles(paths);
  const trustPolicies = trustPoliciesFor(Object.values(profiles).flatMap((data) => data?.['role_arn'] ?? []));
  const findings: LintFinding[] = [];
  const reported = new Set<string>();
  for (const name of Object.keys(profiles)) {
    const data = own(profiles, name);
    if (data === undefined) continue;
    const refused = settingsOnly(data) ? undefined : await providerError(name, paths);
    if (refused !== undefined && !reported.has(refused.message)) {
      reported.add(refused.message);
      findings.push({ severity: 'error', where: refused.field, message: refused.problem });
    }
    for (const warning of warnings(profiles, name, data, trustPolicies)) {
      if (!findings.some((finding) => finding.severity === 'error' && finding.where === warning.where)) {
        findings.push(warning);
      }
    }
  }
  return findings;
}
