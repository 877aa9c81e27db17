// The one IAM policy evaluator: pure, no I/O. Trust policies, identity-based policies, permissions
// boundaries and session policies are all checked (when a principal or session gets them) and evaluated here,
// statement by statement: a statement applies when its principal (trust policies), action, resource
// (permission policies) and every condition match. Documents are copied into objects without a prototype
// before they are read, so `__proto__` or `constructor` is a key like any other. Wildcards match through
// ./wildcard and conditions and policy variables through ./policy-conditions, so time stays linear in the
// document and the request (no backtracking). How policies of different types combine is ./authorization.
import { arnMatcher, compileConditions, conditionHolds, contextLookup, isRecord } from './policy-conditions';
import type { CompiledCondition, ContextLookup, Fail, Matcher } from './policy-conditions';
import type { ConditionElement, OneOrMany, TrustPrincipal } from './trust-policy';
import { globMatches, wildcardGlob } from './wildcard';
import type { Glob } from './wildcard';

/**
 * A policy IAM would refuse, or one using a condition operator the mock cannot evaluate. Names the field the
 * document came from and where in it the problem is; `code` is the STS/IAM error code.
 */
export class PolicyDocumentError extends TypeError {
  override readonly name = 'PolicyDocumentError';
  readonly code = 'MalformedPolicyDocument';
  /** The option or parameter the document came from, e.g. `trustPolicy`. */
  readonly field: string;
  /** Where in the document, e.g. `Statement[0].Condition`; empty for the document itself. */
  readonly path: string;

  constructor(field: string, path: string, reason: string) {
    super(`${path === '' ? field : `${field}.${path}`}: ${reason}`);
    this.field = field;
    this.path = path;
  }
}

/** One statement of a permissions policy (identity-based policy, permissions boundary or session policy). */
export interface PermissionPolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: OneOrMany;
  NotAction?: OneOrMany;
  /** Resource ARNs (wildcards and policy variables allowed) or `"*"`. */
  Resource?: OneOrMany;
  NotResource?: OneOrMany;
  Condition?: ConditionElement;
}

/** A permissions policy document: an identity-based policy, a permissions boundary or a session policy. */
export interface PermissionPolicyDocument {
  Version: '2012-10-17' | '2008-10-17';
  Id?: string;
  Statement: PermissionPolicyStatement | readonly PermissionPolicyStatement[];
}

/**
 * `trust`: a role's trust policy (Principal, no Resource). `permissions`: an identity-based policy, a
 * permissions boundary or a session policy (Resource, no Principal).
 */
export type PolicyKind = 'trust' | 'permissions';

/** One statement, checked and ready to evaluate. */
export interface CompiledStatement {
  readonly sid: string | undefined;
  readonly deny: boolean;
  readonly principal: CompiledPrincipal | undefined;
  readonly notPrincipal: CompiledPrincipal | undefined;
  /** Action patterns, lower-cased (actions match case-insensitively). */
  readonly actions: readonly Glob[];
  readonly notAction: boolean;
  /** Resource matchers (`undefined` in trust policies, where the role is the resource). */
  readonly resources: readonly Matcher[] | undefined;
  readonly notResource: boolean;
  readonly conditions: readonly CompiledCondition[];
  /** The statement as written (frozen, without prototypes): what a decoded authorization message shows. */
  readonly source: Readonly<Record<string, unknown>>;
}

/** A checked policy: the frozen document and its statements. */
export interface CompiledPolicy {
  readonly document: Readonly<Record<string, unknown>>;
  readonly statements: readonly CompiledStatement[];
}

export interface CompiledPrincipal {
  readonly everyone: boolean;
  readonly aws: readonly CompiledAwsPrincipal[];
  readonly federated: readonly string[];
}

/** A `Principal.AWS` entry, classified once when the policy is checked rather than on every request. */
interface CompiledAwsPrincipal {
  readonly entry: string;
  /** The account an account id or `…:root` entry trusts as a whole; `undefined` for an identity's ARN. */
  readonly account: string | undefined;
}

export const partitionNames = '(?:aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc)';
const accountIdPattern = /^\d{12}$/;
const accountRootPattern = new RegExp(`^arn:${partitionNames}:iam::(\\d{12}):root$`);
const iamEntityPattern = new RegExp(`^arn:${partitionNames}:iam::\\d{12}:(?:user|role)(?:/[\\w+=,.@-]+)+$`);
const stsSessionPattern = new RegExp(
  `^arn:${partitionNames}:sts::\\d{12}:(?:assumed-role/[\\w+=,.@-]+/[\\w+=,.@-]+|federated-user/[\\w+=,.@-]+)$`,
);
/** An action as policies name it: `service:Action`, wildcards allowed, or `*`. */
export const actionPattern = /^(?:\*|[A-Za-z0-9-]+:[A-Za-z0-9*?]+)$/;

