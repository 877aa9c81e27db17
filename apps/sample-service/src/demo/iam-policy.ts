/**
 * Just enough IAM policy evaluation for the demo S3 bucket: Allow/Deny statements with Action/NotAction
 * and Resource wildcards, and the condition operators a prefix-narrowing session policy uses. An operator
 * it does not know is an error, never silently ignored.
 */

type OneOrMany<T> = T | readonly T[];

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: OneOrMany<string>;
  NotAction?: OneOrMany<string>;
  Resource?: OneOrMany<string>;
  Condition?: Readonly<Record<string, Readonly<Record<string, OneOrMany<string>>>>>;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: OneOrMany<PolicyStatement>;
}

export interface PolicyRequest {
  /** e.g. `s3:GetObject` */
  action: string;
  /** e.g. `arn:aws:s3:::bucket/key` */
  resource: string;
  /** Condition keys present in the request, e.g. `{ 's3:prefix': '2026/' }`. */
  context: Readonly<Record<string, string>>;
}

/** `explicit-deny` beats `allow`; `implicit-deny` means no statement allowed the request. */
export type PolicyDecision = 'allow' | 'explicit-deny' | 'implicit-deny';

function list<T>(value: OneOrMany<T> | undefined): readonly T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? (value as readonly T[]) : [value as T];
}

function wildcard(pattern: string, flags: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, flags);
}

/** Action names are case-insensitive; resource ARNs and condition values are not. */
const matchesAction = (pattern: string, action: string) => wildcard(pattern, 'i').test(action);
const matchesValue = (pattern: string, value: string) => wildcard(pattern, '').test(value);

const supportedOperators = new Set(['StringEquals', 'StringNotEquals', 'StringLike', 'StringNotLike']);

function conditionHolds(
  operator: string,
  key: string,
  expected: readonly string[],
  context: PolicyRequest['context'],
) {
  const ifExists = operator.endsWith('IfExists');
  const base = ifExists ? operator.slice(0, -'IfExists'.length) : operator;
  if (!supportedOperators.has(base)) throw new Error(`unsupported condition operator ${operator}`);
  const actual = context[key];
  if (actual === undefined) return ifExists || base === 'StringNotEquals' || base === 'StringNotLike';
  switch (base) {
    case 'StringEquals':
      return expected.includes(actual);
    case 'StringNotEquals':
      return !expected.includes(actual);
    case 'StringLike':
      return expected.some((pattern) => matchesValue(pattern, actual));
    default: // StringNotLike
      return !expected.some((pattern) => matchesValue(pattern, actual));
  }
}

function statementApplies(statement: PolicyStatement, request: PolicyRequest): boolean {
  const actionMatches =
    statement.NotAction === undefined
      ? list(statement.Action).some((pattern) => matchesAction(pattern, request.action))
      : !list(statement.NotAction).some((pattern) => matchesAction(pattern, request.action));
  if (!actionMatches) return false;
  if (!list(statement.Resource).some((pattern) => matchesValue(pattern, request.resource))) return false;
  return Object.entries(statement.Condition ?? {}).every(([operator, keys]) =>
    Object.entries(keys).every(([key, values]) =>
      conditionHolds(operator, key, list(values), request.context),
    ),
  );
}

/** Evaluates one policy document for one request. */
export function evaluatePolicy(policy: PolicyDocument, request: PolicyRequest): PolicyDecision {
  const applying = list(policy.Statement).filter((statement) => statementApplies(statement, request));
  if (applying.some((statement) => statement.Effect === 'Deny')) return 'explicit-deny';
  return applying.some((statement) => statement.Effect === 'Allow') ? 'allow' : 'implicit-deny';
}

/** Parses a session policy as STS received it (JSON text); anything else is not a policy document. */
export function parsePolicy(text: string): PolicyDocument {
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null || !('Statement' in parsed)) {
    throw new Error('not an IAM policy document: no Statement');
  }
  return parsed as PolicyDocument;
}
