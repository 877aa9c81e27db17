import { describe, expect, test } from 'vitest';
import { decodeQuery, listParam, stringParam } from './query';

describe('decodeQuery', () => {
  test('lists of structures, lists of strings and nested members', () => {
    const params = decodeQuery(
      new URLSearchParams(
        'RoleArn=arn&Tags.member.1.Key=team&Tags.member.1.Value=a&Tags.member.2.Key=env&Tags.member.2.Value=' +
          '&TransitiveTagKeys.member.1=team&PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FX',
      ),
    );
    expect(params).toEqual({
      RoleArn: 'arn',
      Tags: [
        { Key: 'team', Value: 'a' },
        { Key: 'env', Value: '' },
      ],
      TransitiveTagKeys: ['team'],
      PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/X' }],
    });
  });

  test('an empty list sent as `Tags=` is an empty list', () => {
    expect(decodeQuery(new URLSearchParams('Tags=&RoleSessionName=s'))).toEqual({
      Tags: [],
      RoleSessionName: 's',
    });
  });

  test('members out of order or with gaps keep their order without holes', () => {
    expect(decodeQuery(new URLSearchParams('K.member.3=c&K.member.1=a'))).toEqual({ K: ['a', 'c'] });
  });

  test('include leaves out every parameter whose top-level name it rejects, lists and structures too', () => {
    const form = new URLSearchParams(
      'Action=AssumeRole&RoleArn=arn&Skip.member.1=a&Skip.Key=b&Tags.member.1.Key=k',
    );
    expect(decodeQuery(form, (name) => name !== 'Action' && name !== 'Skip')).toEqual({
      RoleArn: 'arn',
      Tags: [{ Key: 'k' }],
    });
  });
});

describe('decodeQuery: names are data', () => {
  test('__proto__, constructor and prototype are keys of objects without a prototype', () => {
    const params = decodeQuery(
      new URLSearchParams(
        '__proto__.ExternalId=a&constructor.prototype.ExternalId=b&Tags.member.1.__proto__.x=c&__proto__=d&toString=e',
      ),
    );
    expect(Object.hasOwn(Object.prototype, 'ExternalId')).toBe(false);
    expect(Object.hasOwn(Object.prototype, 'x')).toBe(false);
    expect(Object.getPrototypeOf(params)).toBeNull();
    expect(Object.keys(params)).toEqual(['__proto__', 'constructor', 'Tags', 'toString']);
    expect(Object.getPrototypeOf(params['constructor'])).toBeNull();
    expect(JSON.stringify(params)).toBe(
      '{"__proto__":{"ExternalId":"a"},"constructor":{"prototype":{"ExternalId":"b"}},"Tags":[{"__proto__":{"x":"c"}}],"toString":"e"}',
    );
    expect(stringParam(params, 'ExternalId')).toBeUndefined();
    expect(stringParam(params, 'toString')).toBe('e');
    expect(stringParam(params, 'hasOwnProperty')).toBeUndefined();
    expect(listParam(params, 'valueOf')).toBeUndefined();
  });

  test('member numbers are decimal 1, 2, …: 0, -1, 1e3, 0x2, 01 and huge numbers are not members', () => {
    const params = decodeQuery(
      new URLSearchParams(
        'K.member.0=a&K.member.-1=b&K.member.1e3=c&K.member.0x2=d&K.member.01=e&K.member.99999999999=f&K.member.2=ok',
      ),
    );
    expect(params).toEqual({ K: ['ok'] });
  });
});

describe('listParam', () => {
  test('the items of a list, [] for an empty or scalar one, undefined when absent', () => {
    const params = decodeQuery(new URLSearchParams('Tags.member.1.Key=k&PolicyArns=&Name=bob'));
    expect(listParam(params, 'Tags')).toEqual([{ Key: 'k' }]);
    expect(listParam(params, 'PolicyArns')).toEqual([]);
    expect(listParam(params, 'Name')).toEqual([]);
    expect(listParam(params, 'TransitiveTagKeys')).toBeUndefined();
  });
});

describe('stringParam', () => {
  test('a string as sent, "" for an empty one (not absent), undefined when absent or a list', () => {
    const params = decodeQuery(new URLSearchParams('RoleArn=arn&Policy=&Tags.member.1.Key=k'));
    expect(stringParam(params, 'RoleArn')).toBe('arn');
    expect(stringParam(params, 'Policy')).toBe('');
    expect(stringParam(params, 'Tags')).toBeUndefined();
    expect(stringParam(params, 'ExternalId')).toBeUndefined();
  });
});

test('a parameter name with thousands of dots is skipped, not a stack overflow', () => {
  const form = new URLSearchParams(`Action=GetCallerIdentity&${'a.'.repeat(300_000)}b=1`);
  expect({ ...decodeQuery(form) }).toEqual({ Action: 'GetCallerIdentity' });
});
