import { describe, expect, test } from 'vitest';
import { evaluatePolicy, parsePolicy, type PolicyDocument } from './iam-policy';

const narrow: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/2026/*' },
    {
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Resource: 'arn:aws:s3:::reports',
      Condition: { StringLike: { 's3:prefix': '2026/*' } },
    },
  ],
};

const get = (key: string) => ({
  action: 's3:GetObject',
  resource: `arn:aws:s3:::reports/${key}`,
  context: {},
});
const list = (prefix?: string) => ({
  action: 's3:ListBucket',
  resource: 'arn:aws:s3:::reports',
  context: prefix === undefined ? {} : { 's3:prefix': prefix },
});

describe('evaluatePolicy', () => {
  test('a resource wildcard allows keys under the prefix and nothing beside it', () => {
    expect(evaluatePolicy(narrow, get('2026/q1.csv'))).toBe('allow');
    expect(evaluatePolicy(narrow, get('2025/q4.csv'))).toBe('implicit-deny');
    expect(evaluatePolicy(narrow, get('2026'))).toBe('implicit-deny');
  });

  test('a StringLike condition on s3:prefix narrows listing; a missing key fails the condition', () => {
    expect(evaluatePolicy(narrow, list('2026/'))).toBe('allow');
    expect(evaluatePolicy(narrow, list('2025/'))).toBe('implicit-deny');
    expect(evaluatePolicy(narrow, list())).toBe('implicit-deny');
  });

  test('action names match case-insensitively and with wildcards; resources are case-sensitive', () => {
    const policy: PolicyDocument = {
      Version: '2012-10-17',
      Statement: { Effect: 'Allow', Action: 'S3:Get*', Resource: 'arn:aws:s3:::reports/*' },
    };
    expect(evaluatePolicy(policy, get('a'))).toBe('allow');
    expect(evaluatePolicy(policy, { ...get('a'), resource: 'arn:aws:s3:::Reports/a' })).toBe('implicit-deny');
    expect(evaluatePolicy(policy, { ...get('a'), action: 's3:PutObject' })).toBe('implicit-deny');
  });

  test('an explicit Deny wins over any Allow', () => {
    const policy: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 's3:*', Resource: '*' },
        { Effect: 'Deny', NotAction: 's3:List*', Resource: 'arn:aws:s3:::reports/secret/*' },
      ],
    };
    expect(evaluatePolicy(policy, get('secret/x'))).toBe('explicit-deny');
    expect(evaluatePolicy(policy, get('public/x'))).toBe('allow');
  });

  test('StringNotEquals and …IfExists treat a missing key the way IAM does', () => {
    const policy = (operator: string): PolicyDocument => ({
      Version: '2012-10-17',
      Statement: {
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: '*',
        Condition: { [operator]: { 's3:prefix': 'x/' } },
      },
    });
    expect(evaluatePolicy(policy('StringNotEquals'), list())).toBe('allow');
    expect(evaluatePolicy(policy('StringNotEquals'), list('x/'))).toBe('implicit-deny');
    expect(evaluatePolicy(policy('StringEqualsIfExists'), list())).toBe('allow');
    expect(evaluatePolicy(policy('StringEqualsIfExists'), list('y/'))).toBe('implicit-deny');
  });

  test('an operator it does not implement is an error, not a silent pass', () => {
    const policy: PolicyDocument = {
      Version: '2012-10-17',
      Statement: {
        Effect: 'Allow',
        Action: '*',
        Resource: '*',
        Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
      },
    };
    expect(() => evaluatePolicy(policy, get('a'))).toThrow('unsupported condition operator IpAddress');
  });
});

describe('parsePolicy', () => {
  test('reads a policy sent as JSON text and rejects a document without statements', () => {
    expect(parsePolicy(JSON.stringify(narrow))).toEqual(narrow);
    expect(() => parsePolicy('{"Version":"2012-10-17"}')).toThrow('not an IAM policy document');
  });
});
