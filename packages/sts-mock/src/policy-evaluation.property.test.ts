import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { evaluatePolicySets } from './authorization';
import type { PolicyType } from './authorization';
import { PolicyDocumentError, compilePolicy, evaluatePolicy, evaluateStatements } from './policy-evaluation';
import type { CompiledPolicy, PermissionPolicyStatement } from './policy-evaluation';

// The evaluator's invariants, whatever the policies: a session policy (or boundary) only ever narrows; a Deny
// that applies anywhere denies; any JSON gives a decision or a PolicyDocumentError and leaves Object.prototype
// alone; hostile wildcard patterns and variables are matched without backtracking.

const prototypeNames = Object.getOwnPropertyNames(Object.prototype);

const statement: fc.Arbitrary<PermissionPolicyStatement> = fc.record(
  {
    Effect: fc.constantFrom('Allow' as const, 'Deny' as const),
    Action: fc.constantFrom('s3:GetObject', 's3:*', '*', 'iam:*', ['s3:Put*', 's3:GetObject']),
    Resource: fc.constantFrom(
      '*',
      'arn:aws:s3:::b/*',
      'arn:aws:s3:::c/*',
      'arn:aws:s3:::${aws:username}/*',
      'arn:aws:s3:::b/${aws:PrincipalTag/team}/*',
    ),
    Condition: fc.constantFrom(
      { StringEquals: { 'aws:username': 'alice' } },
      { StringNotEquals: { 'aws:PrincipalTag/team': 'web' } },
      { Null: { 'aws:SourceIdentity': 'true' } },
    ),
  },
  { requiredKeys: ['Effect', 'Action', 'Resource'] },
);
const policy = fc
  .array(statement, { minLength: 1, maxLength: 4 })
  .map((Statement) => compilePolicy({ Version: '2012-10-17', Statement }, 'policy', 'permissions'));
const request = fc.record({
  action: fc.constantFrom('s3:GetObject', 's3:PutObject', 'iam:CreateUser'),
  resource: fc.constantFrom('arn:aws:s3:::b/web/k', 'arn:aws:s3:::c/k', 'arn:aws:s3:::alice/k', '*'),
  context: fc.dictionary(
    fc.constantFrom('aws:username', 'aws:principaltag/team', 'aws:sourceidentity'),
    fc.constantFrom('alice', 'web', 'x'),
  ),
});
const evaluationRequest = (r: { action: string; resource: string; context: Record<string, string> }) => ({
  action: r.action,
  resource: r.resource,
  lookup: (key: string) => (Object.hasOwn(r.context, key) ? [r.context[key]!] : undefined),
});
const set = (type: PolicyType, policies: CompiledPolicy[], required = true) => ({ type, policies, required });

describe('how policies combine', () => {
  test('adding session policies or a boundary never turns a denial into an allow', () => {
    fc.assert(
      fc.property(
        fc.array(policy, { maxLength: 3 }),
        policy,
        policy,
        request,
        (identity, session, boundary, r) => {
          const req = evaluationRequest(r);
          const before = evaluatePolicySets([set('identity-based policy', identity)], req).decision;
          const withSession = evaluatePolicySets(
            [set('identity-based policy', identity), set('session policy', [session])],
            req,
          ).decision;
          const withBoundary = evaluatePolicySets(
            [set('identity-based policy', identity), set('permissions boundary', [boundary])],
            req,
          ).decision;
          if (before !== 'allow') {
            expect(withSession).not.toBe('allow');
            expect(withBoundary).not.toBe('allow');
          }
        },
      ),
    );
  });

  test('a Deny that applies in any policy of any type is an explicit deny', () => {
    fc.assert(
      fc.property(
        fc.array(policy, { minLength: 1, maxLength: 3 }),
        policy,
        policy,
        request,
        (identity, session, boundary, r) => {
          const req = evaluationRequest(r);
          const all = [...identity, session, boundary];
          const anyDeny = all.some((p) => evaluateStatements(p.statements, req).effect === 'deny');
          const decision = evaluatePolicySets(
            [
              set('identity-based policy', identity),
              set('permissions boundary', [boundary]),
              set('session policy', [session]),
            ],
            req,
          ).decision;
          expect(decision === 'explicitDeny').toBe(anyDeny);
        },
      ),
    );
  });
});

const hostileKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'Statement', 'Resource', 'Action'];
const leaf = fc.oneof(
  fc.constantFrom('2012-10-17', 'Allow', 'Deny', '*', 's3:*', 'arn:aws:s3:::*', 'arn:${x}:s3:::${*}?'),
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);
const { value: jsonish } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...hostileKeys), fc.string({ maxLength: 8 })), tie('value'), {
      maxKeys: 5,
    }),
  ),
}));

describe('hostile documents', () => {
  test('any JSON gives a decision or a PolicyDocumentError, and Object.prototype stays untouched', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          jsonish,
          jsonish.map((value) => (JSON.stringify(value) as string | undefined) ?? '{}'),
        ),
        request,
        (document, r) => {
          try {
            expect(['allow', 'explicitDeny', 'implicitDeny']).toContain(evaluatePolicy(document as never, r));
          } catch (error) {
            expect(error).toBeInstanceOf(PolicyDocumentError);
          }
          expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(prototypeNames);
        },
      ),
    );
  });

  test('wildcard-heavy resources against long values are matched without backtracking', () => {
    const pattern = `arn:aws:s3:::${'*a'.repeat(2000)}b`;
    const value = `arn:aws:s3:::${'a'.repeat(20000)}`;
    const document = {
      Version: '2012-10-17' as const,
      Statement: { Effect: 'Allow' as const, Action: '*', Resource: pattern },
    };
    expect(evaluatePolicy(document, { action: 's3:GetObject', resource: value })).toBe('implicitDeny');
  });
});
