import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { describe, expect, test } from 'vitest';
import { useStsMock } from '@rolechain/sts-mock/vitest';
import { failure } from './test-support/sts-failure';

const { sts } = useStsMock();

const alice = sts.createUser({ accountId: '111111111111', userName: 'alice' });
const deployer = sts.createRole({
  accountId: '222222222222',
  roleName: 'deployer',
  path: '/team/',
  trustedPrincipals: [alice.arn],
  maxSessionDuration: 7200,
});
const reader = sts.createRole({
  accountId: '333333333333',
  roleName: 'reader',
  trustedPrincipals: [deployer.arn],
  maxSessionDuration: 43200,
});

function client(credentials: {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}): STSClient {
  return new STSClient({ region: 'eu-west-1', credentials, maxAttempts: 1 });
}

describe('AssumeRole through the real SDK', () => {
  test('a user assumes a role, chains into another, and GetCallerIdentity answers with the last session', async () => {
    const first = await client(alice.credentials).send(
      new AssumeRoleCommand({ RoleArn: deployer.arn, RoleSessionName: 'deploy-1', DurationSeconds: 7200 }),
    );
    expect(first.AssumedRoleUser).toEqual({
      Arn: 'arn:aws:sts::222222222222:assumed-role/deployer/deploy-1',
      AssumedRoleId: `${deployer.roleId}:deploy-1`,
    });
    expect(first.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(first.Credentials?.Expiration?.getTime()).toBe(
      Math.floor(sts.calls[0]!.at.getTime() / 1000) * 1000 + 7200_000,
    );
    const creds = first.Credentials!;
    const sessionCredentials = {
      accessKeyId: creds.AccessKeyId!,
      secretAccessKey: creds.SecretAccessKey!,
      sessionToken: creds.SessionToken!,
    };
    const second = await client(sessionCredentials).send(
      new AssumeRoleCommand({ RoleArn: reader.arn, RoleSessionName: 'read-1' }),
    );
    expect(second.AssumedRoleUser?.Arn).toBe('arn:aws:sts::333333333333:assumed-role/reader/read-1');
    const c2 = second.Credentials!;
    const identity = await client({
      accessKeyId: c2.AccessKeyId!,
      secretAccessKey: c2.SecretAccessKey!,
      sessionToken: c2.SessionToken!,
    }).send(new GetCallerIdentityCommand({}));
    expect(identity).toMatchObject({
      Account: '333333333333',
      Arn: 'arn:aws:sts::333333333333:assumed-role/reader/read-1',
      UserId: `${reader.roleId}:read-1`,
    });
    expect(identity.$metadata.requestId).toBe(sts.calls[2]!.requestId);
    expect(sts.calls.map((call) => [call.action, call.caller?.arn, call.status])).toEqual([
      ['AssumeRole', alice.arn, 200],
      ['AssumeRole', first.AssumedRoleUser!.Arn, 200],
      ['GetCallerIdentity', second.AssumedRoleUser!.Arn, 200],
    ]);
  });

  test('a chained session cannot ask for more than one hour, even when the role allows more', async () => {
    const first = await client(alice.credentials).send(
      new AssumeRoleCommand({ RoleArn: deployer.arn, RoleSessionName: 'deploy-2' }),
    );
    const creds = first.Credentials!;
    const error = await failure(
      client({
        accessKeyId: creds.AccessKeyId!,
        secretAccessKey: creds.SecretAccessKey!,
        sessionToken: creds.SessionToken!,
      }).send(
        new AssumeRoleCommand({ RoleArn: reader.arn, RoleSessionName: 'read-2', DurationSeconds: 3601 }),
      ),
    );
    expect(error.name).toBe('ValidationError');
    expect(error.message).toBe(
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    );
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  test('a user outside the trust policy is denied with the real message', async () => {
    const mallory = sts.createUser({ accountId: '444444444444', userName: 'mallory' });
    const error = await failure(
      client(mallory.credentials).send(
        new AssumeRoleCommand({ RoleArn: deployer.arn, RoleSessionName: 'x1' }),
      ),
    );
    expect(error.name).toBe('AccessDenied');
    expect(error.$metadata.httpStatusCode).toBe(403);
    expect(error.message).toBe(
      `User: ${mallory.arn} is not authorized to perform: sts:AssumeRole on resource: ${deployer.arn}`,
    );
  });

  test('a wrong secret is SignatureDoesNotMatch and an unknown key InvalidClientTokenId', async () => {
    const wrongSecret = await failure(
      client({ accessKeyId: alice.accessKeyId, secretAccessKey: 'x'.repeat(40) }).send(
        new GetCallerIdentityCommand({}),
      ),
    );
    expect([wrongSecret.name, wrongSecret.$metadata.httpStatusCode]).toEqual(['SignatureDoesNotMatch', 403]);
    const unknownKey = await failure(
      client({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x'.repeat(40) }).send(
        new GetCallerIdentityCommand({}),
      ),
    );
    expect([unknownKey.name, unknownKey.message]).toEqual([
      'InvalidClientTokenId',
      'The security token included in the request is invalid.',
    ]);
  });

  test('a session name with a space fails validation with the pattern in the message', async () => {
    const error = await failure(
      client(alice.credentials).send(
        new AssumeRoleCommand({ RoleArn: deployer.arn, RoleSessionName: 'x y' }),
      ),
    );
    expect(error.message).toBe(
      "1 validation error detected: Value 'x y' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    );
  });
});
