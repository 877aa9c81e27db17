import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { evaluateTrustPolicy, parsePolicyDocument, PolicyDocumentError } from './trust-policy';
import type { TrustPrincipal } from './trust-policy';

// Whatever JSON a trust policy holds, checking it gives a document or a PolicyDocumentError, evaluating a
// checked document gives a decision, and neither touches Object.prototype; wildcard patterns and values of
// any shape are matched without backtracking (each run stays fast).

const prototypeNames = Object.getOwnPropertyNames(Object.prototype);
const hostileKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty'];
const key = fc.oneof(
  fc.constantFrom(...hostileKeys),
  fc.constantFrom('Version', 'Statement', 'Effect', 'Principal', 'Action', 'Condition', 'AWS', 'Sid'),
  fc.constantFrom(
    'StringLike',
    'StringEquals',
    'ArnLike',
    'ForAnyValue:StringLike',
    'NumericLessThan',
    'Null',
  ),
  fc.constantFrom('sts:ExternalId', 'aws:PrincipalArn', 'aws:RequestTag/team', 'aws:TagKeys'),
  fc.string({ maxLength: 10 }),
);
const wildcardText = fc
  .array(fc.constantFrom('*', '?', 'a', 'b', ':', '${sts:ExternalId}', "${x, 'd'}", '.', '(', '\\'), {
    maxLength: 40,
  })
  .map((parts) => parts.join(''));
const leaf = fc.oneof(
  fc.constantFrom(
    '2012-10-17',
    'Allow',
    'Deny',
    '*',
    'sts:AssumeRole',
    'sts:*',
    'arn:aws:iam::111111111111:user/alice',
  ),
  fc.constantFrom('111111111111', 'true', 'false', '2026-12-02T00:00:00Z'),
  wildcardText,
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
    fc.dictionary(key, tie('value'), { maxKeys: 5 }),
  ),
}));
const operatorName = fc.constantFrom(
  'StringLike',
  'StringEquals',
  'ForAllValues:StringLike',
  'ArnLike',
  'Bool',
  'constructor',
  'toString',
  'valueOf',
  '__proto__',
  'hasOwnProperty',
);
const conditionKey = fc.constantFrom(
  'sts:ExternalId',
  'aws:PrincipalArn',
  '__proto__',
  'constructor',
  'toString',
);
const statement = fc.record(
  {
    Effect: fc.constantFrom('Allow', 'Deny'),
    Principal: fc.oneof(fc.constant('*'), fc.record({ AWS: fc.constantFrom('111111111111', '*') })),
    Action: fc.oneof(
      fc.constantFrom('sts:AssumeRole', 'sts:*', 'sts:Assume*'),
      wildcardText.map((t) => `sts:${t}`),
    ),
    Condition: fc.dictionary(
      fc.oneof(operatorName, key),
      fc.dictionary(conditionKey, fc.oneof(leaf, fc.array(leaf, { maxLength: 3 })), { maxKeys: 3 }),
      { maxKeys: 3 },
    ),
  },
  { requiredKeys: ['Effect', 'Principal', 'Action'] },
);
const document = fc.oneof(
  jsonish,
  fc.record({
    Version: fc.constant('2012-10-17'),
    Statement: fc.array(statement, { minLength: 1, maxLength: 3 }),
  }),
);
const principal: TrustPrincipal = {
  type: 'AWS',
  arn: 'arn:aws:iam::111111111111:user/alice',
  accountId: '111111111111',
};
const context = fc.dictionary(
  fc.oneof(conditionKey, key),
  fc.oneof(
    fc.string({ maxLength: 60 }),
    wildcardText,
    fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
  ),
  { maxKeys: 6 },
);

describe('trust policies (property)', () => {
  test('check then evaluate: a decision or a PolicyDocumentError, Object.prototype untouched', () => {
    fc.assert(
      fc.property(
        document,
        fc.boolean(),
        context,
        fc.string({ maxLength: 40 }),
        (doc, asText, ctx, action) => {
          let parsed;
          try {
            parsed = parsePolicyDocument(asText ? JSON.stringify(doc) : doc, 'trustPolicy');
          } catch (error) {
            expect(error).toBeInstanceOf(PolicyDocumentError);
            expect((error as PolicyDocumentError).field).toBe('trustPolicy');
            expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(prototypeNames);
            return;
          }
          for (const request of ['sts:AssumeRole', `sts:${action}`]) {
            const decision = evaluateTrustPolicy(parsed, { action: request, principal, context: ctx });
            expect(['Allow', 'Deny']).toContain(decision.effect);
          }
          expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(prototypeNames);
        },
      ),
    );
  });

  test('StringLike agrees with a plain reading of * and ?, for long values too', () => {
    const glob = fc
      .array(fc.constantFrom('*', '?', 'a', 'b'), { maxLength: 30 })
      .map((parts) => parts.join(''));
    const value = fc.array(fc.constantFrom('a', 'b'), { maxLength: 200 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(glob, value, (pattern, text) => {
        const parsed = parsePolicyDocument(
          {
            Version: '2008-10-17',
            Statement: {
              Effect: 'Allow',
              Principal: '*',
              Action: 'sts:AssumeRole',
              Condition: { StringLike: { 'sts:ExternalId': pattern } },
            },
          },
          'trustPolicy',
        );
        const decision = evaluateTrustPolicy(parsed, {
          action: 'sts:AssumeRole',
          principal,
          context: { 'sts:ExternalId': text },
        });
        expect(decision.effect === 'Allow').toBe(referenceMatch(pattern, text));
      }),
    );
  });
});

/** A plain recursive reading of `*` and `?`, memoized so it stays polynomial: the oracle for the matcher. */
function referenceMatch(pattern: string, text: string): boolean {
  const memo = new Map<number, boolean>();
  const at = (p: number, t: number): boolean => {
    const cacheKey = p * (text.length + 1) + t;
    const cached = memo.get(cacheKey);
    if (cached !== undefined) return cached;
    let result: boolean;
    if (p === pattern.length) result = t === text.length;
    else if (pattern[p] === '*') result = at(p + 1, t) || (t < text.length && at(p, t + 1));
    else result = t < text.length && (pattern[p] === '?' || pattern[p] === text[t]) && at(p + 1, t + 1);
    memo.set(cacheKey, result);
    return result;
  };
  return at(0, 0);
}
