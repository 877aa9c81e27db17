// The IAM trust-policy evaluator: pure, no I/O. It follows IAM's documented evaluation logic for a role's
// trust (resource-based) policy: a statement applies when its principal, action and every condition match;
// an applicable Deny wins over any Allow; with no applicable Allow the answer is an implicit deny.
// Documents are copied into objects without a prototype before they are read, so a key such as `__proto__`
// or `constructor` is a key like any other and nothing inherited is ever taken for a field. Conditions
// (operators, policy variables) live in ./policy-conditions.
import { compileConditions, conditionHolds, contextLookup, isRecord } from './policy-conditions';
import type { CompiledCondition, ContextLookup, Fail } from './policy-conditions';
import { globMatches, wildcardGlob } from './wildcard';
import type { Glob } from './wildcard';

/** A policy element IAM accepts as one string or a list of strings. */
export type OneOrMany = string | readonly string[];

/** The `Principal` / `NotPrincipal` element: `"*"` or principals by type. */
export type PrincipalElement =
  | '*'
  | {
      AWS?: OneOrMany;
      Federated?: OneOrMany;
      Service?: OneOrMany;
      CanonicalUser?: OneOrMany;
    };

/** A value in a condition: IAM compares every value as a string (`true` and `"true"` are the same). */
export type ConditionValue = string | number | boolean;

/** `{ <operator>: { <condition key>: value | [values] } }`, e.g. `{ StringEquals: { 'sts:ExternalId': 'x' } }`. */
export type ConditionElement = Readonly<
  Record<string, Readonly<Record<string, ConditionValue | readonly ConditionValue[]>>>
>;

/** One statement of a trust policy. */
export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: PrincipalElement;
  NotPrincipal?: PrincipalElement;
  Action?: OneOrMany;
  NotAction?: OneOrMany;
  Condition?: ConditionElement;
}

/** A role's trust policy document. */
export interface PolicyDocument {
  Version: '2012-10-17' | '2008-10-17';
  Id?: string;
  Statement: PolicyStatement | readonly PolicyStatement[];
}

/** Who asks: an IAM user or role session (`roleArn` set for sessions), or a web identity provider. */
export type TrustPrincipal =
  { type: 'AWS'; arn: string; accountId: string; roleArn?: string } | { type: 'Federated'; provider: string };

/** One request to evaluate against a trust policy. */
export interface TrustRequest {
  /** `sts:AssumeRole`, `sts:TagSession`, `sts:SetSourceIdentity`, `sts:AssumeRoleWithWebIdentity`, … */
  action: string;
  principal: TrustPrincipal;
  /**
   * Condition keys as IAM spells them (looked up case-insensitively): `sts:ExternalId`,
   * `aws:MultiFactorAuthPresent` (`'true'`/`'false'`), `aws:PrincipalArn`, `aws:RequestTag/<key>`, … A key
   * that is absent or `undefined` is not present in the request.
   */
  context: Readonly<Record<string, string | readonly string[] | undefined>>;
}

/** The outcome: allowed, or denied by a matching Deny statement or for want of a matching Allow. */
export type TrustDecision =
  { effect: 'Allow' } | { effect: 'Deny'; reason: 'explicit-deny' | 'no-matching-allow' };

/**
 * A trust policy IAM would refuse, or one using a condition operator the mock cannot evaluate. Names the
 * field the document came from and where in it the problem is; `code` is the STS/IAM error code.
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

interface CompiledStatement {
  deny: boolean;
  principal: CompiledPrincipal | undefined;
  notPrincipal: CompiledPrincipal | undefined;
  /** Action patterns, lower-cased (actions match case-insensitively). */
  actions: readonly Glob[];
  notAction: boolean;
  conditions: readonly CompiledCondition[];
}

interface CompiledPrincipal {
  everyone: boolean;
  aws: readonly CompiledAwsPrincipal[];
  federated: readonly string[];
}

/** A `Principal.AWS` entry, classified once when the policy is checked rather than on every request. */
interface CompiledAwsPrincipal {
  entry: string;
  /** The account an account id or `…:root` entry trusts as a whole; `undefined` for an identity's ARN. */
  account: string | undefined;
}

const partitions = '(?:aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc)';
const accountIdPattern = /^\d{12}$/;
const accountRootPattern = new RegExp(`^arn:${partitions}:iam::(\\d{12}):root$`);
const iamEntityPattern = new RegExp(`^arn:${partitions}:iam::\\d{12}:(?:user|role)(?:/[\\w+=,.@-]+)+$`);
const stsSessionPattern = new RegExp(
  `^arn:${partitions}:sts::\\d{12}:(?:assumed-role/[\\w+=,.@-]+/[\\w+=,.@-]+|federated-user/[\\w+=,.@-]+)$`,
);
const actionPattern = /^(?:\*|[A-Za-z0-9-]+:[A-Za-z0-9*?]+)$/;

