import { inspect } from 'node:util';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  AssumeRoleCommand,
  GetAccessKeyInfoCommand,
  GetCallerIdentityCommand,
  GetFederationTokenCommand,
  GetSessionTokenCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import type { Credentials, GetFederationTokenCommandInput } from '@aws-sdk/client-sts';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { AuthenticateResult } from '@rolechain/sts-mock';
import { stsMatchers, useStsMock } from '@rolechain/sts-mock/vitest';
import { failure } from './test-support/sts-failure';
import { testSessionDataChecks } from './test-support/session-data-checks';

expect.extend(stsMatchers);

const signedBy: AuthenticateResult[] = [];
const { sts, server } = useStsMock({
  handlers: (sts) => [
    http.get(/^https:\/\/reports\.s3\.eu-west-1\.amazonaws\.com\//, async ({ request }) => {
      const signed = await sts.authenticate(request);
      signedBy.push(signed);
      return signed.ok
        ? HttpResponse.text('quarterly numbers')
        : new HttpResponse(null, { status: signed.error.status });
    }),
  ],
});
afterEach(() => {
  vi.useRealTimers();
  signedBy.length = 0;
});

const broker = sts.createUser({ accountId: '111111111111', userName: 'broker', tags: { team: 'web' } });
// Trusts every identity of the broker's account, federated users included as far as the policy goes.
const role = sts.createRole({
  accountId: '222222222222',
  roleName: 'app',
  trustedPrincipals: ['111111111111'],
});
const readReports = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }],
});

const brokerClient = new STSClient({ region: 'us-east-1', credentials: broker.credentials, maxAttempts: 1 });

function resolved(credentials: Credentials) {
  return {
    accessKeyId: credentials.AccessKeyId!,
    secretAccessKey: credentials.SecretAccessKey!,
    sessionToken: credentials.SessionToken!,
  };
}

function sessionClient(credentials: Credentials): STSClient {
  return new STSClient({ region: 'us-east-1', credentials: resolved(credentials), maxAttempts: 1 });
}

async function federate(input: Partial<GetFederationTokenCommandInput> = {}, on: STSClient = brokerClient) {
  return on.send(new GetFederationTokenCommand({ Name: 'bob', ...input }));
}

async function federateFails(input: Partial<GetFederationTokenCommandInput>, on: STSClient = brokerClient) {
  const error = await failure(federate(input, on));
  return { name: error.name, message: error.message, status: error.$metadata.httpStatusCode };
}