const fieldsByKind: Readonly<Record<PolicyKind, ReadonlySet<string>>> = {
  trust: new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Condition']),
  permissions: new Set(['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']),
};
const principalTypes = new Set(['AWS', 'Federated', 'Service', 'CanonicalUser']);

/** Whether `value` is a valid `Principal.AWS` entry: `*`, an account, or a user, role or session ARN. */
export function isAwsPrincipal(value: string): boolean {
  return (
    value === '*' ||
    accountIdPattern.test(value) ||
    accountRootPattern.test(value) ||
    iamEntityPattern.test(value) ||
    stsSessionPattern.test(value)
  );
}

/** Deeper than any policy IAM accepts (a document's values sit at most 6 levels down). */
const maxDepth = 32;

/**
 * Checks a policy the way IAM does when it is created or attached: `json` is the document or its JSON text,
 * `field` names where it came from in errors. Throws {@link PolicyDocumentError} naming the field, the
 * statement and the problem, including for condition operators the mock does not evaluate (it never
 * guesses). The document returned is a frozen copy: later changes to the caller's object change nothing.
 */
export function compilePolicy(json: unknown, field: string, kind: PolicyKind): CompiledPolicy {
  let document: unknown = json;
  if (typeof json === 'string') {
    try {
      document = JSON.parse(json);
    } catch (error) {
      throw new PolicyDocumentError(field, '', `is not valid JSON (${(error as Error).message})`);
    }
  }
  const copy = plainCopy(document, field);
  const statements = compile(copy, field, kind);
  const checked = copy as Record<string, unknown>;
  checked.Version ??= '2008-10-17';
  return { document: deepFreeze(checked), statements };
}

/**
 * `value` with every object copied into one without a prototype (own enumerable string keys only) and every
 * array copied; other values as they are. A cycle or nesting past {@link maxDepth} is a PolicyDocumentError.
 */
function plainCopy(value: unknown, field: string, depth = 0): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= maxDepth) {
    throw new PolicyDocumentError(field, '', `is nested more than ${maxDepth} levels deep (or is circular)`);
  }
  if (Array.isArray(value)) return value.map((item: unknown) => plainCopy(item, field, depth + 1));
  const copy = Object.create(null) as Record<string, unknown>;
  for (const [key, child] of Object.entries(value)) copy[key] = plainCopy(child, field, depth + 1);
  return copy;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** A user-supplied value for an error message. */
export function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'bigint') return `${value}n`;
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return typeof value;
  return JSON.stringify(value);
}

function compile(document: unknown, field: string, kind: PolicyKind): CompiledStatement[] {
  const fail = (path: string, reason: string): never => {
    throw new PolicyDocumentError(field, path, reason);
  };
  if (!isRecord(document)) return fail('', 'must be a policy document object');
  for (const key of Object.keys(document)) {
    if (key !== 'Version' && key !== 'Id' && key !== 'Statement') fail(key, 'unknown field');
  }
  const version = document.Version;
  if (version !== undefined && version !== '2012-10-17' && version !== '2008-10-17') {
    fail('Version', `${show(version)} is not '2012-10-17' or '2008-10-17'`);
  }
  if (document.Id !== undefined && typeof document.Id !== 'string') fail('Id', 'must be a string');
  const raw = document.Statement;
  if (raw === undefined) return fail('Statement', 'is required');
  const list: unknown[] = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) fail('Statement', 'must hold at least one statement');
  const variables = version === '2012-10-17';
  const sids = new Set<string>();
  return list.map((statement, index) => {
    const path = Array.isArray(raw) ? `Statement[${index}]` : 'Statement';
    const compiled = compileStatement(statement, path, variables, kind, fail);
    if (compiled.sid !== undefined) {
      if (sids.has(compiled.sid)) fail(`${path}.Sid`, `'${compiled.sid}' is used by another statement`);
      sids.add(compiled.sid);
    }
    return compiled;
  });
}

