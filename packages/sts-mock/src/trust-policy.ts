// Trust policies: a role's resource-based policy, checked and evaluated by the one policy evaluator
// (./policy-evaluation): a statement applies when its principal, action and every condition match; an
// applicable Deny wins over any Allow; with no applicable Allow the answer is an implicit deny.
import { contextLookup } from './policy-conditions';
import {
  PolicyDocumentError,
  actionPattern,
  compilePolicy,
  evaluateStatements,
  isAwsPrincipal,
  partitionNames,
  show,
} from './policy-evaluation';
import type { CompiledStatement } from './policy-evaluation';

export { PolicyDocumentError };

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
 * Checks a trust policy the way IAM does when a role is created, and returns it as a typed document.
 * `json` may be the document or its JSON text; `field` names where it came from in errors (e.g.
 * `trustPolicy`). Throws {@link PolicyDocumentError} naming the field, the statement and the problem,
 * including for condition operators the mock does not evaluate (it never guesses).
 */
export function parsePolicyDocument(json: unknown, field: string): PolicyDocument {
  const { document, statements } = compilePolicy(json, field, 'trust');
  const parsed = document as unknown as PolicyDocument;
  compiledDocuments.set(parsed, statements);
  return parsed;
}

/** Checked forms of the (frozen) documents parsePolicyDocument returned. */
const compiledDocuments = new WeakMap<object, readonly CompiledStatement[]>();

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
  const statements = compiledDocuments.get(policy) ?? compilePolicy(policy, 'policy', 'trust').statements;
  const { effect } = evaluateStatements(statements, { action, principal, lookup: contextLookup(context) });
  if (effect === 'allow') return { effect: 'Allow' };
  return { effect: 'Deny', reason: effect === 'deny' ? 'explicit-deny' : 'no-matching-allow' };
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

const oidcProviderPattern = new RegExp(`^arn:${partitionNames}:iam::\\d{12}:oidc-provider/[^*?\\s]+$`);
const samlProviderPattern = new RegExp(`^arn:${partitionNames}:iam::\\d{12}:saml-provider/[\\w.-]+$`);

function principalKind(entry: unknown): keyof typeof defaultActions | undefined {
  if (typeof entry !== 'string') return undefined;
  if (oidcProviderPattern.test(entry)) return 'oidc';
  if (samlProviderPattern.test(entry)) return 'saml';
  return isAwsPrincipal(entry) && entry !== '*' ? 'AWS' : undefined;
}
