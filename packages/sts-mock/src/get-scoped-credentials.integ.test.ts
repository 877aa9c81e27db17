import { inspect } from 'node:util';
import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  GetScopedCredentialsCommand,
  GetSessionTokenCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import type { Credentials, GetScopedCredentialsCommandInput } from '@aws-sdk/client-sts';
import { http, HttpResponse } from 'msw';
import { describe, expect, test } from 'vitest';
import type { CallerIdentity } from '@rolechain/sts-mock';
import { useStsMock } from '@rolechain/sts-mock/vitest';
import { failure } from './test-support/sts-failure';

const seen: CallerIdentity[] = [];
const { sts } = useStsMock({
  handlers: (sts) => [
    http.get(/^https:\/\/reports\.s3\.eu-west-1\.amazonaws\.com\//, async ({ request }) => {
      const signed = await sts.authenticate(request);
      if (signed.ok) seen.push(signed.identity);
      return signed.ok ? HttpResponse.text('ok') : new HttpResponse(null, { status: 403 });
    }),
  ],
});

const alice = sts.createUser({ accountId: '111111111111', userName: 'alice' });
const deployer = sts.createRole({
  accountId: '222222222222',
  roleName: 'deployer',
  trustPolicy: {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { AWS: alice.arn }, Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'] },
    ],
  },
});
const readOnly = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }],
});

function resolved(credentials: Credentials) {
  return {
    accessKeyId: credentials.AccessKeyId!,
    secretAccessKey: credentials.SecretAccessKey!,
    sessionToken: credentials.SessionToken!,
  };
}