describe('GetFederationToken', () => {
  test('answers the exact GetFederationTokenResult document, with the packed size of its policy', async () => {
    const bodies: Promise<string>[] = [];
    const listener = ({ response }: { response: Response }): void => {
      bodies.push(response.clone().text());
    };
    server.events.on('response:mocked', listener);
    const out = await federate({ Policy: readReports }).finally(() => {
      server.events.removeListener('response:mocked', listener);
    });
    const credentials = out.Credentials!;
    expect(await Promise.all(bodies)).toEqual([
      '<GetFederationTokenResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n' +
        '  <GetFederationTokenResult>\n' +
        '    <Credentials>\n' +
        `      <AccessKeyId>${credentials.AccessKeyId!}</AccessKeyId>\n` +
        `      <SecretAccessKey>${credentials.SecretAccessKey!}</SecretAccessKey>\n` +
        `      <SessionToken>${credentials.SessionToken!}</SessionToken>\n` +
        `      <Expiration>${credentials.Expiration!.toISOString().replace('.000Z', 'Z')}</Expiration>\n` +
        '    </Credentials>\n' +
        '    <FederatedUser>\n' +
        '      <FederatedUserId>111111111111:bob</FederatedUserId>\n' +
        '      <Arn>arn:aws:sts::111111111111:federated-user/bob</Arn>\n' +
        '    </FederatedUser>\n' +
        `    <PackedPolicySize>${out.SessionTokenUtilization!}</PackedPolicySize>\n` +
        `    <SessionTokenUtilization>${out.SessionTokenUtilization!}</SessionTokenUtilization>\n` +
        `    <SessionTokenSize>${credentials.SessionToken!.length}</SessionTokenSize>\n` +
        '  </GetFederationTokenResult>\n' +
        '  <ResponseMetadata>\n' +
        `    <RequestId>${out.$metadata.requestId!}</RequestId>\n` +
        '  </ResponseMetadata>\n' +
        '</GetFederationTokenResponse>\n',
    ]);
    expect(credentials.AccessKeyId).toMatch(/^ASIA/);
    expect(out.SessionTokenUtilization).toBeGreaterThan(0);
  });

  test('the credentials sign as the federated user in STS and in other services', async () => {
    sts.createManagedPolicy({
      accountId: 'aws',
      name: 'ReadOnlyAccess',
      document: { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:Get*', Resource: '*' } },
    });
    const out = await federate({
      Name: 'bob@example.com',
      Policy: readReports,
      PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
      Tags: [{ Key: 'Project', Value: 'apollo' }],
    });
    const arn = 'arn:aws:sts::111111111111:federated-user/bob@example.com';
    expect(out.FederatedUser).toEqual({ FederatedUserId: '111111111111:bob@example.com', Arn: arn });
    expect(out.SessionTokenUtilization).toBeGreaterThan(0);

    const identity = await sessionClient(out.Credentials!).send(new GetCallerIdentityCommand({}));
    expect([identity.Arn, identity.UserId, identity.Account]).toEqual([
      arn,
      '111111111111:bob@example.com',
      '111111111111',
    ]);
    expect(sts.calls.at(-1)).toMatchObject({
      action: 'GetCallerIdentity',
      caller: { arn, accessKeyId: out.Credentials!.AccessKeyId },
    });
    expect(sts).toHaveReceivedStsCall('GetFederationToken', {
      by: broker.arn,
      params: { Name: 'bob@example.com', Policy: readReports },
      times: 1,
    });
    expect(sts).toHaveBeenCalledBy(arn);

    const s3 = new S3Client({ region: 'eu-west-1', credentials: resolved(out.Credentials!), maxAttempts: 1 });
    await s3.send(new GetObjectCommand({ Bucket: 'reports', Key: 'q1.csv' }));
    expect(signedBy).toEqual([
      {
        ok: true,
        identity: {
          arn,
          accountId: '111111111111',
          userId: '111111111111:bob@example.com',
          accessKeyId: out.Credentials!.AccessKeyId,
          type: 'federated-user',
          issuedTo: broker.arn,
          tags: { Project: 'apollo' },
          sessionPolicy: readReports,
          policyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
          mfaAuthenticated: false,
          expiration: out.Credentials!.Expiration,
        },
      },
    ]);
  });

  test('credentials last 12 hours by default and expire on the mock clock', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-05-01T08:00:00Z'));
    const out = await federate();
    expect(out.Credentials!.Expiration).toEqual(new Date('2026-05-01T20:00:00Z'));
    const federated = sessionClient(out.Credentials!);

    vi.setSystemTime(new Date('2026-05-01T19:59:59Z'));
    await expect(federated.send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({
      Arn: 'arn:aws:sts::111111111111:federated-user/bob',
    });
    vi.setSystemTime(new Date('2026-05-01T20:00:00Z'));
    const error = await failure(federated.send(new GetCallerIdentityCommand({})));
    expect([error.name, error.message, error.$metadata.httpStatusCode]).toEqual([
      'ExpiredToken',
      'The security token included in the request is expired',
      403,
    ]);
  });

  test.each([
    [900, '2026-05-01T08:15:00Z'],
    [129600, '2026-05-02T20:00:00Z'],
  ])('DurationSeconds %i is honoured', async (duration, expiration) => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-05-01T08:00:00Z'));
    const out = await federate({ DurationSeconds: duration });
    expect(out.Credentials!.Expiration).toEqual(new Date(expiration));
  });

  test('without policies or tags there is no packed size; MinimumSessionTokenSize pads the token', async () => {
    const out = await federate({ MinimumSessionTokenSize: 2048 });
    expect(out.SessionTokenUtilization).toBeUndefined();
    expect(out.Credentials!.SessionToken!.length).toBe(2048);
    expect(out.SessionTokenSize).toBe(2048);
  });
});

