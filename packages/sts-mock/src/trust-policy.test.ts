import { describe, expect, test } from 'vitest';
import {
  evaluateTrust,
  evaluateTrustPolicy,
  parsePolicyDocument,
  PolicyDocumentError,
  trustPolicyFor,
  type PolicyDocument,
  type PolicyStatement,
  type TrustPrincipal,
  type TrustRequest,
} from './trust-policy';

const alice = {
  type: 'AWS',
  arn: 'arn:aws:iam::111111111111:user/alice',
  accountId: '111111111111',
} as const satisfies TrustPrincipal;
const bob = {
  type: 'AWS',
  arn: 'arn:aws:iam::111111111111:user/bob',
  accountId: '111111111111',
} as const satisfies TrustPrincipal;
const mallory: TrustPrincipal = {
  type: 'AWS',
  arn: 'arn:aws:iam::999999999999:user/mallory',
  accountId: '999999999999',
};
const deployerSession = {
  type: 'AWS',
  arn: 'arn:aws:sts::222222222222:assumed-role/deployer/ci-42',
  accountId: '222222222222',
  roleArn: 'arn:aws:iam::222222222222:role/team/deployer',
} as const satisfies TrustPrincipal;
const github = {
  type: 'Federated',
  provider: 'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com',
} as const satisfies TrustPrincipal;

function policy(...statements: PolicyStatement[]): PolicyDocument {
  return { Version: '2012-10-17', Statement: statements };
}

function allowAlice(condition?: PolicyStatement['Condition']): PolicyDocument {
  return policy({
    Effect: 'Allow',
    Principal: { AWS: alice.arn },
    Action: 'sts:AssumeRole',
    ...(condition === undefined ? {} : { Condition: condition }),
  });
}

function decide(
  document: PolicyDocument,
  principal: TrustPrincipal = alice,
  context: TrustRequest['context'] = {},
  action = 'sts:AssumeRole',
): string {
  const decision = evaluateTrustPolicy(document, { action, principal, context });
  return decision.effect === 'Allow' ? 'Allow' : `Deny:${decision.reason}`;
}

function parseError(json: unknown): PolicyDocumentError {
  try {
    parsePolicyDocument(json, 'trustPolicy');
  } catch (error: unknown) {
    expect(error).toBeInstanceOf(PolicyDocumentError);
    return error as PolicyDocumentError;
  }
  throw new Error('parsePolicyDocument accepted the document');
}

