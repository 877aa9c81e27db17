import { describe, expect, test } from 'vitest';
import { PolicyDocumentError, evaluatePolicy } from './policy-evaluation';
import type { PermissionPolicyStatement } from './policy-evaluation';

const doc = (...Statement: PermissionPolicyStatement[]) => ({ Version: '2012-10-17' as const, Statement });
const get = { action: 's3:GetObject', resource: 'arn:aws:s3:::reports/2026/q1.csv' };

describe('one permissions policy', () => {
  test('an Allow matching action and resource allows; actions match case-insensitively, resources do not', () => {
    const policy = doc({ Effect: 'Allow', Action: 'S3:get*', Resource: 'arn:aws:s3:::reports/*' });
    expect(evaluatePolicy(policy, get)).toBe('allow');
    expect(evaluatePolicy(policy, { ...get, resource: 'arn:aws:s3:::Reports/x' })).toBe('implicitDeny');
    expect(evaluatePolicy(policy, { ...get, action: 's3:PutObject' })).toBe('implicitDeny');
  });

  test('a Deny that applies wins over every Allow of the same policy', () => {
    const policy = doc(
      { Effect: 'Allow', Action: 's3:*', Resource: '*' },
      { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/2026/*' },
    );
    expect(evaluatePolicy(policy, get)).toBe('explicitDeny');
    expect(evaluatePolicy(policy, { ...get, resource: 'arn:aws:s3:::reports/2025/q4.csv' })).toBe('allow');
  });

  test('NotAction and NotResource match everything but what they list', () => {
    const policy = doc(
      { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' },
      { Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::reports/*' },
    );
    expect(evaluatePolicy(policy, get)).toBe('allow');
    expect(evaluatePolicy(policy, { action: 'iam:CreateUser', resource: '*' })).toBe('implicitDeny');
    expect(evaluatePolicy(policy, { ...get, resource: 'arn:aws:s3:::secrets/k' })).toBe('explicitDeny');
  });

  test('wildcards stay inside an ARN part; `*` alone matches every resource, an action without one too', () => {
    const policy = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::*/2026/*' });
    expect(evaluatePolicy(policy, get)).toBe('allow');
    expect(evaluatePolicy(policy, { ...get, resource: 'arn:aws:s3:::reports/2025/x' })).toBe('implicitDeny');
    const anything = doc({ Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' });
    expect(evaluatePolicy(anything, { action: 'sts:GetCallerIdentity', resource: '*' })).toBe('allow');
  });

  test('policy variables in Resource take the request value; an unresolved one makes the entry match nothing', () => {
    const policy = doc({
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: ['arn:aws:s3:::home/${aws:username}/*', 'arn:aws:s3:::teams/${aws:PrincipalTag/team}/*'],
    });
    const home = { ...get, resource: 'arn:aws:s3:::home/alice/notes' };
    expect(evaluatePolicy(policy, { ...home, context: { 'aws:username': 'alice' } })).toBe('allow');
    expect(evaluatePolicy(policy, { ...home, context: { 'aws:username': 'bob' } })).toBe('implicitDeny');
    expect(evaluatePolicy(policy, home)).toBe('implicitDeny');
    const team = {
      ...get,
      resource: 'arn:aws:s3:::teams/web/a',
      context: { 'aws:PrincipalTag/team': 'web' },
    };
    expect(evaluatePolicy(policy, team)).toBe('allow');
  });

  test('a variable value is literal text: `*` in a user name is not a wildcard; ${*} is a literal star', () => {
    const policy = doc({
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::home/${aws:username}/${*}',
    });
    const request = { ...get, resource: 'arn:aws:s3:::home/alice/*' };
    expect(evaluatePolicy(policy, { ...request, context: { 'aws:username': 'alice' } })).toBe('allow');
    expect(
      evaluatePolicy(policy, {
        ...request,
        resource: 'arn:aws:s3:::home/alice/x',
        context: { 'aws:username': 'alice' },
      }),
    ).toBe('implicitDeny');
    expect(
      evaluatePolicy(policy, {
        ...request,
        resource: 'arn:aws:s3:::home/bob/*',
        context: { 'aws:username': '*' },
      }),
    ).toBe('implicitDeny');
  });

  test('Version 2008-10-17 has no policy variables: ${aws:username} is literal text', () => {
    const policy = {
      Version: '2008-10-17' as const,
      Statement: {
        Effect: 'Allow' as const,
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::home/${aws:username}',
      },
    };
    expect(
      evaluatePolicy(policy, {
        ...get,
        resource: 'arn:aws:s3:::home/alice',
        context: { 'aws:username': 'alice' },
      }),
    ).toBe('implicitDeny');
    expect(evaluatePolicy(policy, { ...get, resource: 'arn:aws:s3:::home/${aws:username}' })).toBe('allow');
  });

  test('conditions are evaluated with the request context', () => {
    const policy = doc({
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Resource: 'arn:aws:s3:::reports',
      Condition: {
        StringLike: { 's3:prefix': '2026/*' },
        StringEquals: { 'aws:RequestedRegion': 'eu-west-1' },
      },
    });
    const list = { action: 's3:ListBucket', resource: 'arn:aws:s3:::reports' };
    expect(
      evaluatePolicy(policy, {
        ...list,
        context: { 's3:prefix': '2026/q', 'aws:RequestedRegion': 'eu-west-1' },
      }),
    ).toBe('allow');
    expect(
      evaluatePolicy(policy, {
        ...list,
        context: { 's3:prefix': '2025/', 'aws:RequestedRegion': 'eu-west-1' },
      }),
    ).toBe('implicitDeny');
    expect(
      evaluatePolicy(policy, {
        ...list,
        context: { 's3:prefix': '2026/', 'aws:RequestedRegion': 'us-east-1' },
      }),
    ).toBe('implicitDeny');
  });

  test('JSON text is read like the document', () => {
    expect(evaluatePolicy(JSON.stringify(doc({ Effect: 'Allow', Action: '*', Resource: '*' })), get)).toBe(
      'allow',
    );
  });
});

describe('documents IAM would refuse, named by field and place', () => {
  test.each([
    [
      { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: '*', Principal: '*' } },
      'policy.Statement.Principal: a permissions policy has no Principal',
    ],
    [
      { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*' } },
      'policy.Statement: needs exactly one of Resource or NotResource',
    ],
    [
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: 'bucket/*' }] },
      "policy.Statement[0].Resource: 'bucket/*' is not an ARN",
    ],
    [
      { Version: '2012-10-17', Statement: { Effect: 'Permit', Action: '*', Resource: '*' } },
      "policy.Statement.Effect: 'Permit' is not 'Allow' or 'Deny'",
    ],
    ['{"Version":', 'policy: is not valid JSON'],
  ])('%j', (document, message) => {
    const error = (() => {
      try {
        evaluatePolicy(document as never, get);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(PolicyDocumentError);
    expect((error as Error).message).toContain(message);
  });
});