function compileStatement(
  statement: unknown,
  path: string,
  variables: boolean,
  kind: PolicyKind,
  fail: Fail,
): CompiledStatement {
  if (!isRecord(statement)) return fail(path, 'must be a statement object');
  const trust = kind === 'trust';
  for (const key of Object.keys(statement)) {
    if (trust && (key === 'Resource' || key === 'NotResource')) {
      fail(`${path}.${key}`, `a trust policy has no ${key} (the role is the resource)`);
    }
    if (!trust && (key === 'Principal' || key === 'NotPrincipal')) {
      fail(`${path}.${key}`, `a permissions policy has no ${key} (the principal is whoever holds it)`);
    }
    if (!fieldsByKind[kind].has(key)) fail(`${path}.${key}`, 'unknown field');
  }
  if (statement.Sid !== undefined && typeof statement.Sid !== 'string')
    fail(`${path}.Sid`, 'must be a string');
  const effect = statement.Effect;
  if (effect !== 'Allow' && effect !== 'Deny') {
    fail(`${path}.Effect`, `${show(effect)} is not 'Allow' or 'Deny'`);
  }
  if (trust && (statement.Principal === undefined) === (statement.NotPrincipal === undefined)) {
    fail(path, 'needs exactly one of Principal or NotPrincipal');
  }
  if (statement.NotPrincipal !== undefined && effect === 'Allow') {
    fail(`${path}.NotPrincipal`, 'IAM supports NotPrincipal only with "Effect": "Deny"');
  }
  if ((statement.Action === undefined) === (statement.NotAction === undefined)) {
    fail(path, 'needs exactly one of Action or NotAction');
  }
  if (!trust && (statement.Resource === undefined) === (statement.NotResource === undefined)) {
    fail(path, 'needs exactly one of Resource or NotResource');
  }
  const actionField = statement.Action === undefined ? 'NotAction' : 'Action';
  const resourceField = statement.Resource === undefined ? 'NotResource' : 'Resource';
  return {
    sid: statement.Sid,
    deny: effect === 'Deny',
    principal:
      statement.Principal === undefined
        ? undefined
        : compilePrincipal(statement.Principal, `${path}.Principal`, fail),
    notPrincipal:
      statement.NotPrincipal === undefined
        ? undefined
        : compilePrincipal(statement.NotPrincipal, `${path}.NotPrincipal`, fail),
    actions: strings(statement[actionField], `${path}.${actionField}`, fail).map((action, index) => {
      if (!actionPattern.test(action)) {
        fail(`${path}.${actionField}[${index}]`, `'${action}' is not an action like 'sts:AssumeRole'`);
      }
      return wildcardGlob(action.toLowerCase());
    }),
    notAction: actionField === 'NotAction',
    resources: trust
      ? undefined
      : strings(statement[resourceField], `${path}.${resourceField}`, fail).map((resource) =>
          resource === '*'
            ? () => true
            : arnMatcher(resource, `${path}.${resourceField}`, variables, (at, reason) =>
                fail(at, `${reason}: IAM wants an ARN or "*" here`),
              ),
        ),
    notResource: resourceField === 'NotResource',
    conditions:
      statement.Condition === undefined
        ? []
        : compileConditions(statement.Condition, `${path}.Condition`, variables, fail),
    source: statement,
  };
}

function strings(value: unknown, path: string, fail: Fail): string[] {
  const list: unknown[] = Array.isArray(value) ? value : [value];
  if (list.length === 0) fail(path, 'must not be empty');
  return list.map((item) =>
    typeof item === 'string' && item !== '' ? item : fail(path, 'must hold non-empty strings'),
  );
}

function compilePrincipal(element: unknown, path: string, fail: Fail): CompiledPrincipal {
  if (element === '*') return { everyone: true, aws: [], federated: [] };
  if (!isRecord(element) || Object.keys(element).length === 0) {
    return fail(path, 'must be "*" or an object such as { "AWS": "<arn>" }');
  }
  const compiled = { everyone: false, aws: [] as CompiledAwsPrincipal[], federated: [] as string[] };
  for (const [type, value] of Object.entries(element)) {
    if (!principalTypes.has(type))
      fail(`${path}.${type}`, 'unknown principal type (use AWS, Federated, Service or CanonicalUser)');
    for (const entry of strings(value, `${path}.${type}`, fail)) {
      if (entry === '*') {
        compiled.everyone = true;
      } else if (entry.includes('*') || entry.includes('?')) {
        fail(
          `${path}.${type}`,
          `Invalid principal in policy: "${type}":"${entry}" (IAM allows no wildcards here)`,
        );
      } else if (type === 'AWS') {
        if (!isAwsPrincipal(entry)) fail(`${path}.AWS`, `Invalid principal in policy: "AWS":"${entry}"`);
        compiled.aws.push({
          entry,
          account: accountIdPattern.test(entry) ? entry : accountRootPattern.exec(entry)?.[1],
        });
      } else if (type === 'Federated') {
        compiled.federated.push(entry);
      }
      // Service and CanonicalUser principals are valid but never sign requests to this mock.
    }
  }
  return compiled;
}

