import { inspect } from 'node:util';
import {
  AssumeRoleCommand,
  AssumeRootCommand,
  GetCallerIdentityCommand,
  GetScopedCredentialsCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import type { AssumeRootCommandInput, Credentials } from '@aws-sdk/client-sts';
import { describe, expect, test } from 'vitest';
import { StsMockInputError } from '@rolechain/sts-mock';
import type { CreateOrganizationInput } from '@rolechain/sts-mock';
import { useStsMock } from '@rolechain/sts-mock/vitest';
import { failure } from './test-support/sts-failure';

const { sts } = useStsMock();

const organization = sts.createOrganization({
  managementAccountId: '100000000000',
  memberAccountIds: ['200000000000', '300000000000'],
  delegatedAdministratorAccountIds: ['300000000000'],
});
const admin = sts.createUser({ accountId: '100000000000', userName: 'admin' });
const delegate = sts.createUser({ accountId: '300000000000', userName: 'delegate' });
const member = sts.createUser({ accountId: '200000000000', userName: 'member' });
const outsider = sts.createUser({ accountId: '900000000000', userName: 'outsider' });
const unlockBucket = 'arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy';

interface Keys {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

function client(credentials: Keys): STSClient {
  return new STSClient({ region: 'eu-west-1', credentials, maxAttempts: 1 });
}

function resolved(credentials: Credentials): Keys {
  return {
    accessKeyId: credentials.AccessKeyId!,
    secretAccessKey: credentials.SecretAccessKey!,
    sessionToken: credentials.SessionToken!,
  };
}

function assumeRoot(input: Partial<AssumeRootCommandInput>, as: Keys = admin.credentials) {
  return client(as).send(
    new AssumeRootCommand({
      TargetPrincipal: '200000000000',
      TaskPolicyArn: { arn: unlockBucket },
      ...input,
    }),
  );
}

async function assumeRootFails(input: Partial<AssumeRootCommandInput>, as: Keys = admin.credentials) {
  const error = await failure(assumeRoot(input, as));
  return { name: error.name, message: error.message, status: error.$metadata.httpStatusCode };
}

describe('AssumeRoot', () => {
  test('the management account gets 900-second root credentials of a member account', async () => {
    expect(organization).toMatchObject({
      id: expect.stringMatching(/^o-[a-z0-9]{10}$/) as unknown,
      managementAccountId: '100000000000',
    });
    const out = await assumeRoot({});
    const at = sts.calls.at(-1)!.at.getTime();
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    expect(out.Credentials?.Expiration?.getTime()).toBe(Math.floor(at / 1000) * 1000 + 900_000);
    expect(out.SessionTokenSize).toBe(out.Credentials?.SessionToken?.length);
    const identity = await client(resolved(out.Credentials!)).send(new GetCallerIdentityCommand({}));
    expect(identity).toMatchObject({
      Arn: 'arn:aws:iam::200000000000:root',
      Account: '200000000000',
      UserId: '200000000000',
    });
  });

  test('a delegated administrator may too, with a root ARN as TargetPrincipal and a shorter duration', async () => {
    const out = await assumeRoot(
      {
        TargetPrincipal: 'arn:aws:iam::200000000000:root',
        TaskPolicyArn: { arn: 'arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials' },
        DurationSeconds: 300,
      },
      delegate.credentials,
    );
    const at = sts.calls.at(-1)!.at.getTime();
    expect(out.Credentials?.Expiration?.getTime()).toBe(Math.floor(at / 1000) * 1000 + 300_000);
  });

  test('a role session keeps its source identity in the answer', async () => {
    const role = sts.createRole({
      accountId: '100000000000',
      roleName: 'root-tasks',
      trustPolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: admin.arn },
            Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
          },
        ],
      },
    });
    const session = await client(admin.credentials).send(
      new AssumeRoleCommand({ RoleArn: role.arn, RoleSessionName: 'ops', SourceIdentity: 'admin' }),
    );
    const out = await assumeRoot({}, resolved(session.Credentials!));
    expect(out.SourceIdentity).toBe('admin');
  });

  test.each([
    ['a member account that is no administrator', member, '300000000000'],
    ['an account outside the organization', outsider, '200000000000'],
    ['the management account itself as the target', admin, '100000000000'],
    ['an account that is not in the organization as the target', admin, '900000000000'],
  ])('%s is AccessDenied', async (_, caller, target) => {
    expect(await assumeRootFails({ TargetPrincipal: target }, caller.credentials)).toEqual({
      name: 'AccessDenied',
      status: 403,
      message: `User: ${caller.arn} is not authorized to perform: sts:AssumeRoot on resource: arn:aws:iam::${target}:root`,
    });
  });

  test('root credentials cannot assume root again, nor assume a role, nor be scoped', async () => {
    const out = await assumeRoot({});
    const root = resolved(out.Credentials!);
    expect(await assumeRootFails({ TargetPrincipal: '300000000000' }, root)).toMatchObject({
      name: 'AccessDenied',
      message: expect.stringContaining('User: arn:aws:iam::200000000000:root is not authorized') as unknown,
    });
    const role = sts.createRole({
      accountId: '200000000000',
      roleName: 'any',
      trustedPrincipals: ['200000000000'],
    });
    const assume = await failure(
      client(root).send(new AssumeRoleCommand({ RoleArn: role.arn, RoleSessionName: 'root-x' })),
    );
    expect(assume.name).toBe('AccessDenied');
    const scoped = await failure(client(root).send(new GetScopedCredentialsCommand({ DurationSeconds: 60 })));
    expect(scoped.name).toBe('InvalidSubjectCredentialsException');
  });

  test.each([
    [
      { DurationSeconds: 901 },
      "1 validation error detected: Value '901' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 900",
    ],
    [
      { TargetPrincipal: '12345' },
      "1 validation error detected: Value '12345' at 'targetPrincipal' failed to satisfy constraint: Member must have length greater than or equal to 12",
    ],
    [
      { TaskPolicyArn: { arn: 'arn:aws:iam' } },
      "1 validation error detected: Value 'arn:aws:iam' at 'taskPolicyArn.arn' failed to satisfy constraint: Member must have length greater than or equal to 20",
    ],
    [
      { TargetPrincipal: 'arn:aws:iam::200000000000:user/x' },
      "TargetPrincipal 'arn:aws:iam::200000000000:user/x' is not a 12-digit account id or an account root ARN",
    ],
    [
      { TaskPolicyArn: { arn: 'arn:aws:iam::aws:policy/AdministratorAccess' } },
      "TaskPolicyArn 'arn:aws:iam::aws:policy/AdministratorAccess' is not a root task policy (arn:aws:iam::aws:policy/root-task/ followed by one of IAMAuditRootUserCredentials, IAMCreateRootUserPassword, IAMDeleteRootUserCredentials, S3UnlockBucketPolicy, SQSUnlockQueuePolicy)",
    ],
  ] as const)('%o is a ValidationError', async (input, message) => {
    expect(await assumeRootFails(input)).toEqual({ name: 'ValidationError', status: 400, message });
  });

  test('every root task policy is accepted', async () => {
    for (const name of [
      'IAMAuditRootUserCredentials',
      'IAMCreateRootUserPassword',
      'IAMDeleteRootUserCredentials',
      'S3UnlockBucketPolicy',
      'SQSUnlockQueuePolicy',
    ]) {
      const out = await assumeRoot({ TaskPolicyArn: { arn: `arn:aws:iam::aws:policy/root-task/${name}` } });
      expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    }
  });

  test('the calls log records the call, never the root secret', async () => {
    const out = await assumeRoot({});
    expect(sts.calls.at(-1)).toMatchObject({
      action: 'AssumeRoot',
      status: 200,
      caller: { arn: admin.arn },
      params: { TargetPrincipal: '200000000000', TaskPolicyArn: { arn: unlockBucket } },
    });
    expect(inspect(sts.calls, { depth: 10 })).not.toContain(out.Credentials!.SecretAccessKey!);
  });

  test('the global endpoint does not serve it', async () => {
    const global = new STSClient({
      region: 'us-east-1',
      endpoint: 'https://sts.amazonaws.com',
      credentials: admin.credentials,
      maxAttempts: 1,
    });
    const error = await failure(
      global.send(
        new AssumeRootCommand({ TargetPrincipal: '200000000000', TaskPolicyArn: { arn: unlockBucket } }),
      ),
    );
    expect(error.name).toBe('InvalidAction');
  });
});

