import { profileSettings } from '@rolechain/credential-provider';

/** Profiles as the shared-config loader returns them: name → settings. */
export type Profiles = Readonly<Record<string, Readonly<Record<string, string | undefined>> | undefined>>;

/** One problem in one profile. */
export interface LintFinding {
  profile: string;
  /** The setting at fault, when one is. */
  key?: string;
  message: string;
}

const roleArnPattern = /^arn:aws[a-z-]*:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;
const sessionNamePattern = /^[\w+=,.@-]{2,64}$/;
const externalIdPattern = /^[\w+=,.@:/-]{2,1224}$/;
const credentialSources = new Set(['Environment', 'Ec2InstanceMetadata', 'EcsContainer']);

/** One line for a finding: `profile "prod" duration_seconds: …`. */
export function formatFinding(finding: LintFinding): string {
  return `profile "${finding.profile}"${finding.key === undefined ? '' : ` ${finding.key}`}: ${finding.message}`;
}

/** The role name of a role ARN (the last path segment), or undefined when it is not one. */
export function roleNameOf(roleArn: string): string | undefined {
  return roleArnPattern.test(roleArn) ? roleArn.slice(roleArn.lastIndexOf('/') + 1) : undefined;
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

function allowsAssumeRole(action: unknown): boolean {
  return asArray(action).some(
    (item) => typeof item === 'string' && ['sts:assumerole', 'sts:*', '*'].includes(item.toLowerCase()),
  );
}

function hasAwsPrincipal(principal: unknown): boolean {
  if (principal === '*') return true;
  return typeof principal === 'object' && principal !== null && 'AWS' in principal;
}

/** A condition that holds only when the request carries `sts:ExternalId` (not negated, not `…IfExists`). */
function conditionNeedsExternalId(condition: unknown): boolean {
  if (typeof condition !== 'object' || condition === null) return false;
  return Object.entries(condition as Record<string, unknown>).some(([operator, keys]) => {
    const op = operator.toLowerCase();
    if (op.includes('not') || op.endsWith('ifexists') || op === 'null' || op.startsWith('forallvalues:')) {
      return false;
    }
    return (
      typeof keys === 'object' &&
      keys !== null &&
      Object.keys(keys).some((key) => key.toLowerCase() === 'sts:externalid')
    );
  });
}

/**
 * Whether a trust policy lets AWS principals assume the role only with an external id: it has `Allow`
 * statements for `sts:AssumeRole` and each of them has a condition on `sts:ExternalId`.
 */
export function requiresExternalId(policy: unknown): boolean {
  if (typeof policy !== 'object' || policy === null) return false;
  const allows = asArray((policy as { Statement?: unknown }).Statement).filter(
    (statement): statement is Record<string, unknown> =>
      typeof statement === 'object' &&
      statement !== null &&
      (statement as Record<string, unknown>)['Effect'] === 'Allow' &&
      allowsAssumeRole((statement as Record<string, unknown>)['Action']) &&
      hasAwsPrincipal((statement as Record<string, unknown>)['Principal']),
  );
  return allows.length > 0 && allows.every((statement) => conditionNeedsExternalId(statement['Condition']));
}

function keyFindings(name: string, data: Readonly<Record<string, string | undefined>>): LintFinding[] {
  const role = data['role_arn'] !== undefined;
  const allowed = role
    ? profileSettings.role
    : new Set([...profileSettings.staticCredentials, ...profileSettings.sdkBase, 'region']);
  return Object.keys(data)
    .filter((key) => !allowed.has(key) && !profileSettings.neutral.has(key))
    .map((key) => ({
      profile: name,
      key,
      message:
        role && (profileSettings.staticCredentials.has(key) || profileSettings.sdkBase.has(key))
          ? 'is not supported in a role profile: put base credentials in the source_profile'
          : 'is not a known setting; remove it or fix its spelling',
    }));
}

/** Follows source_profile from `start`: the profiles visited, and the cycle when there is one. */
export function walk(profiles: Profiles, start: string): { path: string[]; cycle?: string[] } {
  const path: string[] = [];
  let name: string | undefined = start;
  while (name !== undefined) {
    const at = path.indexOf(name);
    if (at !== -1) return { path, cycle: [...path.slice(at), name] };
    path.push(name);
    const data: Readonly<Record<string, string | undefined>> | undefined = profiles[name];
    if (data?.['role_arn'] === undefined) break;
    name = data['source_profile'];
  }
  return { path };
}

/** Whether a profile's credentials are session credentials (then a role assumed with them is chained). */
function givesSessionCredentials(profiles: Profiles, name: string): boolean {
  const data = profiles[name];
  return data !== undefined && (data['role_arn'] !== undefined || data['aws_session_token'] !== undefined);
}

function roleFindings(
  profiles: Profiles,
  name: string,
  data: Readonly<Record<string, string | undefined>>,
  trustPolicies: ReadonlyMap<string, unknown>,
  reportedCycles: Set<string>,
): LintFinding[] {
  const findings: LintFinding[] = [];
  const add = (key: string | undefined, message: string) => {
    findings.push({ profile: name, ...(key === undefined ? {} : { key }), message });
  };
  const roleArn = data['role_arn'] ?? '';
  if (!roleArnPattern.test(roleArn)) add('role_arn', `${JSON.stringify(roleArn)} is not an IAM role ARN`);

  const sourceProfile = data['source_profile'];
  const credentialSource = data['credential_source'];
  if (sourceProfile !== undefined && credentialSource !== undefined) {
    add('credential_source', 'cannot be combined with source_profile; keep one');
  } else if (sourceProfile === undefined && credentialSource === undefined) {
    add('role_arn', 'needs a source_profile or a credential_source');
  }
  if (credentialSource !== undefined && !credentialSources.has(credentialSource)) {
    add(
      'credential_source',
      `must be Environment, Ec2InstanceMetadata or EcsContainer, got ${JSON.stringify(credentialSource)}`,
    );
  }
  if (sourceProfile !== undefined) {
    if (profiles[sourceProfile] === undefined) {
      add('source_profile', `names ${JSON.stringify(sourceProfile)}, which does not exist`);
    }
    const { cycle } = walk(profiles, name);
    if (cycle !== undefined) {
      const id = [...new Set(cycle)].sort().join('\n');
      if (!reportedCycles.has(id)) {
        reportedCycles.add(id);
        add('source_profile', `cycle: ${cycle.map((profile) => `"${profile}"`).join(' → ')}`);
      }
    }
  }

  const duration = data['duration_seconds'];
  if (duration !== undefined) {
    const seconds = /^\d+$/.test(duration) ? Number(duration) : Number.NaN;
    if (Number.isNaN(seconds) || seconds < 900 || seconds > 43_200) {
      add(
        'duration_seconds',
        `must be a whole number of seconds from 900 to 43200, got ${JSON.stringify(duration)}`,
      );
    } else if (
      seconds > 3600 &&
      sourceProfile !== undefined &&
      givesSessionCredentials(profiles, sourceProfile)
    ) {
      add(
        'duration_seconds',
        `${duration} is more than STS allows a role assumed by role chaining (3600): source_profile ${JSON.stringify(sourceProfile)} gives session credentials`,
      );
    }
  }

  const sessionName = data['role_session_name'];
  if (sessionName !== undefined && !sessionNamePattern.test(sessionName)) {
    add('role_session_name', `${JSON.stringify(sessionName)} must be 2–64 of letters, digits and +=,.@_-`);
  }
  const externalId = data['external_id'];
  if (externalId !== undefined && !externalIdPattern.test(externalId)) {
    add('external_id', 'must be 2–1224 of letters, digits and +=,.@:/_-');
  }
  if (externalId === undefined && requiresExternalId(trustPolicies.get(roleArn))) {
    add('external_id', `is missing: the trust policy of ${roleArn} requires sts:ExternalId`);
  }
  return findings;
}

/**
 * Checks every profile: unknown settings, and for role profiles the role ARN, the source, source_profile
 * cycles, durations over the role-chaining limit, session names, external ids, and an external id the
 * role's trust policy (when given, by role ARN) requires.
 */
export function lintProfiles(
  profiles: Profiles,
  trustPolicies: ReadonlyMap<string, unknown> = new Map(),
): LintFinding[] {
  const reportedCycles = new Set<string>();
  return Object.entries(profiles).flatMap(([name, data]) => {
    if (data === undefined) return [];
    const findings = keyFindings(name, data);
    if (data['role_arn'] !== undefined) {
      findings.push(...roleFindings(profiles, name, data, trustPolicies, reportedCycles));
    }
    return findings;
  });
}
