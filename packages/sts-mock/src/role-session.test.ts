import { describe, expect, test } from 'vitest';
import { checkTrust } from './role-session';
import type { RoleRecord } from './store';
import { parsePolicyDocument, trustPolicyFor } from './trust-policy';
import type { PolicyDocument, TrustPrincipal } from './trust-policy';

const alice: TrustPrincipal = {
  type: 'AWS',
  arn: 'arn:aws:iam::111111111111:user/alice',
  accountId: '111111111111',
};

function role(trustPolicy: PolicyDocument): RoleRecord {
  return {
    arn: 'arn:aws:iam::222222222222:role/deployer',
    roleId: 'AROAEXAMPLEEXAMPLE01',
    roleName: 'deployer',
    path: '/',
    accountId: '222222222222',
    trustPolicy,
    maxSessionDuration: 3600,
    tags: new Map(),
  };
}

describe('checkTrust', () => {
  test('checks every action, builds the context once for all of them, and names the first denied one', () => {
    const policy = parsePolicyDocument(
      {
        Version: '2012-10-17',
        Statement: {
          Effect: 'Allow',
          Principal: { AWS: alice.arn },
          Action: ['sts:AssumeRole', 'sts:TagSession'],
          Condition: { StringEquals: { 'sts:ExternalId': 'x' } },
        },
      },
      'trustPolicy',
    );
    let builds = 0;
    const context = () => {
      builds++;
      return { 'sts:ExternalId': 'x' };
    };
    const actions = ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'];
    expect(checkTrust(role(policy), alice, alice.arn, actions, context)?.message).toBe(
      `User: ${alice.arn} is not authorized to perform: sts:SetSourceIdentity on resource: arn:aws:iam::222222222222:role/deployer`,
    );
    expect(builds).toBe(1);
  });

  test('a policy without conditions is decided without building the context', () => {
    let builds = 0;
    const context = () => {
      builds++;
      return {};
    };
    expect(checkTrust(role(trustPolicyFor([alice.arn])), alice, alice.arn, ['sts:AssumeRole'], context)).toBe(
      undefined,
    );
    expect(builds).toBe(0);
  });
});
