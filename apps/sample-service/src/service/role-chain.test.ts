import { expect, test } from 'vitest';
import { evaluatePolicy } from '@rolechain/sts-mock';
import { chainHops, reportsSessionPolicy } from './role-chain';

const scope = { bucket: 'reports', prefix: '2026/' };
const a = 'arn:aws:iam::222222222222:role/a';
const b = 'arn:aws:iam::333333333333:role/b';

test('only the last hop carries the external id, tags, source identity and session policy', () => {
  const [first, last] = chainHops([a, b], scope, 'ext-1');
  expect(first).toEqual({ roleArn: a, roleSessionName: 'sample-service' });
  expect(last).toMatchObject({
    roleArn: b,
    roleSessionName: 'sample-service',
    externalId: 'ext-1',
    tags: { app: 'sample-service', purpose: 'reports' },
    sourceIdentity: 'sample-service',
  });
  expect(JSON.parse(last!.policy!)).toEqual(reportsSessionPolicy({ ...scope, partition: 'aws' }));
});

test('without an external id the last hop sends none', () => {
  expect(chainHops([b], scope)[0]).not.toHaveProperty('externalId');
});

test('the session policy reads and lists under the prefix only', () => {
  const policy = reportsSessionPolicy({ ...scope, partition: 'aws' });
  const get = (key: string) =>
    evaluatePolicy(policy, { action: 's3:GetObject', resource: `arn:aws:s3:::reports/${key}`, context: {} });
  const list = (prefix: string) =>
    evaluatePolicy(policy, {
      action: 's3:ListBucket',
      resource: 'arn:aws:s3:::reports',
      context: { 's3:prefix': prefix },
    });
  expect([get('2026/q1.csv'), get('2025/q4.csv'), list('2026/'), list('2025/')]).toEqual([
    'allow',
    'implicitDeny',
    'allow',
    'implicitDeny',
  ]);
  expect(
    evaluatePolicy(policy, { action: 's3:PutObject', resource: 'arn:aws:s3:::reports/2026/x', context: {} }),
  ).toBe('implicitDeny');
});

test('an empty prefix opens the whole bucket to reading', () => {
  const policy = reportsSessionPolicy({ partition: 'aws', bucket: 'r', prefix: '' });
  expect(evaluatePolicy(policy, { action: 's3:ListBucket', resource: 'arn:aws:s3:::r', context: {} })).toBe(
    'allow',
  );
  expect(
    evaluatePolicy(policy, { action: 's3:GetObject', resource: 'arn:aws:s3:::r/any/key', context: {} }),
  ).toBe('allow');
});

test.each(['aws-cn', 'aws-us-gov', 'aws-eusc', 'aws-iso-b'])(
  'the session policy names the bucket in the partition of the role it is sent to: %s',
  (partition) => {
    const [hop] = chainHops([`arn:${partition}:iam::333333333333:role/b`], { bucket: 'r', prefix: '' });
    expect(JSON.stringify(JSON.parse(hop!.policy!))).toContain(`"arn:${partition}:s3:::r"`);
  },
);
