// Trust policies under the real SDK: each condition a role can put on who assumes it, and the exact
// AccessDenied STS answers with when it does not hold.
import { AssumeRoleCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import type { AssumeRoleCommandInput, Credentials } from '@aws-sdk/client-sts';
import { describe, expect, test } from 'vitest';
import { PolicyDocumentError } from '@rolechain/sts-mock';
import type { PolicyStatement } from '@rolechain/sts-mock';
import { useStsMock } from '@rolechain/sts-mock/vitest';

const { sts } = useStsMock();

const alice = sts.createUser({ accountId: '111111111111', userName: 'alice', mfa: true });
const bob = sts.createUser({ accountId: '111111111111', userName: 'bob' });

let roles = 0;
/** A role in account 222222222222 with the given trust statements. */
function roleTrusting(...statements: PolicyStatement[]) {
  roles += 1;
  return sts.createRole({
    accountId: '222222222222',
    roleName: `target-${roles}`,
    trustPolicy: { Version: '2012-10-17', Statement: statements },
  });
}

function client(credentials: {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}): STSClient {
  return new STSClient({ region: 'eu-west-1', credentials, maxAttempts: 1 });
}

function sessionCredentials(credentials: Credentials | undefined) {
  return {
    accessKeyId: credentials?.AccessKeyId ?? '',
    secretAccessKey: credentials?.SecretAccessKey ?? '',
    sessionToken: credentials?.SessionToken ?? '',
  };
}

function assume(
  as: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
  input: Partial<AssumeRoleCommandInput> & { RoleArn: string },
) {
  return client(as).send(new AssumeRoleCommand({ RoleSessionName: 'test', ...input }));
}

async function denial(promise: Promise<unknown>): Promise<{ code: string; status: number; message: string }> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(STSServiceException);
  const { name, message, $metadata } = error as STSServiceException;
  return { code: name, status: $metadata.httpStatusCode ?? 0, message };
}

function accessDenied(callerArn: string, action: string, roleArn: string) {
  return {
    code: 'AccessDenied',
    status: 403,
    message: `User: ${callerArn} is not authorized to perform: ${action} on resource: ${roleArn}`,
  };
}