const member = (value: string, field: string, constraint: string) =>
  `1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: Member ${constraint}`;

describe('GetFederationToken member constraints (ValidationError, 400)', () => {
  test.each<[string, Partial<GetFederationTokenCommandInput>, string]>([
    [
      'a missing name',
      { Name: undefined },
      "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null",
    ],
    [
      'a one-character name',
      { Name: 'b' },
      member('b', 'name', 'must have length greater than or equal to 2'),
    ],
    [
      'a 33-character name',
      { Name: 'n'.repeat(33) },
      member('n'.repeat(33), 'name', 'must have length less than or equal to 32'),
    ],
    [
      'a name with a slash',
      { Name: 'team/bob' },
      member('team/bob', 'name', 'must satisfy regular expression pattern: [\\w+=,.@-]*'),
    ],
    [
      'DurationSeconds 899',
      { DurationSeconds: 899 },
      member('899', 'durationSeconds', 'must have value greater than or equal to 900'),
    ],
    [
      'DurationSeconds 129601',
      { DurationSeconds: 129601 },
      member('129601', 'durationSeconds', 'must have value less than or equal to 129600'),
    ],
    [
      'a policy over 2048 characters',
      { Policy: `{"Statement":[],"Sid":"${'x'.repeat(2040)}"}` },
      member(
        `{"Statement":[],"Sid":"${'x'.repeat(2040)}"}`,
        'policy',
        'must have length less than or equal to 2048',
      ),
    ],
    [
      'eleven policy ARNs',
      { PolicyArns: Array.from({ length: 11 }, (_, i) => ({ arn: `arn:aws:iam::aws:policy/P${i}` })) },
      member('[11 policy ARNs]', 'policyArns', 'must have length less than or equal to 10'),
    ],
    [
      'a tag key with a comma',
      { Tags: [{ Key: 'a,b', Value: 'x' }] },
      member(
        'a,b',
        'tags.1.member.key',
        'must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+',
      ),
    ],
    [
      '51 tags',
      { Tags: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) },
      member('[51 tags]', 'tags', 'must have length less than or equal to 50'),
    ],
    [
      'MinimumSessionTokenSize 4097',
      { MinimumSessionTokenSize: 4097 },
      member('4097', 'minimumSessionTokenSize', 'must have value less than or equal to 4096'),
    ],
  ])('%s', async (_, input, message) => {
    expect(await federateFails(input)).toEqual({ name: 'ValidationError', message, status: 400 });
    expect(sts.calls).toMatchObject([
      { action: 'GetFederationToken', status: 400, errorCode: 'ValidationError' },
    ]);
  });

  test('every broken member is listed in one error', async () => {
    const result = await federateFails({ Name: 'b', DurationSeconds: 60 });
    expect(result.message).toBe(
      `2 validation errors detected: Value 'b' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 2; Value '60' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900`,
    );
  });

  testSessionDataChecks(federateFails, () => sts.calls.at(-1)?.errorCode);
});