describe('principals', () => {
  test('a user ARN trusts that user only', () => {
    const document = allowAlice();
    expect(decide(document, alice)).toBe('Allow');
    expect(decide(document, bob)).toBe('Deny:no-matching-allow');
  });

  test('an account id or its root ARN trusts every identity of that account, and no other', () => {
    for (const entry of ['111111111111', 'arn:aws:iam::111111111111:root']) {
      const document = policy({ Effect: 'Allow', Principal: { AWS: entry }, Action: 'sts:AssumeRole' });
      expect(decide(document, alice)).toBe('Allow');
      expect(decide(document, bob)).toBe('Allow');
      expect(decide(document, mallory)).toBe('Deny:no-matching-allow');
    }
  });

  test('a root ARN of another partition does not trust the same account id in aws', () => {
    const document = policy({
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws-cn:iam::111111111111:root' },
      Action: 'sts:AssumeRole',
    });
    expect(decide(document, alice)).toBe('Deny:no-matching-allow');
  });

  test('a role ARN trusts the sessions of that role', () => {
    const document = policy({
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::222222222222:role/team/deployer' },
      Action: 'sts:AssumeRole',
    });
    expect(decide(document, deployerSession)).toBe('Allow');
    expect(
      decide(document, { ...deployerSession, roleArn: 'arn:aws:iam::222222222222:role/team/reader' }),
    ).toBe('Deny:no-matching-allow');
  });

  test('a session ARN trusts exactly that session', () => {
    const document = policy({
      Effect: 'Allow',
      Principal: { AWS: deployerSession.arn },
      Action: 'sts:AssumeRole',
    });
    expect(decide(document, deployerSession)).toBe('Allow');
    expect(
      decide(document, {
        ...deployerSession,
        arn: 'arn:aws:sts::222222222222:assumed-role/deployer/other',
      }),
    ).toBe('Deny:no-matching-allow');
  });

  test('"*" and {"AWS": "*"} trust everyone', () => {
    for (const principal of ['*', { AWS: '*' }] as const) {
      const document = policy({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' });
      expect(decide(document, mallory)).toBe('Allow');
      expect(decide(document, deployerSession)).toBe('Allow');
    }
  });

  test('a list of principals trusts any of them', () => {
    const document = policy({
      Effect: 'Allow',
      Principal: { AWS: [bob.arn, '999999999999'] },
      Action: 'sts:AssumeRole',
    });
    expect(decide(document, bob)).toBe('Allow');
    expect(decide(document, mallory)).toBe('Allow');
    expect(decide(document, alice)).toBe('Deny:no-matching-allow');
  });

  test('Federated matches the provider, and AWS principals never match a Federated entry', () => {
    const document = policy({
      Effect: 'Allow',
      Principal: { Federated: github.provider },
      Action: 'sts:AssumeRoleWithWebIdentity',
    });
    expect(decide(document, github, {}, 'sts:AssumeRoleWithWebIdentity')).toBe('Allow');
    expect(
      decide(
        document,
        { type: 'Federated', provider: 'arn:aws:iam::222222222222:oidc-provider/accounts.google.com' },
        {},
        'sts:AssumeRoleWithWebIdentity',
      ),
    ).toBe('Deny:no-matching-allow');
    expect(decide(allowAlice(), github, {}, 'sts:AssumeRoleWithWebIdentity')).toBe('Deny:no-matching-allow');
  });

  test('a Service principal is valid but never matches a user', () => {
    const document = policy({
      Effect: 'Allow',
      Principal: { Service: 'lambda.amazonaws.com' },
      Action: 'sts:AssumeRole',
    });
    expect(decide(document, alice)).toBe('Deny:no-matching-allow');
  });

  test('NotPrincipal with Deny denies everyone except the listed principals', () => {
    const document = policy(
      { Effect: 'Allow', Principal: { AWS: '111111111111' }, Action: 'sts:AssumeRole' },
      {
        Effect: 'Deny',
        NotPrincipal: { AWS: alice.arn },
        Action: 'sts:AssumeRole',
      },
    );
    expect(decide(document, alice)).toBe('Allow');
    expect(decide(document, bob)).toBe('Deny:explicit-deny');
  });
});

describe('actions and effects', () => {
  test('the action must be listed; wildcards and case-insensitive names match', () => {
    expect(decide(allowAlice(), alice, {}, 'sts:TagSession')).toBe('Deny:no-matching-allow');
    for (const action of ['sts:*', 'sts:Assume*', 'STS:assumerole', 'sts:AssumeRol?', '*']) {
      const document = policy({ Effect: 'Allow', Principal: { AWS: '111111111111' }, Action: action });
      expect(decide(document), action).toBe('Allow');
    }
    const tagOnly = policy({ Effect: 'Allow', Principal: '*', Action: ['sts:TagSession', 'sts:AssumeRole'] });
    expect(decide(tagOnly, alice, {}, 'sts:TagSession')).toBe('Allow');
  });

  test('NotAction applies to every action except the listed ones', () => {
    const document = policy({ Effect: 'Allow', Principal: '*', NotAction: 'sts:TagSession' });
    expect(decide(document, alice, {}, 'sts:AssumeRole')).toBe('Allow');
    expect(decide(document, alice, {}, 'sts:TagSession')).toBe('Deny:no-matching-allow');
  });

  test('an explicit Deny wins over an Allow in any order', () => {
    const allow: PolicyStatement = { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' };
    const deny: PolicyStatement = { Effect: 'Deny', Principal: { AWS: '111111111111' }, Action: 'sts:*' };
    expect(decide(policy(allow, deny))).toBe('Deny:explicit-deny');
    expect(decide(policy(deny, allow))).toBe('Deny:explicit-deny');
    expect(decide(policy(deny, allow), mallory)).toBe('Allow');
  });

  test('a Deny whose condition does not hold does not apply', () => {
    const document = policy(
      { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' },
      {
        Effect: 'Deny',
        Principal: '*',
        Action: 'sts:AssumeRole',
        Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
      },
    );
    expect(decide(document, alice, { 'aws:MultiFactorAuthPresent': 'true' })).toBe('Allow');
    expect(decide(document, alice, { 'aws:MultiFactorAuthPresent': 'false' })).toBe('Deny:explicit-deny');
    expect(decide(document, alice, {})).toBe('Deny:explicit-deny');
  });

  test('a single statement object (not in an array) is accepted', () => {
    const document: PolicyDocument = {
      Version: '2012-10-17',
      Statement: { Effect: 'Allow', Principal: { AWS: '111111111111' }, Action: 'sts:AssumeRole' },
    };
    expect(decide(document)).toBe('Allow');
  });
});

describe('conditions', () => {
  test('StringEquals on sts:ExternalId: exact and case-sensitive; a missing key does not match', () => {
    const document = allowAlice({ StringEquals: { 'sts:ExternalId': 'xyz-123' } });
    expect(decide(document, alice, { 'sts:ExternalId': 'xyz-123' })).toBe('Allow');
    expect(decide(document, alice, { 'sts:ExternalId': 'XYZ-123' })).toBe('Deny:no-matching-allow');
    expect(decide(document, alice, {})).toBe('Deny:no-matching-allow');
    expect(decide(document, alice, { 'sts:ExternalId': undefined })).toBe('Deny:no-matching-allow');
  });

  test('condition keys are case-insensitive on both sides', () => {
    const document = allowAlice({ StringEquals: { 'STS:EXTERNALID': 'xyz' } });
    expect(decide(document, alice, { 'sts:externalid': 'xyz' })).toBe('Allow');
  });

  test('several values of one key are OR-ed, several keys and operators are AND-ed', () => {
    const document = allowAlice({
      StringEquals: { 'sts:ExternalId': ['a1', 'b2'], 'aws:PrincipalAccount': '111111111111' },
      StringLike: { 'sts:RoleSessionName': 'ci-*' },
    });
    const context = {
      'sts:ExternalId': 'b2',
      'aws:PrincipalAccount': '111111111111',
      'sts:RoleSessionName': 'ci-7',
    };
    expect(decide(document, alice, context)).toBe('Allow');
    expect(decide(document, alice, { ...context, 'sts:ExternalId': 'c3' })).toBe('Deny:no-matching-allow');
    expect(decide(document, alice, { ...context, 'sts:RoleSessionName': 'dev-7' })).toBe(
      'Deny:no-matching-allow',
    );
    expect(decide(document, alice, { ...context, 'aws:PrincipalAccount': '333333333333' })).toBe(
      'Deny:no-matching-allow',
    );
  });

  test('StringNotEquals: true when the value is none of the listed ones, and when the key is missing', () => {
    const document = allowAlice({ StringNotEquals: { 'sts:RoleSessionName': ['root', 'admin'] } });
    expect(decide(document, alice, { 'sts:RoleSessionName': 'ci' })).toBe('Allow');
    expect(decide(document, alice, { 'sts:RoleSessionName': 'admin' })).toBe('Deny:no-matching-allow');
    expect(decide(document, alice, {})).toBe('Allow');
  });

  test('StringEqualsIgnoreCase and StringNotEqualsIgnoreCase ignore case', () => {
    expect(
      decide(allowAlice({ StringEqualsIgnoreCase: { 'aws:RequestTag/team': 'Payments' } }), alice, {
        'aws:RequestTag/team': 'PAYMENTS',
      }),
    ).toBe('Allow');
    expect(
      decide(allowAlice({ StringNotEqualsIgnoreCase: { 'aws:RequestTag/team': 'Payments' } }), alice, {
        'aws:RequestTag/team': 'payments',
      }),
    ).toBe('Deny:no-matching-allow');
  });

  test('StringLike: * spans any run of characters, ? exactly one; other characters are literal', () => {
    const document = allowAlice({ StringLike: { 'sts:RoleSessionName': ['ci-??', 'release.*'] } });
    expect(decide(document, alice, { 'sts:RoleSessionName': 'ci-42' })).toBe('Allow');
    expect(decide(document, alice, { 'sts:RoleSessionName': 'ci-421' })).toBe('Deny:no-matching-allow');
    expect(decide(document, alice, { 'sts:RoleSessionName': 'release.2026-11' })).toBe('Allow');
    expect(decide(document, alice, { 'sts:RoleSessionName': 'releaseX2026' })).toBe('Deny:no-matching-allow');
  });

  test('StringNotLike denies matching values and holds for a missing key', () => {
    const document = allowAlice({ StringNotLike: { 'sts:RoleSessionName': 'admin*' } });
    expect(decide(document, alice, { 'sts:RoleSessionName': 'admin-1' })).toBe('Deny:no-matching-allow');
    expect(decide(document, alice, { 'sts:RoleSessionName': 'ci' })).toBe('Allow');
    expect(decide(document, alice, {})).toBe('Allow');
  });

  test('ArnLike on aws:PrincipalArn compares each ARN part with wildcards', () => {
    const document = policy({
      Effect: 'Allow',
      Principal: { AWS: '222222222222' },
      Action: 'sts:AssumeRole',
      Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::222222222222:role/team/*' } },
    });
    expect(
      decide(document, deployerSession, {
        'aws:PrincipalArn': 'arn:aws:iam::222222222222:role/team/deployer',
      }),
    ).toBe('Allow');
    expect(
      decide(document, deployerSession, {
        'aws:PrincipalArn': 'arn:aws:iam::222222222222:role/other/deployer',
      }),
    ).toBe('Deny:no-matching-allow');
    expect(decide(document, deployerSession, { 'aws:PrincipalArn': 'not-an-arn' })).toBe(
      'Deny:no-matching-allow',
    );
  });

  test('a * in one ARN part does not reach into the next part', () => {
    const document = allowAlice({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*' } });
    // Six parts are required: 'arn:aws:iam::*' has five, so it is refused when parsed.
    expect(() => parsePolicyDocument(document, 'trustPolicy')).toThrow(PolicyDocumentError);
    const accountWildcard = allowAlice({ ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::1*:user/alice' } });
    expect(decide(accountWildcard, alice, { 'aws:PrincipalArn': alice.arn })).toBe('Allow');
    expect(
      decide(accountWildcard, alice, { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:user/alice:extra' }),
    ).toBe('Deny:no-matching-allow');
  });

  test('ArnEquals matches exactly, ArnNotLike excludes', () => {
    const arn = 'arn:aws:iam::111111111111:user/alice';
    expect(
      decide(allowAlice({ ArnEquals: { 'aws:PrincipalArn': arn } }), alice, { 'aws:PrincipalArn': arn }),
    ).toBe('Allow');
    expect(
      decide(allowAlice({ ArnEquals: { 'aws:PrincipalArn': arn } }), alice, {
        'aws:PrincipalArn': 'arn:aws:iam::111111111111:user/alicia',
      }),
    ).toBe('Deny:no-matching-allow');
    expect(
      decide(allowAlice({ ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/a*' } }), alice, {
        'aws:PrincipalArn': arn,
      }),
    ).toBe('Deny:no-matching-allow');
  });

  test('Bool compares the strings true/false; the policy may say true or "true"', () => {
    for (const expected of [true, 'true', 'TRUE']) {
      const document = allowAlice({ Bool: { 'aws:MultiFactorAuthPresent': expected } });
      expect(decide(document, alice, { 'aws:MultiFactorAuthPresent': 'true' })).toBe('Allow');
      expect(decide(document, alice, { 'aws:MultiFactorAuthPresent': 'false' })).toBe(
        'Deny:no-matching-allow',
      );
      expect(decide(document, alice, {})).toBe('Deny:no-matching-allow');
    }
  });

  test('…IfExists holds when the key is missing and tests the value when present', () => {
    const document = allowAlice({ StringEqualsIfExists: { 'sts:SourceIdentity': 'alice@example.com' } });
    expect(decide(document, alice, {})).toBe('Allow');
    expect(decide(document, alice, { 'sts:SourceIdentity': 'alice@example.com' })).toBe('Allow');
    expect(decide(document, alice, { 'sts:SourceIdentity': 'bob@example.com' })).toBe(
      'Deny:no-matching-allow',
    );
  });

  test('Null: "true" requires the key to be absent, "false" requires it present', () => {
    const absent = allowAlice({ Null: { 'sts:ExternalId': 'true' } });
    const present = allowAlice({ Null: { 'sts:ExternalId': false } });
    expect(decide(absent, alice, {})).toBe('Allow');
    expect(decide(absent, alice, { 'sts:ExternalId': 'x' })).toBe('Deny:no-matching-allow');
    expect(decide(present, alice, { 'sts:ExternalId': 'x' })).toBe('Allow');
    expect(decide(present, alice, {})).toBe('Deny:no-matching-allow');
  });

  test('Numeric and Date operators compare numbers and instants', () => {
    const recentMfa = allowAlice({ NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 } });
    expect(decide(recentMfa, alice, { 'aws:MultiFactorAuthAge': '120' })).toBe('Allow');
    expect(decide(recentMfa, alice, { 'aws:MultiFactorAuthAge': '7200' })).toBe('Deny:no-matching-allow');
    expect(decide(recentMfa, alice, { 'aws:MultiFactorAuthAge': 'soon' })).toBe('Deny:no-matching-allow');
    const beforeCutoff = allowAlice({ DateLessThan: { 'aws:CurrentTime': '2026-12-01T00:00:00Z' } });
    expect(decide(beforeCutoff, alice, { 'aws:CurrentTime': '2026-11-28T07:52:00Z' })).toBe('Allow');
    expect(decide(beforeCutoff, alice, { 'aws:CurrentTime': '2026-12-02T00:00:00Z' })).toBe(
      'Deny:no-matching-allow',
    );
    expect(decide(beforeCutoff, alice, { 'aws:CurrentTime': '1764316800' })).toBe('Allow');
  });

  test('ForAnyValue: some request value matches; a missing key does not match', () => {
    const document = allowAlice({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['team', 'project'] } });
    expect(decide(document, alice, { 'aws:TagKeys': ['cost-center', 'team'] })).toBe('Allow');
    expect(decide(document, alice, { 'aws:TagKeys': ['cost-center'] })).toBe('Deny:no-matching-allow');
    expect(decide(document, alice, {})).toBe('Deny:no-matching-allow');
  });

  test('ForAllValues: every request value matches; a missing key matches', () => {
    const document = allowAlice({ 'ForAllValues:StringLike': { 'aws:TagKeys': ['team', 'project-*'] } });
    expect(decide(document, alice, { 'aws:TagKeys': ['team', 'project-x'] })).toBe('Allow');
    expect(decide(document, alice, { 'aws:TagKeys': ['team', 'owner'] })).toBe('Deny:no-matching-allow');
    expect(decide(document, alice, {})).toBe('Allow');
  });

  test('ForAllValues with a negated operator: no request value may be listed', () => {
    const document = allowAlice({ 'ForAllValues:StringNotEquals': { 'aws:TagKeys': 'admin' } });
    expect(decide(document, alice, { 'aws:TagKeys': ['team', 'project'] })).toBe('Allow');
    expect(decide(document, alice, { 'aws:TagKeys': ['team', 'admin'] })).toBe('Deny:no-matching-allow');
  });

  test('policy variables are replaced by request values in 2012-10-17 documents', () => {
    const document = allowAlice({ StringLike: { 'sts:RoleSessionName': '${aws:username}-*' } });
    expect(decide(document, alice, { 'aws:username': 'alice', 'sts:RoleSessionName': 'alice-ci' })).toBe(
      'Allow',
    );
    expect(decide(document, alice, { 'aws:username': 'alice', 'sts:RoleSessionName': 'bob-ci' })).toBe(
      'Deny:no-matching-allow',
    );
    // A missing variable matches nothing unless the policy gives a default.
    expect(decide(document, alice, { 'sts:RoleSessionName': '-ci' })).toBe('Deny:no-matching-allow');
    const withDefault = allowAlice({ StringEquals: { 'sts:RoleSessionName': "${aws:username, 'anon'}" } });
    expect(decide(withDefault, alice, { 'sts:RoleSessionName': 'anon' })).toBe('Allow');
    // Characters from a variable are literal even under StringLike.
    expect(decide(document, alice, { 'aws:username': 'a.c', 'sts:RoleSessionName': 'abc-1' })).toBe(
      'Deny:no-matching-allow',
    );
    const literalStar = allowAlice({ StringLike: { 'sts:ExternalId': 'a${*}' } });
    expect(decide(literalStar, alice, { 'sts:ExternalId': 'a*' })).toBe('Allow');
    expect(decide(literalStar, alice, { 'sts:ExternalId': 'abc' })).toBe('Deny:no-matching-allow');
  });

  test('2008-10-17 documents take ${…} literally', () => {
    const document: PolicyDocument = {
      Version: '2008-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': '${aws:username}' } },
        },
      ],
    };
    expect(decide(document, alice, { 'aws:username': 'alice', 'sts:ExternalId': 'alice' })).toBe(
      'Deny:no-matching-allow',
    );
    expect(decide(document, alice, { 'sts:ExternalId': '${aws:username}' })).toBe('Allow');
  });

  test('the GitHub Actions OIDC trust policy from the AWS docs', () => {
    const document = parsePolicyDocument(
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: {
              Federated: 'arn:aws:iam::222222222222:oidc-provider/token.actions.githubusercontent.com',
            },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: {
              StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
              StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/infra:*' },
            },
          },
        ],
      }),
      'trustPolicy',
    );
    const context = {
      'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
      'token.actions.githubusercontent.com:sub': 'repo:acme/infra:ref:refs/heads/main',
    };
    const action = 'sts:AssumeRoleWithWebIdentity';
    expect(decide(document, github, context, action)).toBe('Allow');
    expect(
      decide(
        document,
        github,
        { ...context, 'token.actions.githubusercontent.com:sub': 'repo:evil/infra:x' },
        action,
      ),
    ).toBe('Deny:no-matching-allow');
  });
});

describe('evaluateTrust: the condition context on demand', () => {
  function counted(context: TrustRequest['context']): {
    build: () => TrustRequest['context'];
    builds: number;
  } {
    const counter = {
      builds: 0,
      build: () => {
        counter.builds++;
        return context;
      },
    };
    return counter;
  }

  test('a policy without conditions decides without building the context', () => {
    const context = counted({});
    expect(evaluateTrust(allowAlice(), 'sts:AssumeRole', alice, context.build)).toEqual({ effect: 'Allow' });
    expect(evaluateTrust(allowAlice(), 'sts:AssumeRole', bob, context.build)).toEqual({
      effect: 'Deny',
      reason: 'no-matching-allow',
    });
    expect(context.builds).toBe(0);
  });

  test('conditions read the context, built once however many keys they test', () => {
    const document = allowAlice({ StringEquals: { 'sts:ExternalId': 'x', 'sts:RoleSessionName': 's' } });
    const context = counted({ 'sts:ExternalId': 'x', 'sts:RoleSessionName': 's' });
    expect(evaluateTrust(document, 'sts:AssumeRole', alice, context.build)).toEqual({ effect: 'Allow' });
    expect(context.builds).toBe(1);
  });

  test('a statement for another principal never reads it', () => {
    const context = counted({ 'sts:ExternalId': 'x' });
    const document = allowAlice({ StringEquals: { 'sts:ExternalId': 'x' } });
    expect(evaluateTrust(document, 'sts:AssumeRole', mallory, context.build).effect).toBe('Deny');
    expect(context.builds).toBe(0);
  });
});

describe('parsePolicyDocument', () => {
  test('accepts JSON text or an object and returns a copy the caller cannot change later', () => {
    const input = allowAlice({ StringEquals: { 'sts:ExternalId': 'a1' } });
    const parsed = parsePolicyDocument(input, 'trustPolicy');
    expect(parsed).toEqual(input);
    (input.Statement as PolicyStatement[]).push({ Effect: 'Allow', Principal: '*', Action: 'sts:*' });
    expect(decide(parsed, mallory)).toBe('Deny:no-matching-allow');
    expect(parsePolicyDocument(JSON.stringify(parsed), 'trustPolicy')).toEqual(parsed);
  });

  test('the returned document is frozen, so the checked form evaluations reuse cannot go stale', () => {
    const parsed = parsePolicyDocument(
      allowAlice({ StringEquals: { 'sts:ExternalId': 'a1' } }),
      'trustPolicy',
    );
    const statement = (parsed.Statement as readonly PolicyStatement[])[0]!;
    expect(Object.isFrozen(parsed)).toBe(true);
    expect(() => {
      (statement.Condition as Record<string, Record<string, string>>).StringEquals!['sts:ExternalId'] = 'b2';
    }).toThrow(TypeError);
    expect(decide(parsed, alice, { 'sts:ExternalId': 'a1' })).toBe('Allow');
  });

  test('a document without Version is a 2008-10-17 document, as IAM treats it', () => {
    expect(
      parsePolicyDocument({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sts:*' }] }, 'p').Version,
    ).toBe('2008-10-17');
  });

  test.each([
    ['{"Version":', 'trustPolicy: is not valid JSON'],
    [[], 'trustPolicy: must be a policy document object'],
    [{ Version: '2012-10-17' }, 'trustPolicy.Statement: is required'],
    [{ Version: '2012-10-17', Statement: [] }, 'trustPolicy.Statement: must hold at least one statement'],
    [{ Version: '2020-01-01', Statement: [] }, `trustPolicy.Version: '2020-01-01' is not`],
    [{ Version: '2012-10-17', Statment: [] }, 'trustPolicy.Statment: unknown field'],
    [
      { Version: '2012-10-17', Statement: [{ Effect: 'allow', Principal: '*', Action: 'sts:AssumeRole' }] },
      `trustPolicy.Statement[0].Effect: 'allow' is not 'Allow' or 'Deny'`,
    ],
    [
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] },
      'trustPolicy.Statement[0]: needs exactly one of Principal or NotPrincipal',
    ],
    [
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*' }] },
      'trustPolicy.Statement[0]: needs exactly one of Action or NotAction',
    ],
    [
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Resource: '*' }],
      },
      'trustPolicy.Statement[0].Resource: a trust policy has no Resource',
    ],
    [
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', NotPrincipal: { AWS: '111111111111' }, Action: 'sts:*' }],
      },
      'trustPolicy.Statement[0].NotPrincipal: IAM supports NotPrincipal only with "Effect": "Deny"',
    ],
    [
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: 'alice' }, Action: 'sts:AssumeRole' }],
      },
      'trustPolicy.Statement[0].Principal.AWS: Invalid principal in policy: "AWS":"alice"',
    ],
    [
      {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:role/*' }, Action: 'sts:*' },
        ],
      },
      'IAM allows no wildcards here',
    ],
    [
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { aws: '111111111111' }, Action: 'sts:*' }],
      },
      'trustPolicy.Statement[0].Principal.aws: unknown principal type',
    ],
    [
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'AssumeRole' }] },
      `trustPolicy.Statement[0].Action[0]: 'AssumeRole' is not an action`,
    ],
    [
      {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'A', Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' },
          { Sid: 'A', Effect: 'Deny', Principal: '*', Action: 'sts:TagSession' },
        ],
      },
      `trustPolicy.Statement[1].Sid: 'A' is used by another statement`,
    ],
  ])('refuses %j naming the field and the problem', (json, message) => {
    expect(parseError(json).message).toContain(message);
  });

  test('an unknown condition operator is refused by name, with a suggestion for a miscased one', () => {
    const typo = parseError(allowAlice({ StringEqualz: { 'sts:ExternalId': 'x' } }));
    expect(typo.message).toBe(
      `trustPolicy.Statement[0].Condition.StringEqualz: 'StringEqualz' is not a condition operator`,
    );
    expect(typo.path).toBe('Statement[0].Condition.StringEqualz');
    expect(typo.field).toBe('trustPolicy');
    expect(typo.code).toBe('MalformedPolicyDocument');
    expect(parseError(allowAlice({ stringequals: { 'sts:ExternalId': 'x' } })).message).toContain(
      `(did you mean 'StringEquals'?)`,
    );
  });

  test('a real IAM operator the mock does not evaluate is refused, never guessed at', () => {
    expect(parseError(allowAlice({ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } })).message).toBe(
      `trustPolicy.Statement[0].Condition.IpAddress: condition operator 'IpAddress' is not supported by @rolechain/sts-mock`,
    );
  });

  test('evaluating a document with an unknown operator throws instead of allowing', () => {
    const document = policy({
      Effect: 'Allow',
      Principal: '*',
      Action: 'sts:AssumeRole',
      Condition: { StringEqualsMaybe: { 'sts:ExternalId': 'x' } },
    });
    expect(() =>
      evaluateTrustPolicy(document, { action: 'sts:AssumeRole', principal: alice, context: {} }),
    ).toThrow(`'StringEqualsMaybe' is not a condition operator`);
  });

  test.each([
    [{ NullIfExists: { 'sts:ExternalId': 'true' } }, 'Null takes no IfExists suffix'],
    [{ Null: { 'sts:ExternalId': 'maybe' } }, `'maybe' is not 'true' or 'false'`],
    [{ Bool: { 'aws:MultiFactorAuthPresent': 'yes' } }, `'yes' is not 'true' or 'false'`],
    [{ NumericLessThan: { 'aws:MultiFactorAuthAge': 'an hour' } }, `'an hour' is not a number`],
    [{ DateLessThan: { 'aws:CurrentTime': 'tomorrow' } }, `'tomorrow' is not an ISO 8601 date`],
    [{ StringEquals: { 'sts:ExternalId': [] } }, 'must hold at least one value'],
    [{ StringEquals: { 'sts:ExternalId': { nested: 1 } } }, 'values must be strings, numbers or booleans'],
    [{ StringEquals: {} }, 'must map condition keys to values'],
  ])('refuses the condition %j', (condition, message) => {
    expect(parseError(allowAlice(condition as PolicyStatement['Condition'])).message).toContain(message);
  });
});

describe('trustPolicyFor', () => {
  test('builds an Allow for AWS principals with sts:AssumeRole', () => {
    const document = trustPolicyFor(['111111111111', 'arn:aws:iam::222222222222:role/team/deployer']);
    expect(document).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: ['111111111111', 'arn:aws:iam::222222222222:role/team/deployer'] },
          Action: 'sts:AssumeRole',
        },
      ],
    });
    expect(decide(document, bob)).toBe('Allow');
    expect(decide(document, deployerSession)).toBe('Allow');
    expect(decide(document, mallory)).toBe('Deny:no-matching-allow');
    // Like a real role trusting only sts:AssumeRole, passing session tags is not allowed.
    expect(decide(document, bob, {}, 'sts:TagSession')).toBe('Deny:no-matching-allow');
  });

  test('puts OIDC providers under Federated with sts:AssumeRoleWithWebIdentity', () => {
    const provider = github.provider;
    const document = trustPolicyFor([provider, '111111111111']);
    expect(document.Statement).toEqual([
      { Effect: 'Allow', Principal: { Federated: [provider] }, Action: 'sts:AssumeRoleWithWebIdentity' },
      { Effect: 'Allow', Principal: { AWS: ['111111111111'] }, Action: 'sts:AssumeRole' },
    ]);
    expect(decide(document, github, {}, 'sts:AssumeRoleWithWebIdentity')).toBe('Allow');
  });

  test('uses the given action for every principal', () => {
    const document = trustPolicyFor(['111111111111'], 'sts:*');
    expect(decide(document, bob, {}, 'sts:TagSession')).toBe('Allow');
  });

  test('refuses an empty list and names the bad entry', () => {
    expect(() => trustPolicyFor([])).toThrow('trustedPrincipals: must be a non-empty array');
    expect(() => trustPolicyFor(['111111111111', 'alice'])).toThrow(
      `trustedPrincipals[1]: 'alice' is not an account id, an IAM user, role or session ARN`,
    );
    expect(() => trustPolicyFor(['*'])).toThrow(PolicyDocumentError);
    expect(() => trustPolicyFor(['111111111111'], 'AssumeRole')).toThrow(
      `action: 'AssumeRole' is not an action`,
    );
  });

  test('what it builds passes parsePolicyDocument', () => {
    const document = trustPolicyFor(['arn:aws:iam::111111111111:user/alice']);
    expect(parsePolicyDocument(document, 'trustPolicy')).toEqual(document);
  });
});

describe('hostile documents: prototype names, deep nesting, many wildcards', () => {
  test.each(['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__', '__defineGetter__'])(
    "a condition operator named '%s' (an Object.prototype member) is refused as unknown",
    (name) => {
      const text = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"${name}":{"sts:ExternalId":"x"}}}}`;
      expect(() => parsePolicyDocument(text, 'trustPolicy')).toThrow(
        new PolicyDocumentError(
          'trustPolicy',
          `Statement.Condition.${name}`,
          `'${name}' is not a condition operator`,
        ),
      );
    },
  );

  test('condition keys and principal types named like prototype members are data', () => {
    const document = parsePolicyDocument(
      '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringEquals":{"__proto__":"x","constructor":"y"}}}}',
      'trustPolicy',
    );
    expect(decide(document, alice, { ['__proto__']: 'x', constructor: 'y' })).toBe('Allow');
    expect(decide(document, alice, { constructor: 'y' })).toBe('Deny:no-matching-allow');
    expect(() =>
      parsePolicyDocument(
        '{"Statement":{"Effect":"Allow","Principal":{"__proto__":"x"},"Action":"sts:AssumeRole"}}',
        'trustPolicy',
      ),
    ).toThrow(PolicyDocumentError);
  });

  test('fields inherited from a polluted Object.prototype are not read as statement fields', () => {
    const document = allowAlice();
    const prototype = Object.prototype as Record<string, unknown>;
    prototype['Condition'] = { StringEquals: { 'sts:ExternalId': 'injected' } };
    prototype['NotPrincipal'] = { AWS: alice.arn };
    try {
      const parsed = parsePolicyDocument(document, 'trustPolicy');
      expect(decide(parsed)).toBe('Allow');
    } finally {
      delete prototype['Condition'];
      delete prototype['NotPrincipal'];
    }
  });

  test('a document nested 20,000 levels deep, circular, or holding a BigInt is a PolicyDocumentError', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 20_000; i++) deep = { Statement: deep };
    const circular: Record<string, unknown> = { Version: '2012-10-17' };
    circular['Statement'] = { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Sid: circular };
    const bigint = { Version: 10n, Statement: [] };
    const deepText = `${'{"Statement":'.repeat(20_000)}1${'}'.repeat(20_000)}`;
    for (const document of [deep, circular, bigint, deepText]) {
      expect(() => parsePolicyDocument(document, 'trustPolicy')).toThrow(PolicyDocumentError);
    }
  });

  test('StringLike with many * against a long value answers at once (no backtracking)', () => {
    const pattern = `${'*a'.repeat(30)}*b`;
    const document = allowAlice({ StringLike: { 'sts:ExternalId': pattern } });
    expect(decide(document, alice, { 'sts:ExternalId': 'a'.repeat(2000) })).toBe('Deny:no-matching-allow');
    expect(decide(document, alice, { 'sts:ExternalId': `${'a'.repeat(2000)}b` })).toBe('Allow');
  });

  test('ArnLike and actions with many * answer at once too', () => {
    const arnPattern = `arn:aws:iam::111111111111:user/${'*x'.repeat(30)}*y`;
    const byArn = allowAlice({ ArnLike: { 'aws:PrincipalArn': arnPattern } });
    const longArn = `arn:aws:iam::111111111111:user/${'x'.repeat(2000)}`;
    expect(decide(byArn, alice, { 'aws:PrincipalArn': longArn })).toBe('Deny:no-matching-allow');
    expect(decide(byArn, alice, { 'aws:PrincipalArn': `${longArn}y` })).toBe('Allow');
    const byAction = policy({
      Effect: 'Allow',
      Principal: '*',
      Action: `sts:${'*a'.repeat(40)}*B`,
    });
    expect(decide(byAction, alice, {}, `sts:${'A'.repeat(1000)}`)).toBe('Deny:no-matching-allow');
    expect(decide(byAction, alice, {}, `sts:${'A'.repeat(1000)}b`)).toBe('Allow');
  });

  test('wildcards: * any run, ? one character, everything else literal (regex characters too)', () => {
    const like = (pattern: string, value: string): string =>
      decide(allowAlice({ StringLike: { 'sts:ExternalId': pattern } }), alice, { 'sts:ExternalId': value });
    expect(like('a*c?e', 'abbbcde')).toBe('Allow');
    expect(like('a*c?e', 'ace')).toBe('Deny:no-matching-allow');
    expect(like('a.+(b)[c]$^|\\d', 'a.+(b)[c]$^|\\d')).toBe('Allow');
    expect(like('a.+', 'abb')).toBe('Deny:no-matching-allow');
    expect(like('*', '')).toBe('Allow');
    expect(like('?', '')).toBe('Deny:no-matching-allow');
    expect(like('line*', 'line1\nline2')).toBe('Allow');
  });
});
