import { StsServiceError, notAuthorized } from './errors';
import type { QueryParams } from './query';
import { listParam, stringParam } from './query';
import {
  checkSessionPolicy,
  packedPolicySize,
  uniqueTags,
  validatePolicyMembers,
  validateTagMembers,
} from './session-policy';
import type { SessionPolicies } from './session-policy';
import type { PrincipalStore, RoleRecord, RoleSessionRecord, SessionTag, UserRecord } from './store';
import { unknownPolicyArn } from './managed-policies';
import { partitionOf } from './principals';
import { evaluateTrust } from './trust-policy';
import type { TrustPrincipal, TrustRequest } from './trust-policy';
import { ParamValidator, patterns, validationError } from './validation';
import type { XmlFields } from './xml';
import { credentialsXml, expiresAfter, sessionTokenSize } from './session-credentials';

/** The parameters AssumeRole and AssumeRoleWithWebIdentity share, validated. */
export interface RoleSessionRequest extends SessionPolicies {
  readonly roleArn: string;
  readonly sessionName: string;
  readonly durationSeconds: number | undefined;
  readonly tags: ReadonlyMap<string, SessionTag>;
  readonly transitiveTagKeys: ReadonlySet<string>;
  readonly sourceIdentity: string | undefined;
}

const roleArnPattern = /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):role\/(?:[\u0021-\u007E]+\/)?[\w+=,.@-]+$/;

/**
 * Checks the members shared by the AssumeRole family with STS's constraints, in STS's order, then the
 * rules across members (ARN shape, duplicate tag keys, transitive keys among the tags, policy JSON and size).
 */
export function validateRoleSessionRequest(
  params: QueryParams,
  withTags: boolean,
  extraMembers: (validator: ParamValidator) => void,
): RoleSessionRequest | StsServiceError {
  const validator = new ParamValidator();
  const roleArn = stringParam(params, 'RoleArn');
  const sessionName = stringParam(params, 'RoleSessionName');
  const sourceIdentity = stringParam(params, 'SourceIdentity');
  const transitiveItems = withTags ? listParam(params, 'TransitiveTagKeys') : undefined;

  if (validator.required('roleArn', roleArn)) {
    validator.string('roleArn', roleArn, { min: 20, max: 2048, ...patterns.arn });
  }
  if (validator.required('roleSessionName', sessionName)) {
    validator.string('roleSessionName', sessionName, { min: 2, max: 64, ...patterns.roleSessionName });
  }
  const durationSeconds = validator.integer(
    'durationSeconds',
    stringParam(params, 'DurationSeconds'),
    900,
    43200,
  );
  const { policy, policyArns } = validatePolicyMembers(params, validator);
  const tagList = withTags ? validateTagMembers(params, validator) : [];
  validator.listLength('transitiveTagKeys', transitiveItems, 50, `[${transitiveItems?.length ?? 0} keys]`);
  const transitiveList: string[] = [];
  transitiveItems?.forEach((item, index) => {
    const key = typeof item === 'string' ? item : undefined;
    validator.string(`transitiveTagKeys.${index + 1}.member`, key, { min: 1, max: 128, ...patterns.tagKey });
    if (key !== undefined) transitiveList.push(key);
  });
  validator.string('sourceIdentity', sourceIdentity, { min: 2, max: 64, ...patterns.sourceIdentity });
  extraMembers(validator);
  const memberError = validator.error();
  if (memberError !== undefined) return memberError;
  if (roleArn === undefined || sessionName === undefined) return validationError('RoleArn is required');

  if (!roleArnPattern.test(roleArn)) return validationError(`${roleArn} is invalid`);
  if (sourceIdentity?.toLowerCase().startsWith('aws:') === true) {
    return validationError("SourceIdentity cannot start with the reserved prefix 'aws:'");
  }
  const tags = uniqueTags(tagList);
  if (tags instanceof StsServiceError) return tags;
  const transitiveTagKeys = new Set<string>();
  for (const key of transitiveList) {
    const lower = key.toLowerCase();
    if (!tags.has(lower)) {
      return validationError(
        `The transitive tag key '${key}' must also be passed as a session tag in the Tags parameter.`,
      );
    }
    transitiveTagKeys.add(lower);
  }
  const policyError = checkSessionPolicy(policy);
  if (policyError !== undefined) return policyError;
  return {
    roleArn,
    sessionName,
    durationSeconds,
    policy,
    policyArns,
    tags,
    transitiveTagKeys,
    sourceIdentity,
  };
}

/** The principal a trust policy sees for a caller (federated users cannot assume roles). */
export function trustPrincipalOf(principal: UserRecord | RoleSessionRecord): TrustPrincipal {
  if (principal.kind === 'user') return { type: 'AWS', arn: principal.arn, accountId: principal.accountId };
  return { type: 'AWS', arn: principal.arn, accountId: principal.accountId, roleArn: principal.role.arn };
}