const statementFields = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Condition',
]);
const principalTypes = new Set(['AWS', 'Federated', 'Service', 'CanonicalUser']);

/**
 * Checks a trust policy the way IAM does when a role is created, and returns it as a typed document.
 * `json` may be the document or its JSON text; `field` names where it came from in errors (e.g.
 * `trustPolicy`). Throws {@link PolicyDocumentError} naming the field, the statement and the problem,
 * including for condition operators the mock does not evaluate (it never guesses).
 */
export function parsePolicyDocument(json: unknown, field: string): PolicyDocument {
  let document: unknown = json;
  if (typeof json === 'string') {
    try {
      document = JSON.parse(json);
    } catch (error) {
      throw new PolicyDocumentError(field, '', `is not valid JSON (${(error as Error).message})`);
    }
  }
  // A deep copy without prototypes, frozen once checked: later changes to the caller's object cannot change
  // a role's policy behind its back, and the checked form can be reused by every evaluation.
  const copy = plainCopy(document, field);
  const statements = compile(copy, field);
  const checked = copy as Omit<PolicyDocument, 'Version'> & { Version?: PolicyDocument['Version'] };
  checked.Version ??= '2008-10-17';
  const parsed = deepFreeze(checked as PolicyDocument);
  compiledDocuments.set(parsed, statements);
  return parsed;
}

/** Deeper than any policy IAM accepts (a document's values sit at most 6 levels down). */
const maxDepth = 32;

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

/** Checked forms of the (frozen) documents parsePolicyDocument returned. */
const compiledDocuments = new WeakMap<object, readonly CompiledStatement[]>();

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * Decides whether `request` is allowed by `policy`: explicit Deny wins, then any matching Allow, else an
 * implicit deny. Throws {@link PolicyDocumentError} if the document is not a valid trust policy.
 */
export function evaluateTrustPolicy(policy: PolicyDocument, request: TrustRequest): TrustDecision {
  return evaluateTrust(policy, request.action, request.principal, () => request.context);
}

/**
 * {@link evaluateTrustPolicy} with the condition context built on demand: `context` is called at most once,
 * and only when a condition is evaluated, so a policy without conditions never has it built.
 */
export function evaluateTrust(
  policy: PolicyDocument,
  action: string,
  principal: TrustPrincipal,
  context: () => TrustRequest['context'],
): TrustDecision {
  const statements = compiledDocuments.get(policy) ?? compile(plainCopy(policy, 'policy'), 'policy');
  const lookup = contextLookup(context);
  let allowed = false;
  for (const statement of statements) {
    if (!statementApplies(statement, action, principal, lookup)) continue;
    if (statement.deny) return { effect: 'Deny', reason: 'explicit-deny' };
    allowed = true;
  }
  return allowed ? { effect: 'Allow' } : { effect: 'Deny', reason: 'no-matching-allow' };
}

/**
 * The trust policy for the common case: let these principals assume the role, no conditions. Each entry
 * is an account id, an `…:root`, user, role or session ARN (`Principal.AWS`), or an OIDC/SAML provider ARN
 * (`Principal.Federated`). `action` defaults to `sts:AssumeRole` for AWS principals,
 * `sts:AssumeRoleWithWebIdentity` for OIDC providers and `sts:AssumeRoleWithSAML` for SAML providers.
 */
export function trustPolicyFor(trustedPrincipals: readonly string[], action?: string): PolicyDocument {
  if (!Array.isArray(trustedPrincipals) || trustedPrincipals.length === 0) {
    throw new PolicyDocumentError('trustedPrincipals', '', 'must be a non-empty array of principal ARNs');
  }
  if (action !== undefined && !actionPattern.test(action)) {
    throw new PolicyDocumentError('action', '', `'${action}' is not an action like 'sts:AssumeRole'`);
  }
  // One statement per action and principal type, in the order the principals were given.
  const statements: { action: string; type: 'AWS' | 'Federated'; values: string[] }[] = [];
  trustedPrincipals.forEach((entry: unknown, index) => {
    const kind = principalKind(entry);
    if (kind === undefined) {
      throw new PolicyDocumentError(
        `trustedPrincipals[${index}]`,
        '',
        `${show(entry)} is not an account id, an IAM user, role or session ARN, or an OIDC/SAML provider ARN`,
      );
    }
    const statementAction = action ?? defaultActions[kind];
    const type = kind === 'AWS' ? 'AWS' : 'Federated';
    const existing = statements.find((s) => s.action === statementAction && s.type === type);
    if (existing === undefined) statements.push({ action: statementAction, type, values: [entry as string] });
    else existing.values.push(entry as string);
  });
  const document: PolicyDocument = {
    Version: '2012-10-17',
    Statement: statements.map(({ action: statementAction, type, values }) => ({
      Effect: 'Allow' as const,
      Principal: type === 'AWS' ? { AWS: values } : { Federated: values },
      Action: statementAction,
    })),
  };
  return parsePolicyDocument(document, 'trustedPrincipals');
}