// ---- evaluation ----

/** What one policy is evaluated against. */
export interface EvaluationRequest {
  readonly action: string;
  /** The resource ARN (`*` for actions without one); ignored by trust policies. */
  readonly resource?: string;
  /** Who asks; checked against `Principal`/`NotPrincipal` (trust policies only). */
  readonly principal?: TrustPrincipal;
  readonly lookup: ContextLookup;
}

/** One policy's answer: an applicable Deny, an applicable Allow, or neither; and the statements that applied. */
export interface PolicyEffect {
  readonly effect: 'deny' | 'allow' | 'none';
  readonly matched: readonly CompiledStatement[];
}

/** Evaluates one policy's statements: an applicable Deny wins over any applicable Allow. */
export function evaluateStatements(
  statements: readonly CompiledStatement[],
  request: EvaluationRequest,
): PolicyEffect {
  const lowerAction = request.action.toLowerCase();
  const matched: CompiledStatement[] = [];
  let effect: PolicyEffect['effect'] = 'none';
  for (const statement of statements) {
    if (!statementApplies(statement, lowerAction, request)) continue;
    matched.push(statement);
    if (statement.deny) effect = 'deny';
    else if (effect === 'none') effect = 'allow';
  }
  return { effect, matched };
}

function statementApplies(
  statement: CompiledStatement,
  lowerAction: string,
  request: EvaluationRequest,
): boolean {
  const actionListed = statement.actions.some((pattern) => globMatches(pattern, lowerAction));
  if (actionListed === statement.notAction) return false;
  if (statement.resources !== undefined) {
    const resource = request.resource ?? '*';
    const listed = statement.resources.some((matches) => matches(resource, request.lookup));
    if (listed === statement.notResource) return false;
  }
  const principal = request.principal;
  if (statement.principal !== undefined && !principalMatches(statement.principal, principal)) return false;
  if (statement.notPrincipal !== undefined && principalMatches(statement.notPrincipal, principal)) {
    return false;
  }
  return statement.conditions.every((condition) => conditionHolds(condition, request.lookup));
}

function principalMatches(element: CompiledPrincipal, principal: TrustPrincipal | undefined): boolean {
  if (element.everyone) return true;
  if (principal === undefined) return false;
  if (principal.type === 'Federated') return element.federated.includes(principal.provider);
  return element.aws.some(({ entry, account }) => {
    if (account !== undefined) {
      // An account principal trusts every identity of that account (in the same partition for …:root).
      return principal.accountId === account && (entry === account || samePartition(entry, principal.arn));
    }
    return entry === principal.arn || entry === principal.roleArn;
  });
}

function samePartition(a: string, b: string): boolean {
  return a.split(':')[1] === b.split(':')[1];
}

/** What {@link evaluatePolicy} checks a policy against. */
export interface PolicyRequest {
  /** e.g. `s3:GetObject`. */
  readonly action: string;
  /** e.g. `arn:aws:s3:::bucket/key`, or `*`. */
  readonly resource: string;
  /** Condition keys (looked up case-insensitively), e.g. `{ 's3:prefix': '2026/', 'aws:username': 'alice' }`. */
  readonly context?: Readonly<Record<string, string | readonly string[] | undefined>>;
}

/**
 * Evaluates one permissions policy on its own, offline: `explicitDeny` when a Deny statement applies, else
 * `allow` when an Allow statement does, else `implicitDeny`. Throws {@link PolicyDocumentError} for a document
 * IAM would refuse.
 */
export function evaluatePolicy(
  document: PermissionPolicyDocument | string,
  request: PolicyRequest,
): 'allow' | 'explicitDeny' | 'implicitDeny' {
  const { statements } = compilePolicy(document, 'policy', 'permissions');
  const context = request.context ?? {};
  const { effect } = evaluateStatements(statements, {
    action: request.action,
    resource: request.resource,
    lookup: contextLookup(() => context),
  });
  return effect === 'deny' ? 'explicitDeny' : effect === 'allow' ? 'allow' : 'implicitDeny';
}
