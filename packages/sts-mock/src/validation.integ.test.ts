import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AssumeRoleCommandInput, Credentials } from '@aws-sdk/client-sts';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createStsMock, failOnUnhandledRequests } from '@rolechain/sts-mock';
import { failure } from './test-support/sts-failure';
import { testSessionDataChecks } from './test-support/session-data-checks';

const sts = createStsMock();
const server = setupServer(...sts.handlers);
beforeAll(() => {
  server.listen(failOnUnhandledRequests);
});
afterAll(() => {
  server.close();
});

const alice = sts.createUser({ accountId: '111111111111', userName: 'alice' });
const permissive = (principal: string) => ({
  Version: '2012-10-17' as const,
  Statement: [
    {
      Effect: 'Allow' as const,
      Principal: { AWS: principal },
      Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'],
    },
  ],
});
const hub = sts.createRole({
  accountId: '222222222222',
  roleName: 'hub',
  trustPolicy: permissive(alice.arn),
});
const spoke = sts.createRole({
  accountId: '333333333333',
  roleName: 'spoke',
  trustPolicy: permissive(hub.arn),
});

const client = new STSClient({ region: 'us-east-1', credentials: alice.credentials, maxAttempts: 1 });

function sessionClient(credentials: Credentials): STSClient {
  return new STSClient({
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: {
      accessKeyId: credentials.AccessKeyId!,
      secretAccessKey: credentials.SecretAccessKey!,
      sessionToken: credentials.SessionToken!,
    },
  });
}

async function assumeFails(input: Partial<AssumeRoleCommandInput>, on: STSClient = client) {
  const error = await failure(
    on.send(
      new AssumeRoleCommand({
        RoleArn: hub.arn,
        RoleSessionName: 'valid-name',
        ...input,
      }),
    ),
  );
  return { name: error.name, message: error.message, status: error.$metadata.httpStatusCode };
}

const member = (value: string, field: string, constraint: string) =>
  `1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: Member ${constraint}`;

describe('AssumeRole member constraints (ValidationError, 400)', () => {
  test.each<[string, Partial<AssumeRoleCommandInput>, string]>([
    // The SDK sends an empty string as `Policy=`: a value STS checks (both of its constraints), not an
    // absent member.
    [
      'an empty session policy',
      { Policy: '' },
      "2 validation errors detected: Value '' at 'policy' failed to satisfy constraint: Member must have " +
        "length greater than or equal to 1; Value '' at 'policy' failed to satisfy constraint: Member must " +
        'satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+',
    ],
    [
      'an empty external id',
      { ExternalId: '' },
      member('', 'externalId', 'must have length greater than or equal to 2'),
    ],
    [
      'an empty session name',
      { RoleSessionName: '' },
      member('', 'roleSessionName', 'must have length greater than or equal to 2'),
    ],
    [
      'a one-character session name',
      { RoleSessionName: 'a' },
      member('a', 'roleSessionName', 'must have length greater than or equal to 2'),
    ],
    [
      'a 65-character session name',
      { RoleSessionName: 'n'.repeat(65) },
      member('n'.repeat(65), 'roleSessionName', 'must have length less than or equal to 64'),
    ],
    [
      'a session name with a slash',
      { RoleSessionName: 'ci/42' },
      member('ci/42', 'roleSessionName', 'must satisfy regular expression pattern: [\\w+=,.@-]*'),
    ],
    [
      'a missing session name',
      { RoleSessionName: undefined },
      "1 validation error detected: Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null",
    ],
    [
      'a too-short role ARN',
      { RoleArn: 'arn:aws:iam::1:r/x' },
      member('arn:aws:iam::1:r/x', 'roleArn', 'must have length greater than or equal to 20'),
    ],
    [
      'DurationSeconds 899',
      { DurationSeconds: 899 },
      member('899', 'durationSeconds', 'must have value greater than or equal to 900'),
    ],
    [
      'DurationSeconds 43201',
      { DurationSeconds: 43201 },
      member('43201', 'durationSeconds', 'must have value less than or equal to 43200'),
    ],
    [
      'a one-character external id',
      { ExternalId: 'x' },
      member('x', 'externalId', 'must have length greater than or equal to 2'),
    ],
    [
      'an external id with a space',
      { ExternalId: 'a b' },
      member('a b', 'externalId', 'must satisfy regular expression pattern: [\\w+=,.@:\\/-]*'),
    ],
    [
      'a short MFA serial',
      { SerialNumber: 'arn:mfa', TokenCode: '123456' },
      member('arn:mfa', 'serialNumber', 'must have length greater than or equal to 9'),
    ],
    [
      'a one-character source identity',
      { SourceIdentity: 'x' },
      member('x', 'sourceIdentity', 'must have length greater than or equal to 2'),
    ],
    [
      'a 2049-character policy',
      { Policy: ' '.repeat(2049) },
      member(' '.repeat(2049), 'policy', 'must have length less than or equal to 2048'),
    ],
    [
      'a 129-character tag key',
      { Tags: [{ Key: 'k'.repeat(129), Value: 'v' }] },
      member('k'.repeat(129), 'tags.1.member.key', 'must have length less than or equal to 128'),
    ],
    [
      'a 257-character tag value',
      { Tags: [{ Key: 'k', Value: 'v'.repeat(257) }] },
      member('v'.repeat(257), 'tags.1.member.value', 'must have length less than or equal to 256'),
    ],
    [
      '51 tags',
      { Tags: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) },
      member('[51 tags]', 'tags', 'must have length less than or equal to 50'),
    ],
    [
      '11 policy ARNs',
      { PolicyArns: Array.from({ length: 11 }, (_, i) => ({ arn: `arn:aws:iam::aws:policy/P${i}` })) },
      member('[11 policy ARNs]', 'policyArns', 'must have length less than or equal to 10'),
    ],
  ])('%s', async (_, input, message) => {
    expect(await assumeFails(input)).toEqual({ name: 'ValidationError', message, status: 400 });
  });

  test('several broken members are reported together', async () => {
    const { message } = await assumeFails({ RoleSessionName: 'a b', DurationSeconds: 100 });
    expect(message).toMatch(
      /^2 validation errors detected: Value 'a b' at 'roleSessionName' .*; Value '100' at 'durationSeconds' /,
    );
  });
});