const defaultActions = {
  AWS: 'sts:AssumeRole',
  oidc: 'sts:AssumeRoleWithWebIdentity',
  saml: 'sts:AssumeRoleWithSAML',
} as const;

const oidcProviderPattern = new RegExp(`^arn:${partitions}:iam::\\d{12}:oidc-provider/[^*?\\s]+$`);
const samlProviderPattern = new RegExp(`^arn:${partitions}:iam::\\d{12}:saml-provider/[\\w.-]+$`);

function principalKind(entry: unknown): keyof typeof defaultActions | undefined {
  if (typeof entry !== 'string') return undefined;
  if (oidcProviderPattern.test(entry)) return 'oidc';
  if (samlProviderPattern.test(entry)) return 'saml';
  return isAwsPrincipal(entry) && entry !== '*' ? 'AWS' : undefined;
}

function isAwsPrincipal(value: string): boolean {
  return (
    value === '*' ||
    accountIdPattern.test(value) ||
    accountRootPattern.test(value) ||
    iamEntityPattern.test(value) ||
    stsSessionPattern.test(value)
  );
}

// ---- compilation (validation) ----

/** A user-supplied value for an error message. */
function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'bigint') return `${value}n`;
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return typeof value;
  return JSON.stringify(value);
}

function compile(document: unknown, field: string): CompiledStatement[] {
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
    const compiled = compileStatement(statement, path, variables, fail);
    if (isRecord(statement) && typeof statement.Sid === 'string') {
      if (sids.has(statement.Sid)) fail(`${path}.Sid`, `'${statement.Sid}' is used by another statement`);
      sids.add(statement.Sid);
    }
    return compiled;
  });
}

function compileStatement(
  statement: unknown,
  path: string,
  variables: boolean,
  fail: Fail,
): CompiledStatement {
  if (!isRecord(statement)) return fail(path, 'must be a statement object');
  for (const key of Object.keys(statement)) {
    if (key === 'Resource' || key === 'NotResource') {
      fail(`${path}.${key}`, `a trust policy has no ${key} (the role is the resource)`);
    }
    if (!statementFields.has(key)) fail(`${path}.${key}`, 'unknown field');
  }
  if (statement.Sid !== undefined && typeof statement.Sid !== 'string')
    fail(`${path}.Sid`, 'must be a string');
  const effect = statement.Effect;
  if (effect !== 'Allow' && effect !== 'Deny') {
    fail(`${path}.Effect`, `${show(effect)} is not 'Allow' or 'Deny'`);
  }
  if ((statement.Principal === undefined) === (statement.NotPrincipal === undefined)) {
    fail(path, 'needs exactly one of Principal or NotPrincipal');
  }
  if (statement.NotPrincipal !== undefined && effect === 'Allow') {
    fail(`${path}.NotPrincipal`, 'IAM supports NotPrincipal only with "Effect": "Deny"');
  }
  if ((statement.Action === undefined) === (statement.NotAction === undefined)) {
    fail(path, 'needs exactly one of Action or NotAction');
  }
  const actionField = statement.Action === undefined ? 'NotAction' : 'Action';
  return {
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
    conditions:
      statement.Condition === undefined
        ? []
        : compileConditions(statement.Condition, `${path}.Condition`, variables, fail),
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
      // Service and CanonicalUser principals are valid but never sign STS calls to this mock.
    }
  }
  return compiled;
}

// ---- evaluation ----

function statementApplies(
  statement: CompiledStatement,
  action: string,
  principal: TrustPrincipal,
  lookup: ContextLookup,
): boolean {
  const lowerAction = action.toLowerCase();
  const actionListed = statement.actions.some((pattern) => globMatches(pattern, lowerAction));
  if (actionListed === statement.notAction) return false;
  if (statement.principal !== undefined && !principalMatches(statement.principal, principal)) return false;
  if (statement.notPrincipal !== undefined && principalMatches(statement.notPrincipal, principal)) {
    return false;
  }
  return statement.conditions.every((condition) => conditionHolds(condition, lookup));
}

function principalMatches(element: CompiledPrincipal, principal: TrustPrincipal): boolean {
  if (element.everyone) return true;
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