interface Keys {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

function client(credentials: Keys): STSClient {
  return new STSClient({ region: 'eu-west-1', credentials, maxAttempts: 1 });
}

async function roleSession(sourceIdentity?: string): Promise<Credentials> {
  const out = await client(alice.credentials).send(
    new AssumeRoleCommand({
      RoleArn: deployer.arn,
      RoleSessionName: 'deploy-1',
      ...(sourceIdentity === undefined ? {} : { SourceIdentity: sourceIdentity }),
    }),
  );
  return out.Credentials!;
}

async function scope(credentials: Credentials, input: GetScopedCredentialsCommandInput) {
  return client(resolved(credentials)).send(new GetScopedCredentialsCommand(input));
}

async function scopeFails(credentials: Credentials | Keys, input: GetScopedCredentialsCommandInput) {
  const on = client('accessKeyId' in credentials ? credentials : resolved(credentials));
  const error = await failure(on.send(new GetScopedCredentialsCommand(input)));
  return { name: error.name, message: error.message, status: error.$metadata.httpStatusCode };
}

describe('GetScopedCredentials', () => {
  test('narrows a role session and keeps its identity: same ARN, user id and source identity, policy stored', async () => {
    const session = await roleSession('alice');
    const out = await scope(session, { Policy: readOnly });
    expect(out.SessionInfo).toEqual({
      Arn: 'arn:aws:sts::222222222222:assumed-role/deployer/deploy-1',
      ScopedSessionId: `${deployer.roleId}:deploy-1`,
    });
    expect(out.ScopedPoliciesCount).toBe(1);
    expect(out.SourceIdentity).toBe('alice');
    expect(out.Credentials?.AccessKeyId).not.toBe(session.AccessKeyId);
    // No DurationSeconds: the scoped credentials end when the caller's do.
    expect(out.Credentials?.Expiration).toEqual(session.Expiration);
    expect(out.SessionTokenSize).toBe(out.Credentials?.SessionToken?.length);

    const identity = await client(resolved(out.Credentials!)).send(new GetCallerIdentityCommand({}));
    expect(identity.Arn).toBe('arn:aws:sts::222222222222:assumed-role/deployer/deploy-1');
    expect(identity.UserId).toBe(`${deployer.roleId}:deploy-1`);

    const { S3Client, GetObjectCommand } = await import('@aws-sdk/client-s3');
    const s3 = new S3Client({ region: 'eu-west-1', credentials: resolved(out.Credentials!), maxAttempts: 1 });
    await s3.send(new GetObjectCommand({ Bucket: 'reports', Key: 'q1.csv' }));
    expect(seen.at(-1)).toMatchObject({
      arn: 'arn:aws:sts::222222222222:assumed-role/deployer/deploy-1',
      type: 'assumed-role',
      scopedPolicies: [readOnly],
      sourceIdentity: 'alice',
    });
  });

  test('layers add up to three; a fourth Policy is denied, a shorter duration alone is not', async () => {
    let credentials = await roleSession();
    for (const count of [1, 2, 3]) {
      const out = await scope(credentials, { Policy: readOnly });
      expect(out.ScopedPoliciesCount).toBe(count);
      credentials = out.Credentials!;
    }
    expect(await scopeFails(credentials, { Policy: readOnly })).toEqual({
      name: 'AccessDenied',
      status: 403,
      message:
        'The calling session already has 3 scope-down policies; GetScopedCredentials cannot add another.',
    });
    const shorter = await scope(credentials, { DurationSeconds: 60 });
    expect(shorter.ScopedPoliciesCount).toBe(3);
  });

  test('DurationSeconds shortens the session and can never extend it', async () => {
    const session = await roleSession();
    const out = await scope(session, { DurationSeconds: 900 });
    const at = sts.calls.at(-1)!.at.getTime();
    expect(out.Credentials?.Expiration?.getTime()).toBe(Math.floor(at / 1000) * 1000 + 900_000);
    expect(out.ScopedPoliciesCount).toBe(0);
    const longer = await scopeFails(session, { DurationSeconds: 7200 });
    expect(longer).toMatchObject({ name: 'InsufficientSessionLifetimeException', status: 400 });
    expect(longer.message).toMatch(
      /^The requested DurationSeconds \(7200\) exceeds the remaining lifetime of the calling session \(\d+ seconds\)\.$/,
    );
  });

  test('GetSessionToken credentials of a user can be scoped; the user ARN stays', async () => {
    const token = await client(alice.credentials).send(new GetSessionTokenCommand({}));
    const out = await scope(token.Credentials!, { Policy: readOnly });
    expect(out.SessionInfo).toEqual({ Arn: alice.arn, ScopedSessionId: alice.userId });
    const identity = await client(resolved(out.Credentials!)).send(new GetCallerIdentityCommand({}));
    expect(identity.Arn).toBe(alice.arn);
  });

  test('long-term user keys are refused', async () => {
    expect(await scopeFails(alice.credentials, { Policy: readOnly })).toEqual({
      name: 'InvalidSubjectCredentialsException',
      status: 400,
      message:
        'GetScopedCredentials must be called with temporary security credentials other than root credentials.',
    });
  });

  test.each([
    [{}, 'At least one of Policy or DurationSeconds must be specified.'],
    [
      { DurationSeconds: 0 },
      "1 validation error detected: Value '0' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 1",
    ],
    [
      { DurationSeconds: 129601 },
      "1 validation error detected: Value '129601' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 129600",
    ],
    [
      { DurationSeconds: 60, ScopedSessionDescription: 'd'.repeat(257) },
      `1 validation error detected: Value '${'d'.repeat(257)}' at 'scopedSessionDescription' failed to satisfy constraint: Member must have length less than or equal to 256`,
    ],
    [
      { DurationSeconds: 60, MinimumSessionTokenSize: 4097 },
      "1 validation error detected: Value '4097' at 'minimumSessionTokenSize' failed to satisfy constraint: Member must have value less than or equal to 4096",
    ],
  ] as const)('%o is a ValidationError', async (input, message) => {
    const session = await roleSession();
    expect(await scopeFails(session, input)).toEqual({ name: 'ValidationError', status: 400, message });
  });

  test('a policy that is too long or not JSON is refused with its own error', async () => {
    const session = await roleSession();
    const long = await scopeFails(session, { Policy: `{"Statement":[]${' '.repeat(2040)}}` });
    expect(long).toMatchObject({ name: 'ValidationError', status: 400 });
    expect(long.message).toContain(
      "at 'policy' failed to satisfy constraint: Member must have length less than or equal to 2048",
    );
    expect(await scopeFails(session, { Policy: 'not json' })).toEqual({
      name: 'MalformedPolicyDocumentException',
      status: 400,
      message: 'The policy is not in the valid JSON format.',
    });
  });

  test('the global endpoint does not serve it', async () => {
    const session = await roleSession();
    const global = new STSClient({
      region: 'us-east-1',
      endpoint: 'https://sts.amazonaws.com',
      credentials: resolved(session),
      maxAttempts: 1,
    });
    const error = await failure(global.send(new GetScopedCredentialsCommand({ DurationSeconds: 60 })));
    expect(error).toMatchObject({
      name: 'InvalidAction',
      message:
        'GetScopedCredentials is not available on the STS global endpoint; send it to a Regional endpoint',
    });
  });

  test('the calls log names the caller and never holds the new secret', async () => {
    const session = await roleSession();
    const out = await scope(session, { DurationSeconds: 60, ScopedSessionDescription: 'nightly export' });
    const call = sts.calls.at(-1)!;
    expect(call).toMatchObject({
      action: 'GetScopedCredentials',
      status: 200,
      caller: { arn: 'arn:aws:sts::222222222222:assumed-role/deployer/deploy-1' },
      params: { DurationSeconds: '60', ScopedSessionDescription: 'nightly export' },
    });
    expect(inspect(sts.calls, { depth: 10 })).not.toContain(out.Credentials!.SecretAccessKey!);
  });
});