describe('AssumeRole rules across members', () => {
  test('an ARN that is not a role ARN is invalid', async () => {
    expect(await assumeFails({ RoleArn: 'arn:aws:iam::222222222222:user/hub' })).toEqual({
      name: 'ValidationError',
      message: 'arn:aws:iam::222222222222:user/hub is invalid',
      status: 400,
    });
  });

  test('a role that does not exist is AccessDenied, like a role that does not trust you', async () => {
    expect(await assumeFails({ RoleArn: 'arn:aws:iam::222222222222:role/nope' })).toEqual({
      name: 'AccessDenied',
      message: `User: ${alice.arn} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/nope`,
      status: 403,
    });
  });

  test("DurationSeconds above the role's MaxSessionDuration", async () => {
    expect(await assumeFails({ DurationSeconds: 7200 })).toEqual({
      name: 'ValidationError',
      message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      status: 400,
    });
  });

  testSessionDataChecks(assumeFails, () => sts.calls.at(-1)?.errorCode);

  test('a transitive tag key must be one of the tags', async () => {
    const result = await assumeFails({ Tags: [{ Key: 'team', Value: 'a' }], TransitiveTagKeys: ['project'] });
    expect(result).toMatchObject({ name: 'ValidationError', status: 400 });
    expect(result.message).toContain("'project'");
  });

  test('a source identity may not use the aws: prefix', async () => {
    expect(await assumeFails({ SourceIdentity: 'aws:alice' })).toMatchObject({
      name: 'ValidationError',
      status: 400,
    });
  });

  test('a small session policy and tags report their token utilization and size', async () => {
    const out = await client.send(
      new AssumeRoleCommand({
        RoleArn: hub.arn,
        RoleSessionName: 'packed',
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
        }),
        Tags: [{ Key: 'team', Value: 'platform' }],
      }),
    );
    expect(out.SessionTokenUtilization).toBeGreaterThan(0);
    expect(out.SessionTokenUtilization).toBeLessThanOrEqual(100);
    expect(out.SessionTokenSize).toBe(Buffer.byteLength(out.Credentials!.SessionToken!));
  });

  test('MinimumSessionTokenSize pads the session token', async () => {
    const out = await client.send(
      new AssumeRoleCommand({ RoleArn: hub.arn, RoleSessionName: 'padded', MinimumSessionTokenSize: 2048 }),
    );
    expect(out.Credentials!.SessionToken!.length).toBe(2048);
    expect(out.SessionTokenSize).toBe(2048);
    expect(await assumeFails({ MinimumSessionTokenSize: 4097 })).toMatchObject({
      name: 'ValidationError',
      status: 400,
    });
  });
});

describe('role chaining', () => {
  async function hubSession(input: Partial<AssumeRoleCommandInput>) {
    const out = await client.send(
      new AssumeRoleCommand({ RoleArn: hub.arn, RoleSessionName: 'hub', ...input }),
    );
    return sessionClient(out.Credentials!);
  }

  test('the source identity carries into the chained session and cannot be changed there', async () => {
    const hubClient = await hubSession({ SourceIdentity: 'alice' });
    const chained = await hubClient.send(
      new AssumeRoleCommand({ RoleArn: spoke.arn, RoleSessionName: 'spoke' }),
    );
    expect(chained.SourceIdentity).toBe('alice');
    const result = await assumeFails({ RoleArn: spoke.arn, SourceIdentity: 'mallory' }, hubClient);
    expect(result).toMatchObject({ name: 'ValidationError', status: 400 });
  });

  test('transitive tags pass on; a chained call may not pass a tag with the same key', async () => {
    const hubClient = await hubSession({
      Tags: [{ Key: 'Project', Value: 'apollo' }],
      TransitiveTagKeys: ['Project'],
    });
    const result = await assumeFails(
      { RoleArn: spoke.arn, Tags: [{ Key: 'project', Value: 'gemini' }] },
      hubClient,
    );
    expect(result).toMatchObject({ name: 'ValidationError', status: 400 });
    expect(result.message).toContain("'project'");
  });

  test('the one-hour chaining limit applies even when the role allows 12 hours', async () => {
    const hubClient = await hubSession({});
    const long = sts.createRole({
      accountId: '333333333333',
      roleName: 'long',
      maxSessionDuration: 43200,
      trustedPrincipals: [hub.arn],
    });
    expect(await assumeFails({ RoleArn: long.arn, DurationSeconds: 3601 }, hubClient)).toEqual({
      name: 'ValidationError',
      message:
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
      status: 400,
    });
    const ok = await hubClient.send(
      new AssumeRoleCommand({ RoleArn: long.arn, RoleSessionName: 'ok', DurationSeconds: 3600 }),
    );
    expect(ok.Credentials?.AccessKeyId).toMatch(/^ASIA/);
  });
});