/** Looks a role up by its exact ARN (path included); callers answer `AccessDenied` when it is missing, as STS does. */
export function findRole(store: PrincipalStore, roleArn: string): RoleRecord | undefined {
  return store.roles.get(roleArn);
}

/**
 * Evaluates each action against the role's trust policy; the first denied one becomes the error. `context`
 * is built once, and only if a condition reads it.
 */
export function checkTrust(
  role: RoleRecord,
  principal: TrustPrincipal,
  callerArn: string,
  actions: readonly string[],
  context: () => TrustRequest['context'],
): StsServiceError | undefined {
  let built: TrustRequest['context'] | undefined;
  const contextOnce = (): TrustRequest['context'] => (built ??= context());
  for (const action of actions) {
    const decision = evaluateTrust(role.trustPolicy, action, principal, contextOnce);
    if (decision.effect === 'Deny') return notAuthorized(callerArn, action, role.arn);
  }
  return undefined;
}

/** The `aws:RequestTag/…`, `aws:TagKeys` and `aws:PrincipalTag/…` condition keys. */
export function tagContext(
  requestTags: ReadonlyMap<string, SessionTag>,
  principalTags: ReadonlyMap<string, SessionTag>,
): Record<string, string | readonly string[]> {
  const context: Record<string, string | readonly string[]> = {};
  for (const tag of requestTags.values()) context[`aws:RequestTag/${tag.key}`] = tag.value;
  if (requestTags.size > 0) context['aws:TagKeys'] = [...requestTags.values()].map((tag) => tag.key);
  for (const tag of principalTags.values()) context[`aws:PrincipalTag/${tag.key}`] = tag.value;
  return context;
}

/** The tags a principal carries into conditions: a user's tags, or a session's role tags overlaid by its session tags. */
export function principalTagsOf(principal: UserRecord | RoleSessionRecord): ReadonlyMap<string, SessionTag> {
  if (principal.kind === 'user') return principal.tags;
  return new Map([...principal.role.tags, ...principal.tags]);
}

/** What a new role session carries besides the request's own members: who gets it, and what it inherits. */
export interface RoleSessionGrant {
  /** ARN of the caller (or the web identity provider) the session is issued to. */
  readonly issuedTo: string;
  readonly sourceIdentity: string | undefined;
  readonly tags: ReadonlyMap<string, SessionTag>;
  /** Lower-cased keys of the tags that pass on to chained sessions. */
  readonly transitiveTagKeys: ReadonlySet<string>;
  readonly mfaAuthenticated: boolean;
  /** The smallest session token the caller asked for (see `minimumTokenSize`). */
  readonly minimumTokenBytes: number | undefined;
}

/** The result fields of a newly issued role session, for the action to place in its response. */
export interface IssuedRoleSession {
  /** `<Credentials>`. */
  readonly credentials: XmlFields;
  /** `<AssumedRoleUser>`. */
  readonly user: XmlFields;
  /** `PackedPolicySize` (also sent as `SessionTokenUtilization`); absent without policies or tags. */
  readonly packedPolicySize: number | undefined;
  readonly sessionTokenSize: number;
}

/**
 * The end every AssumeRole* action shares once the caller is trusted: checks the duration against the
 * role's `MaxSessionDuration` and the packed policy size, then stores the session and its temporary key.
 */
export function issueRoleSession(
  store: PrincipalStore,
  now: Date,
  role: RoleRecord,
  request: RoleSessionRequest,
  grant: RoleSessionGrant,
): IssuedRoleSession {
  if (request.durationSeconds !== undefined && request.durationSeconds > role.maxSessionDuration) {
    throw validationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  }
  const unknownArn = unknownPolicyArn(store, request.policyArns);
  if (unknownArn !== undefined) throw unknownArn;
  const packed = packedPolicySize(request, request.tags);

  const expiration = expiresAfter(now, request.durationSeconds ?? 3600);
  const session: RoleSessionRecord = {
    kind: 'assumed-role',
    arn: assumedRoleArn(role, request.sessionName),
    accountId: role.accountId,
    userId: `${role.roleId}:${request.sessionName}`,
    role,
    sessionName: request.sessionName,
    sourceIdentity: grant.sourceIdentity,
    tags: grant.tags,
    transitiveTagKeys: grant.transitiveTagKeys,
    policy: request.policy,
    policyArns: request.policyArns,
    issuedTo: grant.issuedTo,
    mfaAuthenticated: grant.mfaAuthenticated,
    expiration,
  };
  const key = store.addTemporaryKey(session, expiration, grant.mfaAuthenticated, grant.minimumTokenBytes);
  return {
    credentials: credentialsXml(key),
    user: { AssumedRoleId: session.userId, Arn: session.arn },
    packedPolicySize: packed,
    sessionTokenSize: sessionTokenSize(key),
  };
}

/** `arn:<partition>:sts::<acct>:assumed-role/<role>/<session>` for a role's session. */
function assumedRoleArn(role: RoleRecord, sessionName: string): string {
  return `arn:${partitionOf(role.arn)}:sts::${role.accountId}:assumed-role/${role.roleName}/${sessionName}`;
}
