import { deflateRawSync } from 'node:zlib';
import { StsServiceError } from './errors';
import type { QueryParams, QueryValue } from './query';
import { stringParam } from './query';
import type { KeyRecord, PrincipalStore, RoleRecord, RoleSessionRecord, SessionTag } from './store';
import { evaluateTrust } from './trust-policy';
import type { TrustPrincipal, TrustRequest } from './trust-policy';
import { ParamValidator, patterns, validationError } from './validation';
import type { XmlFields } from './xml';
import { credentialsXml, expiresAfter, sessionTokenSize } from './session-credentials';

/** The parameters AssumeRole and AssumeRoleWithWebIdentity share, validated. */
export interface RoleSessionRequest {
  readonly roleArn: string;
  readonly sessionName: string;
  readonly durationSeconds: number | undefined;
  readonly policy: string | undefined;
  readonly policyArns: readonly string[];
  readonly tags: ReadonlyMap<string, SessionTag>;
  readonly transitiveTagKeys: ReadonlySet<string>;
  readonly sourceIdentity: string | undefined;
}

const roleArnPattern = /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):role\/(?:[\u0021-\u007E]+\/)?[\w+=,.@-]+$/;

function list(value: QueryValue | undefined): readonly QueryValue[] | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? (value as readonly QueryValue[]) : [];
}

function field(value: QueryValue | undefined, name: string): string | undefined {
  if (value === undefined || typeof value === 'string' || Array.isArray(value)) return undefined;
  const member = (value as Readonly<Record<string, QueryValue>>)[name];
  return typeof member === 'string' ? member : undefined;
}

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
  const policy = stringParam(params, 'Policy');
  const sourceIdentity = stringParam(params, 'SourceIdentity');
  const policyArnItems = list(params['PolicyArns']);
  const tagItems = withTags ? list(params['Tags']) : undefined;
  const transitiveItems = withTags ? list(params['TransitiveTagKeys']) : undefined;

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
  validator.string('policy', policy, { min: 1, max: 2048, ...patterns.policy });
  validator.listLength('policyArns', policyArnItems, 10, `[${policyArnItems?.length ?? 0} policy ARNs]`);
  const policyArns: string[] = [];
  policyArnItems?.forEach((item, index) => {
    const arn = field(item, 'arn');
    validator.string(`policyArns.${index + 1}.member.arn`, arn, { min: 20, max: 2048, ...patterns.arn });
    if (arn !== undefined) policyArns.push(arn);
  });
  validator.listLength('tags', tagItems, 50, `[${tagItems?.length ?? 0} tags]`);
  const tagList: SessionTag[] = [];
  tagItems?.forEach((item, index) => {
    const key = field(item, 'Key');
    const value = field(item, 'Value') ?? '';
    if (validator.required(`tags.${index + 1}.member.key`, key)) {
      validator.string(`tags.${index + 1}.member.key`, key, { min: 1, max: 128, ...patterns.tagKey });
    }
    validator.string(`tags.${index + 1}.member.value`, value, { max: 256, ...patterns.tagValue });
    if (key !== undefined) tagList.push({ key, value });
  });
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
  const tags = new Map<string, SessionTag>();
  for (const tag of tagList) {
    const lower = tag.key.toLowerCase();
    if (tags.has(lower)) {
      return validationError('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    }
    tags.set(lower, tag);
  }
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
  if (policy !== undefined) {
    const policyError = checkSessionPolicy(policy);
    if (policyError !== undefined) return policyError;
  }
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

function checkSessionPolicy(policy: string): StsServiceError | undefined {
  let document: unknown;
  try {
    document = JSON.parse(policy);
  } catch {
    return new StsServiceError('MalformedPolicyDocument', 400, 'The policy is not in the valid JSON format.');
  }
  if (
    typeof document !== 'object' ||
    document === null ||
    Array.isArray(document) ||
    !('Statement' in document)
  ) {
    return new StsServiceError('MalformedPolicyDocument', 400, 'Syntax errors in policy.');
  }
  return undefined;
}

/** Bytes of packed (compressed) session data STS allows; the percentage it reports is relative to this. */
const packedBudgetBytes = 640;

/**
 * The `PackedPolicySize` percentage: session policy, managed policy ARNs and session tags, compressed.
 * An approximation of STS's packing (its format is not public): it grows with the same inputs and fails
 * with `PackedPolicyTooLarge` past 100%.
 */
function packedPolicySize(
  policy: string | undefined,
  policyArns: readonly string[],
  tags: ReadonlyMap<string, SessionTag>,
): number | undefined {
  if (policy === undefined && policyArns.length === 0 && tags.size === 0) return undefined;
  let packed = policy === undefined ? '' : JSON.stringify(JSON.parse(policy));
  for (const arn of policyArns) packed += arn;
  for (const tag of tags.values()) packed += `${tag.key}=${tag.value};`;
  return Math.max(1, Math.ceil((deflateRawSync(packed).length * 100) / packedBudgetBytes));
}

/** The packed size error STS answers with past 100%. */
function packedTooLarge(percent: number): StsServiceError {
  return new StsServiceError(
    'PackedPolicyTooLarge',
    400,
    `Packed policy consumes ${percent}% of allotted space, please use smaller policy.`,
  );
}

/** The principal a trust policy sees for a caller's key. */
export function trustPrincipalOf(key: KeyRecord): TrustPrincipal {
  const principal = key.principal;
  if (principal.kind === 'user') return { type: 'AWS', arn: principal.arn, accountId: principal.accountId };
  return { type: 'AWS', arn: principal.arn, accountId: principal.accountId, roleArn: principal.role.arn };
}

/** Looks a role up by its exact ARN (path included); callers answer `AccessDenied` when it is missing, as STS does. */
export function findRole(store: PrincipalStore, roleArn: string): RoleRecord | undefined {
  return store.roles.get(roleArn);
}

/** `AccessDenied` for a trust decision, worded as STS words it. */
export function notAuthorized(callerArn: string, action: string, roleArn: string): StsServiceError {
  return new StsServiceError(
    'AccessDenied',
    403,
    `User: ${callerArn} is not authorized to perform: ${action} on resource: ${roleArn}`,
  );
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
export function principalTagsOf(key: KeyRecord): ReadonlyMap<string, SessionTag> {
  const principal = key.principal;
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
  const packed = packedPolicySize(request.policy, request.policyArns, request.tags);
  if (packed !== undefined && packed > 100) throw packedTooLarge(packed);

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
  const partition = role.arn.split(':')[1] ?? 'aws';
  return `arn:${partition}:sts::${role.accountId}:assumed-role/${role.roleName}/${sessionName}`;
}
