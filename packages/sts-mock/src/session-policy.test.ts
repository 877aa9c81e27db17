import { describe, expect, test } from 'vitest';
import { decodeQuery } from './query';
import {
  checkSessionPolicy,
  packedPolicySize,
  uniqueTags,
  validatePolicyMembers,
  validateTagMembers,
} from './session-policy';
import { ParamValidator } from './validation';

const params = (query: string) => decodeQuery(new URLSearchParams(query));

describe('member constraints', () => {
  test('policy, then policy ARNs, then tags, each failure in one message', () => {
    const validator = new ParamValidator();
    const policies = validatePolicyMembers(
      params(
        'Policy=%E2%82%AC&PolicyArns.member.1.arn=arn%3Ashort&PolicyArns.member.2.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FOk',
      ),
      validator,
    );
    const tags = validateTagMembers(params('Tags.member.1.Value=v&Tags.member.2.Key=team'), validator);
    expect(policies).toEqual({
      policy: '€',
      policyArns: ['arn:short', 'arn:aws:iam::aws:policy/Ok'],
    });
    expect(tags).toEqual([{ key: 'team', value: '' }]);
    expect(validator.error()?.message).toBe(
      '3 validation errors detected: ' +
        "Value '€' at 'policy' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+; " +
        "Value 'arn:short' at 'policyArns.1.member.arn' failed to satisfy constraint: Member must have length greater than or equal to 20; " +
        "Value null at 'tags.1.member.key' failed to satisfy constraint: Member must not be null",
    );
  });

  test('absent members are no policy, no ARNs and no tags', () => {
    const validator = new ParamValidator();
    expect(validatePolicyMembers(params('Name=bob'), validator)).toEqual({
      policy: undefined,
      policyArns: [],
    });
    expect(validateTagMembers(params('Name=bob'), validator)).toEqual([]);
    expect(validator.error()).toBeUndefined();
  });
});

describe('uniqueTags', () => {
  test('keys by lower case, keeping the case sent', () => {
    expect(uniqueTags([{ key: 'Team', value: 'web' }])).toEqual(
      new Map([['team', { key: 'Team', value: 'web' }]]),
    );
  });

  test('keys that differ only in case are a ValidationError', () => {
    const result = uniqueTags([
      { key: 'Team', value: 'a' },
      { key: 'TEAM', value: 'b' },
    ]);
    expect(result).toMatchObject({ code: 'ValidationError', status: 400 });
  });
});

describe('checkSessionPolicy', () => {
  test.each([
    [undefined, undefined],
    ['{"Statement":[]}', undefined],
    ['{"Version":', 'The policy is not in the valid JSON format.'],
    ['{"Version":"2012-10-17"}', 'Syntax errors in policy.'],
    ['[]', 'Syntax errors in policy.'],
  ])('%s', (policy, message) => {
    const error = checkSessionPolicy(policy);
    expect(error?.message).toBe(message);
    if (error !== undefined) expect([error.code, error.status]).toEqual(['MalformedPolicyDocument', 400]);
  });
});

describe('packedPolicySize', () => {
  test('absent without a policy, policy ARNs or tags; grows with what is packed', () => {
    expect(packedPolicySize({ policy: undefined, policyArns: [] }, new Map())).toBeUndefined();
    const small = packedPolicySize({ policy: '{"Statement":[]}', policyArns: [] }, new Map());
    const larger = packedPolicySize(
      { policy: '{"Statement":[]}', policyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] },
      new Map([['team', { key: 'team', value: 'platform' }]]),
    );
    expect(small).toBeGreaterThanOrEqual(1);
    expect(larger).toBeGreaterThan(small ?? 0);
  });
});

describe('prototype safety', () => {
  test('a policy without its own Statement is malformed, whatever Object.prototype holds', () => {
    const prototype = Object.prototype as Record<string, unknown>;
    prototype['Statement'] = [];
    try {
      expect(checkSessionPolicy('{"Version":"2012-10-17"}')?.code).toBe('MalformedPolicyDocument');
      expect(checkSessionPolicy('{"__proto__":{"Statement":[]}}')?.code).toBe('MalformedPolicyDocument');
    } finally {
      delete prototype['Statement'];
    }
  });

  test('tag and policy ARN members are read only when sent: __proto__ members are not Key or Value', () => {
    const validator = new ParamValidator();
    const tags = validateTagMembers(
      params(
        'Tags.member.1.__proto__.Key=k&Tags.member.1.constructor.prototype.Value=v&Tags.member.1.Key=team',
      ),
      validator,
    );
    expect(tags).toEqual([{ key: 'team', value: '' }]);
    expect(Object.hasOwn(Object.prototype, 'Key')).toBe(false);
    expect(Object.hasOwn(Object.prototype, 'Value')).toBe(false);
  });
});
