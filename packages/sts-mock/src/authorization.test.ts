import { describe, expect, test } from 'vitest';
import { evaluatePolicySets } from './authorization';
import { compilePolicy } from './policy-evaluation';
import type { PermissionPolicyStatement } from './policy-evaluation';
import type { PolicyType } from './authorization';

const policy = (...Statement: PermissionPolicyStatement[]) =>
  compilePolicy({ Version: '2012-10-17', Statement }, 'policy', 'permissions');
const allowS3 = policy({ Effect: 'Allow', Action: 's3:*', Resource: '*' });
const allowGet = policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });
const denyGet = policy({ Sid: 'NoGet', Effect: 'Deny', Action: 's3:GetObject', Resource: '*' });
const set = (type: PolicyType, required: boolean, ...policies: ReturnType<typeof policy>[]) => ({
  type,
  required,
  policies,
});
const request = (action: string) => ({ action, resource: 'arn:aws:s3:::b/k', lookup: () => undefined });

describe('how policy types combine (AWS policy evaluation logic, within one account)', () => {
  test('identity-based policies alone decide for a principal without boundary or session policies', () => {
    expect(
      evaluatePolicySets([set('identity-based policy', true, allowGet)], request('s3:GetObject')),
    ).toMatchObject({
      decision: 'allow',
      reason: 'identity-based policy',
    });
    expect(evaluatePolicySets([set('identity-based policy', true)], request('s3:GetObject'))).toMatchObject({
      decision: 'implicitDeny',
      reason: 'identity-based policy',
    });
  });

  test('a permissions boundary narrows: the request must be allowed by both', () => {
    const sets = [set('identity-based policy', true, allowS3), set('permissions boundary', true, allowGet)];
    expect(evaluatePolicySets(sets, request('s3:GetObject')).decision).toBe('allow');
    expect(evaluatePolicySets(sets, request('s3:PutObject'))).toMatchObject({
      decision: 'implicitDeny',
      reason: 'permissions boundary',
    });
  });

  test('a boundary alone grants nothing', () => {
    const sets = [set('identity-based policy', true), set('permissions boundary', true, allowS3)];
    expect(evaluatePolicySets(sets, request('s3:GetObject')).reason).toBe('identity-based policy');
  });

  test('session policies narrow a session that has them; a session without them is not narrowed', () => {
    const narrowed = [set('identity-based policy', true, allowS3), set('session policy', true, allowGet)];
    expect(evaluatePolicySets(narrowed, request('s3:PutObject'))).toMatchObject({
      decision: 'implicitDeny',
      reason: 'session policy',
    });
    const plain = [set('identity-based policy', true, allowS3), set('session policy', false)];
    expect(evaluatePolicySets(plain, request('s3:PutObject')).decision).toBe('allow');
  });

  test('an explicit deny in any policy type wins, and is named by its type', () => {
    for (const type of ['identity-based policy', 'permissions boundary', 'session policy'] as const) {
      const sets = [
        set('identity-based policy', true, allowS3, ...(type === 'identity-based policy' ? [denyGet] : [])),
        set('permissions boundary', true, allowS3, ...(type === 'permissions boundary' ? [denyGet] : [])),
        set('session policy', true, allowS3, ...(type === 'session policy' ? [denyGet] : [])),
      ];
      const evaluation = evaluatePolicySets(sets, request('s3:GetObject'));
      expect(evaluation).toMatchObject({ decision: 'explicitDeny', reason: type });
      expect(evaluation.matched.map((statement) => statement.sid)).toEqual(['NoGet']);
    }
  });

  test('the statements that allowed are reported for an allow, none for an implicit deny', () => {
    const sets = [set('identity-based policy', true, allowS3), set('session policy', true, allowGet)];
    expect(evaluatePolicySets(sets, request('s3:GetObject')).matched).toHaveLength(2);
    expect(evaluatePolicySets(sets, request('s3:PutObject')).matched).toEqual([]);
  });
});