describe('trust conditions', () => {
  test('sts:ExternalId with StringEquals: missing or wrong is denied, the right one is allowed', async () => {
    const role = roleTrusting({
      Effect: 'Allow',
      Principal: { AWS: alice.arn },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': 'xyz-123' } },
    });
    const denied = accessDenied(alice.arn, 'sts:AssumeRole', role.arn);
    expect(await denial(assume(alice.credentials, { RoleArn: role.arn }))).toEqual(denied);
    expect(await denial(assume(alice.credentials, { RoleArn: role.arn, ExternalId: 'XYZ-123' }))).toEqual(
      denied,
    );
    const ok = await assume(alice.credentials, { RoleArn: role.arn, ExternalId: 'xyz-123' });
    expect(ok.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::222222222222:assumed-role/${role.roleName}/test`);
  });

  test('aws:PrincipalArn with ArnLike: only sessions of roles under /ci/ may chain in', async () => {
    const runner = sts.createRole({
      accountId: '222222222222',
      roleName: 'runner',
      path: '/ci/',
      trustedPrincipals: [alice.arn],
    });
    const other = sts.createRole({
      accountId: '222222222222',
      roleName: 'other',
      trustedPrincipals: [alice.arn],
    });
    const role = roleTrusting({
      Effect: 'Allow',
      Principal: { AWS: '222222222222' },
      Action: 'sts:AssumeRole',
      Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::222222222222:role/ci/*' } },
    });
    const fromRunner = await assume(alice.credentials, { RoleArn: runner.arn, RoleSessionName: 'job-7' });
    const chained = await assume(sessionCredentials(fromRunner.Credentials), { RoleArn: role.arn });
    expect(chained.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::222222222222:assumed-role/${role.roleName}/test`);

    const fromOther = await assume(alice.credentials, { RoleArn: other.arn, RoleSessionName: 'job-8' });
    expect(await denial(assume(sessionCredentials(fromOther.Credentials), { RoleArn: role.arn }))).toEqual(
      accessDenied('arn:aws:sts::222222222222:assumed-role/other/job-8', 'sts:AssumeRole', role.arn),
    );
  });

  test('aws:MultiFactorAuthPresent with Bool: long-term keys alone are denied, a valid MFA code is allowed', async () => {
    const role = roleTrusting({
      Effect: 'Allow',
      Principal: { AWS: '111111111111' },
      Action: 'sts:AssumeRole',
      Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
    });
    expect(await denial(assume(alice.credentials, { RoleArn: role.arn }))).toEqual(
      accessDenied(alice.arn, 'sts:AssumeRole', role.arn),
    );
    const serialNumber = alice.mfaSerialNumber ?? '';
    const ok = await assume(alice.credentials, {
      RoleArn: role.arn,
      SerialNumber: serialNumber,
      TokenCode: sts.mfaCode(serialNumber),
    });
    expect(ok.Credentials?.AccessKeyId).toMatch(/^ASIA/);
  });

  test('sts:RoleSessionName with StringLike: only matching session names', async () => {
    const role = roleTrusting({
      Effect: 'Allow',
      Principal: { AWS: alice.arn },
      Action: 'sts:AssumeRole',
      Condition: { StringLike: { 'sts:RoleSessionName': 'deploy-*' } },
    });
    expect(
      (await assume(alice.credentials, { RoleArn: role.arn, RoleSessionName: 'deploy-42' })).AssumedRoleUser
        ?.Arn,
    ).toBe(`arn:aws:sts::222222222222:assumed-role/${role.roleName}/deploy-42`);
    expect(await denial(assume(alice.credentials, { RoleArn: role.arn, RoleSessionName: 'adhoc' }))).toEqual(
      accessDenied(alice.arn, 'sts:AssumeRole', role.arn),
    );
  });

  test('sts:RoleSessionName must equal ${aws:username}: users can only name sessions after themselves', async () => {
    const role = roleTrusting({
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111111111111:root' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:RoleSessionName': '${aws:username}' } },
    });
    expect(
      (await assume(bob.credentials, { RoleArn: role.arn, RoleSessionName: 'bob' })).AssumedRoleUser?.Arn,
    ).toBe(`arn:aws:sts::222222222222:assumed-role/${role.roleName}/bob`);
    expect(await denial(assume(bob.credentials, { RoleArn: role.arn, RoleSessionName: 'alice' }))).toEqual(
      accessDenied(bob.arn, 'sts:AssumeRole', role.arn),
    );
  });

  test('aws:RequestTag on sts:TagSession: only the allowed tag value may be passed', async () => {
    const role = roleTrusting(
      { Effect: 'Allow', Principal: { AWS: alice.arn }, Action: 'sts:AssumeRole' },
      {
        Effect: 'Allow',
        Principal: { AWS: alice.arn },
        Action: 'sts:TagSession',
        Condition: { StringEquals: { 'aws:RequestTag/team': 'payments' } },
      },
    );
    const ok = await assume(alice.credentials, {
      RoleArn: role.arn,
      Tags: [{ Key: 'team', Value: 'payments' }],
    });
    expect(ok.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    expect(
      await denial(
        assume(alice.credentials, { RoleArn: role.arn, Tags: [{ Key: 'team', Value: 'growth' }] }),
      ),
    ).toEqual(accessDenied(alice.arn, 'sts:TagSession', role.arn));
  });

  test('policy variables: a user may only tag the session with its own team (ABAC)', async () => {
    const carol = sts.createUser({
      accountId: '111111111111',
      userName: 'carol',
      tags: { team: 'payments' },
    });
    const role = roleTrusting(
      { Effect: 'Allow', Principal: { AWS: '111111111111' }, Action: 'sts:AssumeRole' },
      {
        Effect: 'Allow',
        Principal: { AWS: '111111111111' },
        Action: 'sts:TagSession',
        Condition: { StringEquals: { 'aws:RequestTag/team': '${aws:PrincipalTag/team}' } },
      },
    );
    const own = await assume(carol.credentials, {
      RoleArn: role.arn,
      Tags: [{ Key: 'team', Value: 'payments' }],
    });
    expect(own.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    expect(
      await denial(
        assume(carol.credentials, { RoleArn: role.arn, Tags: [{ Key: 'team', Value: 'growth' }] }),
      ),
    ).toEqual(accessDenied(carol.arn, 'sts:TagSession', role.arn));
    // bob has no team tag: the variable is missing, so the condition matches nothing.
    expect(
      await denial(
        assume(bob.credentials, { RoleArn: role.arn, Tags: [{ Key: 'team', Value: 'payments' }] }),
      ),
    ).toEqual(accessDenied(bob.arn, 'sts:TagSession', role.arn));
  });

  test('an explicit Deny wins over an Allow of the whole account', async () => {
    const role = roleTrusting(
      { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole' },
      { Effect: 'Deny', Principal: { AWS: bob.arn }, Action: 'sts:*' },
    );
    expect((await assume(alice.credentials, { RoleArn: role.arn })).Credentials?.AccessKeyId).toMatch(
      /^ASIA/,
    );
    expect(await denial(assume(bob.credentials, { RoleArn: role.arn }))).toEqual(
      accessDenied(bob.arn, 'sts:AssumeRole', role.arn),
    );
  });
});

describe('actions beyond sts:AssumeRole', () => {
  const onlyAssumeRole: PolicyStatement = {
    Effect: 'Allow',
    Principal: { AWS: alice.arn },
    Action: 'sts:AssumeRole',
  };

  test('passing session tags needs sts:TagSession', async () => {
    const role = roleTrusting(onlyAssumeRole);
    expect(
      await denial(
        assume(alice.credentials, { RoleArn: role.arn, Tags: [{ Key: 'team', Value: 'payments' }] }),
      ),
    ).toEqual(accessDenied(alice.arn, 'sts:TagSession', role.arn));
    const tagging = roleTrusting({ ...onlyAssumeRole, Action: ['sts:AssumeRole', 'sts:TagSession'] });
    const ok = await assume(alice.credentials, {
      RoleArn: tagging.arn,
      Tags: [{ Key: 'team', Value: 'payments' }],
    });
    expect(ok.Credentials?.AccessKeyId).toMatch(/^ASIA/);
  });

  test('passing a source identity needs sts:SetSourceIdentity, and its conditions hold', async () => {
    const role = roleTrusting(onlyAssumeRole);
    expect(
      await denial(assume(alice.credentials, { RoleArn: role.arn, SourceIdentity: 'alice@example.com' })),
    ).toEqual(accessDenied(alice.arn, 'sts:SetSourceIdentity', role.arn));
    const withSource = roleTrusting(onlyAssumeRole, {
      Effect: 'Allow',
      Principal: { AWS: alice.arn },
      Action: 'sts:SetSourceIdentity',
      Condition: { StringLike: { 'sts:SourceIdentity': '*@example.com' } },
    });
    const ok = await assume(alice.credentials, {
      RoleArn: withSource.arn,
      SourceIdentity: 'alice@example.com',
    });
    expect(ok.SourceIdentity).toBe('alice@example.com');
    expect(
      await denial(assume(alice.credentials, { RoleArn: withSource.arn, SourceIdentity: 'alice@evil.test' })),
    ).toEqual(accessDenied(alice.arn, 'sts:SetSourceIdentity', withSource.arn));
  });
});

describe('policies the mock refuses up front', () => {
  test('an unknown condition operator fails createRole, naming it, before any call', () => {
    let error: unknown;
    try {
      roleTrusting({
        Effect: 'Allow',
        Principal: { AWS: alice.arn },
        Action: 'sts:AssumeRole',
        Condition: { StringEqualz: { 'sts:ExternalId': 'x' } },
      });
    } catch (caught: unknown) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PolicyDocumentError);
    expect((error as PolicyDocumentError).message).toBe(
      `trustPolicy.Statement[0].Condition.StringEqualz: 'StringEqualz' is not a condition operator`,
    );
    expect(sts.calls).toEqual([]);
  });

  test('a trust policy given as JSON text is parsed, and bad JSON names the field', async () => {
    const role = sts.createRole({
      accountId: '222222222222',
      roleName: 'from-json',
      trustPolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: bob.arn }, Action: 'sts:AssumeRole' }],
      }),
    });
    expect((await assume(bob.credentials, { RoleArn: role.arn })).Credentials?.AccessKeyId).toMatch(/^ASIA/);
    expect(() =>
      sts.createRole({ accountId: '222222222222', roleName: 'broken', trustPolicy: '{"Version":' }),
    ).toThrow(/^trustPolicy: is not valid JSON/);
  });
});