describe('only long-term user keys may federate', () => {
  const refused = {
    name: 'AccessDenied',
    message: 'Cannot call GetFederationToken with session credentials',
    status: 403,
  };

  test('GetSessionToken credentials are refused', async () => {
    const session = await brokerClient.send(new GetSessionTokenCommand({}));
    expect(await federateFails({}, sessionClient(session.Credentials!))).toEqual(refused);
  });

  test('role session credentials are refused', async () => {
    const assumed = await brokerClient.send(
      new AssumeRoleCommand({ RoleArn: role.arn, RoleSessionName: 'app' }),
    );
    expect(await federateFails({}, sessionClient(assumed.Credentials!))).toEqual(refused);
  });

  test('federated user credentials are refused', async () => {
    const out = await federate();
    expect(await federateFails({ Name: 'carol' }, sessionClient(out.Credentials!))).toEqual(refused);
    expect(sts.calls.at(-1)).toMatchObject({
      caller: { arn: 'arn:aws:sts::111111111111:federated-user/bob' },
      status: 403,
      errorCode: 'AccessDenied',
    });
  });
});

describe('a federated user can call no STS action but GetCallerIdentity', () => {
  test("AssumeRole is denied, even for a role that trusts the user's whole account", async () => {
    const out = await federate();
    const result = await failure(
      sessionClient(out.Credentials!).send(
        new AssumeRoleCommand({ RoleArn: role.arn, RoleSessionName: 'hop' }),
      ),
    );
    expect([result.name, result.message, result.$metadata.httpStatusCode]).toEqual([
      'AccessDenied',
      `User: arn:aws:sts::111111111111:federated-user/bob is not authorized to perform: sts:AssumeRole on resource: ${role.arn}`,
      403,
    ]);
  });

  test('GetSessionToken is refused like any session credentials', async () => {
    const out = await federate();
    const result = await failure(sessionClient(out.Credentials!).send(new GetSessionTokenCommand({})));
    expect([result.name, result.message, result.$metadata.httpStatusCode]).toEqual([
      'AccessDenied',
      'Cannot call GetSessionToken with session credentials',
      403,
    ]);
  });

  test('GetAccessKeyInfo is denied', async () => {
    const out = await federate();
    const result = await failure(
      sessionClient(out.Credentials!).send(new GetAccessKeyInfoCommand({ AccessKeyId: broker.accessKeyId })),
    );
    expect([result.name, result.message, result.$metadata.httpStatusCode]).toEqual([
      'AccessDenied',
      'User: arn:aws:sts::111111111111:federated-user/bob is not authorized to perform: sts:GetAccessKeyInfo',
      403,
    ]);
  });
});

describe('faults and secrets', () => {
  test('an injected fault answers GetFederationToken with its real status', async () => {
    sts.inject({ action: 'GetFederationToken', error: 'RegionDisabledException', times: 1 });
    const error = await failure(federate());
    expect([error.name, error.$metadata.httpStatusCode]).toEqual(['RegionDisabledException', 403]);
    await expect(federate()).resolves.toMatchObject({
      FederatedUser: { Arn: 'arn:aws:sts::111111111111:federated-user/bob' },
    });
    expect(sts.calls.map((call) => [call.action, call.status, call.errorCode])).toEqual([
      ['GetFederationToken', 403, 'RegionDisabledException'],
      ['GetFederationToken', 200, undefined],
    ]);
  });

  test('the issued secret and token reach neither the calls log nor the errors made with them', async () => {
    const out = await federate({ Policy: readReports });
    const federated = sessionClient(out.Credentials!);
    const errors = await Promise.all([
      failure(federated.send(new AssumeRoleCommand({ RoleArn: role.arn, RoleSessionName: 'hop' }))),
      failure(federated.send(new GetFederationTokenCommand({ Name: 'carol' }))),
    ]);
    const printed = [
      JSON.stringify(sts.calls),
      inspect(sts.calls, { depth: 10 }),
      inspect(sts, { depth: 5 }),
      ...errors.map((error) => `${error.message} ${inspect(error, { depth: 5 })}`),
    ];
    for (const text of printed) {
      expect(text).not.toContain(out.Credentials!.SecretAccessKey!);
      expect(text).not.toContain(out.Credentials!.SessionToken!);
      expect(text).not.toContain(broker.secretAccessKey);
    }
    expect(sts.calls[0]?.params).toEqual({ Name: 'bob', Policy: readReports });
  });
});
