// How IAM combines the policies that apply to one request of one principal, within its account (AWS's
// "policy evaluation logic"): an explicit Deny in any policy wins; otherwise the identity-based policies must
// allow the request, AND the permissions boundary when the principal has one, AND the session policies when
// the session has any (a federated user's session always has: without a policy it may do nothing).
// Resource-based policies, SCPs and RCPs are not modelled. Each policy is evaluated by ./policy-evaluation.
import type { KeyRecord, PrincipalStore, SessionTag, UserRecord } from './store';
import type { PrincipalPermissions } from './managed-policies';
import { compilePolicy, evaluateStatements } from './policy-evaluation';
import type { CompiledPolicy, CompiledStatement, EvaluationRequest } from './policy-evaluation';

/** The policy types a decision names, in AWS's own words (they appear in its AccessDenied messages). */
export type PolicyType = 'identity-based policy' | 'permissions boundary' | 'session policy';

/** `allow`, a Deny statement that applied, or no Allow where one was needed. */
export type AuthorizationDecision = 'allow' | 'explicitDeny' | 'implicitDeny';

/** The policies of one type that apply to a principal, and whether they must allow the request. */
interface PolicySet {
  readonly type: PolicyType;
  readonly policies: readonly CompiledPolicy[];
  /** Identity-based policies always; a boundary when set; session policies when the session has them. */
  readonly required: boolean;
}

/** The outcome: the decision, the policy type that made it, and the statements that applied. */
export interface Evaluation {
  readonly decision: AuthorizationDecision;
  readonly reason: PolicyType;
  /** The Deny statements for an explicit deny, the Allow statements for an allow, none for an implicit deny. */
  readonly matched: readonly CompiledStatement[];
}

/** Combines the policy sets for one request: explicit deny first, then every required set must allow. */
export function evaluatePolicySets(sets: readonly PolicySet[], request: EvaluationRequest): Evaluation {
  const outcomes = sets.map((set) => {
    const effects = set.policies.map((policy) => evaluateStatements(policy.statements, request));
    return { set, effects };
  });
  for (const { set, effects } of outcomes) {
    const denying = effects.filter((effect) => effect.effect === 'deny');
    if (denying.length > 0) {
      const matched = denying.flatMap((effect) => effect.matched.filter((statement) => statement.deny));
      return { decision: 'explicitDeny', reason: set.type, matched };
    }
  }
  const matched: CompiledStatement[] = [];
  for (const { set, effects } of outcomes) {
    if (!set.required) continue;
    const allowing = effects.filter((effect) => effect.effect === 'allow');
    if (allowing.length === 0) return { decision: 'implicitDeny', reason: set.type, matched: [] };
    for (const effect of allowing) matched.push(...effect.matched);
  }
  return { decision: 'allow', reason: 'identity-based policy', matched };
}

/** Session policies compiled once per session (the mock accepted them as JSON when the session was made). */
const sessionPolicies = new WeakMap<object, CompiledPolicy>();

/** The policy sets that apply to the principal of `key`. */
export function policySetsOf(store: PrincipalStore, key: KeyRecord): PolicySet[] {
  const principal = key.principal;
  if (principal.kind === 'user') return identitySets(store, principal.permissions);
  const owner =
    principal.kind === 'assumed-role' ? principal.role.permissions : issuingUser(store, principal.issuedTo);
  const sessionSet: PolicySet = {
    type: 'session policy',
    policies: [
      ...(principal.policy === undefined ? [] : [sessionPolicy(principal, principal.policy)]),
      ...managed(store, principal.policyArns),
    ],
    // A federated user's permissions are the intersection with its session policies, which it always has.
    required:
      principal.kind === 'federated-user' ||
      principal.policy !== undefined ||
      principal.policyArns.length > 0,
  };
  return [...identitySets(store, owner), sessionSet];
}

function issuingUser(store: PrincipalStore, userArn: string): PrincipalPermissions | undefined {
  const user: UserRecord | undefined = store.users.get(userArn);
  return user?.permissions;
}

function identitySets(store: PrincipalStore, permissions: PrincipalPermissions | undefined): PolicySet[] {
  const identity: PolicySet = {
    type: 'identity-based policy',
    policies: [...(permissions?.inline ?? []), ...managed(store, permissions?.managedPolicyArns ?? [])],
    required: true,
  };
  const boundaryArn = permissions?.permissionsBoundary;
  if (boundaryArn === undefined) return [identity];
  return [
    identity,
    { type: 'permissions boundary', policies: managed(store, [boundaryArn]), required: true },
  ];
}

function managed(store: PrincipalStore, arns: readonly string[]): CompiledPolicy[] {
  const policies: CompiledPolicy[] = [];
  for (const arn of arns) {
    const record = store.policies.get(arn);
    if (record !== undefined) policies.push(record.policy);
  }
  return policies;
}

function sessionPolicy(session: object, text: string): CompiledPolicy {
  let compiled = sessionPolicies.get(session);
  if (compiled === undefined) {
    compiled = compilePolicy(text, 'sessionPolicy', 'permissions');
    sessionPolicies.set(session, compiled);
  }
  return compiled;
}

/** The condition keys {@link requestContext} derives (lower-cased): a caller cannot supply them. */
export const derivedContextKeys: ReadonlySet<string> = new Set(
  [
    'aws:PrincipalArn',
    'aws:PrincipalAccount',
    'aws:PrincipalType',
    'aws:userid',
    'aws:username',
    'aws:SourceIdentity',
    'aws:RequestedRegion',
    'aws:SecureTransport',
    'aws:MultiFactorAuthPresent',
    'aws:CurrentTime',
    'aws:EpochTime',
  ].map((key) => key.toLowerCase()),
);
/** The prefix of the principal tag keys {@link requestContext} derives (lower-cased). */
export const derivedContextPrefix = 'aws:principaltag/';

/** The request's condition keys the mock knows from the signer and the request, by IAM's names. */
export function requestContext(
  key: KeyRecord,
  region: string | undefined,
  secure: boolean,
  now: Date,
): Record<string, string | readonly string[] | undefined> {
  const principal = key.principal;
  const context = Object.create(null) as Record<string, string | readonly string[] | undefined>;
  for (const tag of principalTags(principal).values()) context[`aws:PrincipalTag/${tag.key}`] = tag.value;
  context['aws:PrincipalArn'] = principal.kind === 'assumed-role' ? principal.role.arn : principal.arn;
  context['aws:PrincipalAccount'] = principal.accountId;
  context['aws:PrincipalType'] =
    principal.kind === 'user' ? 'User' : principal.kind === 'assumed-role' ? 'AssumedRole' : 'FederatedUser';
  context['aws:userid'] = principal.userId;
  context['aws:username'] = principal.kind === 'user' ? principal.userName : undefined;
  context['aws:SourceIdentity'] = principal.kind === 'assumed-role' ? principal.sourceIdentity : undefined;
  context['aws:RequestedRegion'] = region;
  context['aws:SecureTransport'] = String(secure);
  context['aws:MultiFactorAuthPresent'] =
    key.sessionToken === undefined ? undefined : String(key.mfaAuthenticated);
  context['aws:CurrentTime'] = now.toISOString();
  context['aws:EpochTime'] = String(Math.floor(now.getTime() / 1000));
  return context;
}

/** A user's tags; a role session's role tags overlaid by its session tags; a federated user's session tags. */
function principalTags(principal: KeyRecord['principal']): ReadonlyMap<string, SessionTag> {
  if (principal.kind === 'assumed-role') return new Map([...principal.role.tags, ...principal.tags]);
  return principal.tags;
}
