import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { StsServiceError } from './errors';
import { decodeQuery } from './query';
import {
  checkSessionPolicy,
  packedPolicySize,
  uniqueTags,
  validatePolicyMembers,
  validateTagMembers,
} from './session-policy';
import { ParamValidator } from './validation';

// Whatever Policy, PolicyArns and Tags members a request sends, checking them gives a value or an STS error
// (never another throw) and leaves Object.prototype alone.

const prototypeNames = Object.getOwnPropertyNames(Object.prototype);
const hostile = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'Key', 'Value', 'arn');
const memberName = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('Tags', 'PolicyArns'),
      fc.integer({ min: 0, max: 60 }),
      fc.oneof(hostile, fc.string({ maxLength: 5 })),
    )
    .map(([list, n, field]) => `${list}.member.${n}.${field}`),
  fc.tuple(hostile, hostile).map(([a, b]) => `${a}.${b}`),
  fc.constantFrom('Policy', 'Tags', 'PolicyArns'),
);
const policyText = fc.oneof(
  fc.json({ maxDepth: 3 }),
  fc.constantFrom(
    '{"__proto__":{"Statement":[]}}',
    '{"Statement":[],"constructor":{"prototype":{"x":1}}}',
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}',
    '[1,2]',
    'null',
    '',
  ),
  fc.string({ maxLength: 30 }),
);
const form = fc.array(fc.tuple(memberName, fc.oneof(fc.string({ maxLength: 20 }), policyText)), {
  maxLength: 25,
});

describe('session policy members (property)', () => {
  test('values or STS errors only, Object.prototype untouched', () => {
    fc.assert(
      fc.property(form, fc.option(policyText), (pairs, policy) => {
        const search = new URLSearchParams(pairs);
        if (policy !== null) search.set('Policy', policy);
        const params = decodeQuery(search);
        const validator = new ParamValidator();
        const policies = validatePolicyMembers(params, validator);
        const tags = validateTagMembers(params, validator);
        const memberError = validator.error();
        if (memberError !== undefined) expect(memberError.code).toBe('ValidationError');
        const unique = uniqueTags(tags);
        const policyError = checkSessionPolicy(policies.policy);
        if (memberError === undefined && policyError === undefined && !(unique instanceof StsServiceError)) {
          try {
            const size = packedPolicySize(policies, unique);
            if (size !== undefined) expect(size).toBeGreaterThanOrEqual(1);
          } catch (error) {
            expect(error).toBeInstanceOf(StsServiceError);
          }
        }
        expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(prototypeNames);
      }),
    );
  });
});