describe('createOrganization()', () => {
  test.each([
    [
      { managementAccountId: '1', memberAccountIds: [] },
      "managementAccountId: '1' is not a 12-digit account id",
    ],
    [
      { managementAccountId: '400000000000', memberAccountIds: '500000000000' },
      'memberAccountIds: expected an array of 12-digit account ids, got 500000000000',
    ],
    [
      { managementAccountId: '400000000000', memberAccountIds: ['400000000000'] },
      "memberAccountIds: '400000000000' is the management account; list only member accounts",
    ],
    [
      { managementAccountId: '400000000000', memberAccountIds: ['500000000000', '500000000000'] },
      "memberAccountIds[1]: '500000000000' is listed twice",
    ],
    [
      {
        managementAccountId: '400000000000',
        memberAccountIds: ['500000000000'],
        delegatedAdministratorAccountIds: ['600000000000'],
      },
      "delegatedAdministratorAccountIds: '600000000000' is not one of memberAccountIds (a delegated administrator is a member account)",
    ],
    [
      { managementAccountId: '400000000000', memberAccountIds: ['200000000000'] },
      `memberAccountIds: account '200000000000' already belongs to organization ${organization.id}`,
    ],
    [
      { managementAccountId: '400000000000', memberAccountIds: [], members: [] },
      'members: is not a known option of createOrganization() (known: managementAccountId, memberAccountIds, delegatedAdministratorAccountIds)',
    ],
  ])('%o is refused', (input, message) => {
    expect(() => sts.createOrganization(input as unknown as CreateOrganizationInput)).toThrow(
      new StsMockInputError(message.slice(0, message.indexOf(':')), message.slice(message.indexOf(':') + 2)),
    );
  });
});
